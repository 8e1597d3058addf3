/*
 * K-Means' passes over the rows in WebAssembly (AssemblyScript, 128-bit SIMD): Lloyd's assignment
 * of a block of rows (a full scan, or Hamerly's bounds — shifted by the centres' last move — and a
 * full scan of each row they do not clear) fused with the sums of the centres' next means; the final
 * assignment and inertia; k-means++'s passes (the first centre's distances, its candidates'
 * potentials, the chosen one's adoption); Hartigan's moves; the swap search's costs; the
 * silhouette's sums.
 *
 * Exactly the arithmetic of the JavaScript kernel in ../kmeans.ts, which stays the oracle and the
 * fallback (a property test keeps them equal to the bit): a squared distance adds four sums over
 * the features f mod 4, blocks of four in order, the rest into the first, then s0 + s1 + (s2 + s3)
 * — the SIMD lanes hold s0,s1 and s2,s3 (`dist`), or one centre each of two whose features are
 * laid out feature-major (`pairDist`: the row is read once per pair, and no lanes are added
 * across; about a fifth faster); the sums of a centre add its rows in row order, a lane per
 * feature. No fused multiply-add, no reassociation.
 *
 * Written by hand: no maintained WebAssembly library does K-Means with these bounds, and the point
 * is to keep the JavaScript kernel's exact arithmetic (so a seed gives the same model everywhere).
 *
 * Compiled by scripts/build-wasm.mjs into lloydKernel.wasm.ts (base64), which is committed; a
 * test recompiles and compares. Pointers are byte addresses in the memory the caller provides.
 */

/** As `BOUND_MARGIN` in ../kmeans.ts: bounds skip only what is clearly inside them. */
const BOUND_MARGIN: f64 = 1 + 1e-9;

@inline
function dist(x: usize, c: usize, d: i32): f64 {
  let acc01 = f64x2.splat(0);
  let acc23 = f64x2.splat(0);
  let f = 0;
  for (; f < d - 3; f += 4) {
    const o = (<usize>f) << 3;
    const a = f64x2.sub(v128.load(x + o), v128.load(c + o));
    const b = f64x2.sub(v128.load(x + o + 16), v128.load(c + o + 16));
    acc01 = f64x2.add(acc01, f64x2.mul(a, a));
    acc23 = f64x2.add(acc23, f64x2.mul(b, b));
  }
  let s0 = f64x2.extract_lane(acc01, 0);
  for (; f < d; f++) {
    const o = (<usize>f) << 3;
    const diff = load<f64>(x + o) - load<f64>(c + o);
    s0 += diff * diff;
  }
  return s0 + f64x2.extract_lane(acc01, 1) + (f64x2.extract_lane(acc23, 0) + f64x2.extract_lane(acc23, 1));
}

/**
 * Squared distances from the row at `x` to two centres at once, a lane each: `cT` points at the
 * pair's first centre in a feature-major table (feature f of the pair at `cT + f × stride`). The
 * same additions as `dist` for each centre: four sums over f mod 4 in order, the rest into the
 * first, then (s0 + s1) + (s2 + s3).
 */
@inline
function pairDist(x: usize, cT: usize, stride: usize, d: i32): v128 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let col = cT;
  let f = 0;
  for (; f < d - 3; f += 4) {
    const o = (<usize>f) << 3;
    const e0 = f64x2.sub(v128.load64_splat(x + o), v128.load(col));
    const e1 = f64x2.sub(v128.load64_splat(x + o + 8), v128.load(col + stride));
    const e2 = f64x2.sub(v128.load64_splat(x + o + 16), v128.load(col + 2 * stride));
    const e3 = f64x2.sub(v128.load64_splat(x + o + 24), v128.load(col + 3 * stride));
    a0 = f64x2.add(a0, f64x2.mul(e0, e0));
    a1 = f64x2.add(a1, f64x2.mul(e1, e1));
    a2 = f64x2.add(a2, f64x2.mul(e2, e2));
    a3 = f64x2.add(a3, f64x2.mul(e3, e3));
    col += 4 * stride;
  }
  for (; f < d; f++) {
    const e = f64x2.sub(v128.load64_splat(x + ((<usize>f) << 3)), v128.load(col));
    a0 = f64x2.add(a0, f64x2.mul(e, e));
    col += stride;
  }
  return f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
}

/** The nearest centre and the second-nearest distance of the last `nearestTwo` (this instance's own). */
let scanNearest: i32 = 0;
let scanSecond: f64 = 0;

/**
 * The squared distance from the row at `x` to its nearest of k centres (two at a time from the
 * feature-major `cT`, compared in index order: the lowest index of equals), that centre in
 * `scanNearest` and the second-nearest distance in `scanSecond`.
 */
// @ts-ignore: decorator
@inline
function nearestTwo(x: usize, cT: usize, stride: usize, pairs: i32, k: i32, d: i32): f64 {
  let best = Infinity;
  let second = Infinity;
  let bestC = 0;
  for (let p = 0; p < pairs; p++) {
    const both = pairDist(x, cT + ((<usize>p) << 4), stride, d);
    const j = p << 1;
    const s = f64x2.extract_lane(both, 0);
    if (s < best) {
      second = best;
      best = s;
      bestC = j;
    } else if (s < second) second = s;
    if (j + 1 < k) {
      const t = f64x2.extract_lane(both, 1);
      if (t < best) {
        second = best;
        best = t;
        bestC = j + 1;
      } else if (t < second) second = t;
    }
  }
  scanNearest = bestC;
  scanSecond = second;
  return best;
}

/** As `pairDist` for two rows at once (`xa`, `xb`): row b's pair returned, row a's in `pairA`. */
let pairA: v128 = f64x2.splat(0);
// @ts-ignore: decorator
@inline
function pairDist2(xa: usize, xb: usize, cT: usize, stride: usize, d: i32): v128 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0);
  let b1 = f64x2.splat(0);
  let b2 = f64x2.splat(0);
  let b3 = f64x2.splat(0);
  let col = cT;
  let f = 0;
  for (; f < d - 3; f += 4) {
    const o = (<usize>f) << 3;
    const c0 = v128.load(col);
    const c1 = v128.load(col + stride);
    const c2 = v128.load(col + 2 * stride);
    const c3 = v128.load(col + 3 * stride);
    const e0 = f64x2.sub(v128.load64_splat(xa + o), c0);
    const e1 = f64x2.sub(v128.load64_splat(xa + o + 8), c1);
    const e2 = f64x2.sub(v128.load64_splat(xa + o + 16), c2);
    const e3 = f64x2.sub(v128.load64_splat(xa + o + 24), c3);
    const g0 = f64x2.sub(v128.load64_splat(xb + o), c0);
    const g1 = f64x2.sub(v128.load64_splat(xb + o + 8), c1);
    const g2 = f64x2.sub(v128.load64_splat(xb + o + 16), c2);
    const g3 = f64x2.sub(v128.load64_splat(xb + o + 24), c3);
    a0 = f64x2.add(a0, f64x2.mul(e0, e0));
    a1 = f64x2.add(a1, f64x2.mul(e1, e1));
    a2 = f64x2.add(a2, f64x2.mul(e2, e2));
    a3 = f64x2.add(a3, f64x2.mul(e3, e3));
    b0 = f64x2.add(b0, f64x2.mul(g0, g0));
    b1 = f64x2.add(b1, f64x2.mul(g1, g1));
    b2 = f64x2.add(b2, f64x2.mul(g2, g2));
    b3 = f64x2.add(b3, f64x2.mul(g3, g3));
    col += 4 * stride;
  }
  for (; f < d; f++) {
    const c = v128.load(col);
    const e = f64x2.sub(v128.load64_splat(xa + ((<usize>f) << 3)), c);
    const g = f64x2.sub(v128.load64_splat(xb + ((<usize>f) << 3)), c);
    a0 = f64x2.add(a0, f64x2.mul(e, e));
    b0 = f64x2.add(b0, f64x2.mul(g, g));
    col += stride;
  }
  pairA = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  return f64x2.add(f64x2.add(b0, b1), f64x2.add(b2, b3));
}

let scanNearestB: i32 = 0;
let scanSecondB: f64 = 0;
let scanBestB: f64 = 0;

/**
 * `nearestTwo` for two rows: row a's results as `nearestTwo` leaves them (and returns), row b's in
 * the B globals. The centres' columns are read once for both rows, and the comparisons are the
 * same but made as selections, a lane per row: as branches they were mispredicted about as often
 * as not, and each miss threw away the next pair's distances, already under way (a third of the
 * scan's time).
 */
// @ts-ignore: decorator
@inline
function nearestTwoRows(xa: usize, xb: usize, cT: usize, stride: usize, pairs: i32, k: i32, d: i32): f64 {
  // Lanes: row a, row b. The same comparisons as `nearestTwo`'s, as selections.
  let best = f64x2.splat(Infinity);
  let second = f64x2.splat(Infinity);
  let bestC = i64x2.splat(0);
  for (let p = 0; p < pairs; p++) {
    const bothB = pairDist2(xa, xb, cT + ((<usize>p) << 4), stride, d);
    const bothA = pairA;
    const j = p << 1;
    const s = v128.shuffle<f64>(bothA, bothB, 0, 2);
    let lt = f64x2.lt(s, best);
    second = v128.bitselect(best, v128.bitselect(s, second, f64x2.lt(s, second)), lt);
    best = v128.bitselect(s, best, lt);
    bestC = v128.bitselect(i64x2.splat(j), bestC, lt);
    if (j + 1 < k) {
      const t = v128.shuffle<f64>(bothA, bothB, 1, 3);
      lt = f64x2.lt(t, best);
      second = v128.bitselect(best, v128.bitselect(t, second, f64x2.lt(t, second)), lt);
      best = v128.bitselect(t, best, lt);
      bestC = v128.bitselect(i64x2.splat(j + 1), bestC, lt);
    }
  }
  scanNearest = <i32>i64x2.extract_lane(bestC, 0);
  scanSecond = f64x2.extract_lane(second, 0);
  scanNearestB = <i32>i64x2.extract_lane(bestC, 1);
  scanSecondB = f64x2.extract_lane(second, 1);
  scanBestB = f64x2.extract_lane(best, 1);
  return f64x2.extract_lane(best, 0);
}

/**
 * Assign `rows` rows at `x` (d features each) to the nearest of k centres, keeping labels, upper
 * and lower bounds (arrays starting at the block's first row), and add each row to its centre's
 * sum (`sums`, k × d) and count (`counts`, k, as f64) — or, in a bounded pass with `moves`, only
 * move a row that changed segment from its old centre's sum and count to its new. `full`: scan
 * every centre (the bounds are not valid yet); else Hamerly's test with `half` (k) first, after
 * shifting the row's bounds by the centres' last move when `shift` (what `shiftBounds` does, the
 * same operations, done here in the same pass over the bounds), and a row that fails it scanned
 * whole. `cT`: the centres feature-major in `pairs` pairs (the last padded), for the scans.
 * Returns how many rows changed segment.
 *
 * Rows to scan are scanned two at a time (`nearestTwoRows`) where that leaves the sums' additions
 * in row order: in a full pass (every row is scanned, so a pair is two neighbours) and with `moves`
 * (a row not scanned keeps its segment and touches no sum); else one at a time. A full pass of 1M
 * rows × 10 features, k = 5, took 36 ms in one thread where one row at a time took 60.
 */
export function lloydBlock(
  x: usize,
  rows: i32,
  d: i32,
  k: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  half: usize,
  full: i32,
  sums: usize,
  counts: usize,
  shift: i32,
  delta: usize,
  maxAt: i32,
  maxDelta: f64,
  secondDelta: f64,
  cT: usize,
  pairs: i32,
  moves: i32,
): i32 {
  let changed = 0;
  const rowBytes = (<usize>d) << 3;
  const stride = (<usize>pairs) << 4;
  const inPairs = full != 0 || moves != 0;
  const everyRow = full != 0 || moves == 0;
  // A row found to need a scan, waiting for a second one.
  let pending = -1;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    if (!full) {
      const ui = upper + ((<usize>i) << 3);
      const wi = lower + ((<usize>i) << 3);
      const a = load<i32>(labels + ((<usize>i) << 2));
      const h = load<f64>(half + ((<usize>a) << 3));
      let up = load<f64>(ui);
      let lw = load<f64>(wi);
      if (shift) {
        up = up + load<f64>(delta + ((<usize>a) << 3));
        lw = lw - (a == maxAt ? secondDelta : maxDelta);
        store<f64>(ui, up);
        store<f64>(wi, lw);
      }
      const bound = h > lw ? h : lw;
      // Measured unless clearly inside (BOUND_MARGIN in ../kmeans.ts).
      if (up * BOUND_MARGIN < bound) {
        // Its segment stays.
        if (everyRow) addRow(sums, counts, row, a, d, 1);
        continue;
      }
    }
    if (!inPairs) {
      const best = nearestTwo(row, cT, stride, pairs, k, d);
      changed += settleRow(x, i, d, labels, upper, lower, sums, counts, scanNearest, best, scanSecond, everyRow);
    } else if (pending < 0) pending = i;
    else {
      const best = nearestTwoRows(x + <usize>pending * rowBytes, row, cT, stride, pairs, k, d);
      changed += settleRow(x, pending, d, labels, upper, lower, sums, counts, scanNearest, best, scanSecond, everyRow);
      changed += settleRow(x, i, d, labels, upper, lower, sums, counts, scanNearestB, scanBestB, scanSecondB, everyRow);
      pending = -1;
    }
  }
  if (pending >= 0) {
    const best = nearestTwo(x + <usize>pending * rowBytes, cT, stride, pairs, k, d);
    changed += settleRow(x, pending, d, labels, upper, lower, sums, counts, scanNearest, best, scanSecond, everyRow);
  }
  return changed;
}

/**
 * A scanned row's outcome: its bounds made tight (the distances to its nearest and second-nearest
 * centres), its label, and its sums (into its centre's when `everyRow`, else moved if it changed
 * segment). Returns 1 if it changed segment.
 */
// @ts-ignore: decorator
@inline
function settleRow(
  x: usize,
  i: i32,
  d: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  sums: usize,
  counts: usize,
  label: i32,
  best: f64,
  second: f64,
  everyRow: bool,
): i32 {
  const row = x + <usize>i * ((<usize>d) << 3);
  const li = labels + ((<usize>i) << 2);
  const before = load<i32>(li);
  store<f64>(upper + ((<usize>i) << 3), Math.sqrt(best));
  store<f64>(lower + ((<usize>i) << 3), Math.sqrt(second));
  store<i32>(li, label);
  if (everyRow) addRow(sums, counts, row, label, d, 1);
  else if (label != before) {
    // Only a row that changed segment moves its sums: out of the old, into the new.
    addRow(sums, counts, row, before, d, -1);
    addRow(sums, counts, row, label, d, 1);
  }
  return label != before ? 1 : 0;
}

/** The row into (`sign` 1) or out of (−1) its centre's sum, a lane per feature, and its count. */
// @ts-ignore: decorator
@inline
function addRow(sums: usize, counts: usize, row: usize, label: i32, d: i32, sign: i32): void {
  const rowBytes = (<usize>d) << 3;
  const sum = sums + <usize>label * rowBytes;
  const count = counts + ((<usize>label) << 3);
  store<f64>(count, load<f64>(count) + <f64>sign);
  let f = 0;
  for (; f < d - 1; f += 2) {
    const o = (<usize>f) << 3;
    const v = v128.load(row + o);
    v128.store(sum + o, sign > 0 ? f64x2.add(v128.load(sum + o), v) : f64x2.sub(v128.load(sum + o), v));
  }
  if (f < d) {
    const o = (<usize>f) << 3;
    const v = load<f64>(row + o);
    store<f64>(sum + o, sign > 0 ? load<f64>(sum + o) + v : load<f64>(sum + o) - v);
  }
}

/**
 * k-means++'s pass for `t` candidate centres at once (`probesT`: feature-major, `pairs` × 2
 * columns, the last padded), over a block of rows: adds to each candidate's potential
 * (`potentials`, a lane each) each row's squared distance to its nearest centre if that
 * candidate joined — the row's `closest`, or its distance to the candidate where nearer. A pair
 * is not measured when the row's nearest centre a has `reach[j × k + a]` ≥ `closest` for both:
 * neither can then come nearer (and where one is measured, the other's distance is not below
 * `closest`, so taking the smaller is the same). Each potential adds its rows in row order (as
 * one pass per candidate would); the rows are read once for all candidates.
 */
export function plusPlusCandidates(
  x: usize,
  rows: i32,
  d: i32,
  probesT: usize,
  pairs: i32,
  k: i32,
  closest: usize,
  nearest: usize,
  reach: usize,
  potentials: usize,
): void {
  const rowBytes = (<usize>d) << 3;
  const stride = (<usize>pairs) << 4;
  const reachBytes = (<usize>k) << 3;
  let i = 0;
  // Two rows at a time (see `nearestTwoRows`), row a's potential added before row b's. A pair of
  // candidates is measured for both rows when either needs it: where the reach rules a row's out,
  // its distances are not below its closest (see above), so taking the smaller keeps the closest.
  for (; i + 1 < rows; i += 2) {
    const row = x + <usize>i * rowBytes;
    const ownA = load<f64>(closest + ((<usize>i) << 3));
    const ownB = load<f64>(closest + ((<usize>i) << 3) + 8);
    const ownVA = f64x2.splat(ownA);
    const ownVB = f64x2.splat(ownB);
    const toA = reach + ((<usize>load<i32>(nearest + ((<usize>i) << 2))) << 3);
    const toB = reach + ((<usize>load<i32>(nearest + ((<usize>i) << 2) + 4)) << 3);
    for (let p = 0; p < pairs; p++) {
      const j = <usize>(p << 1);
      let mA = ownVA;
      let mB = ownVB;
      if (
        load<f64>(toA + j * reachBytes) < ownA ||
        load<f64>(toA + (j + 1) * reachBytes) < ownA ||
        load<f64>(toB + j * reachBytes) < ownB ||
        load<f64>(toB + (j + 1) * reachBytes) < ownB
      ) {
        const sB = pairDist2(row, row + rowBytes, probesT + ((<usize>p) << 4), stride, d);
        const sA = pairA;
        mA = v128.bitselect(sA, ownVA, f64x2.lt(sA, ownVA));
        mB = v128.bitselect(sB, ownVB, f64x2.lt(sB, ownVB));
      }
      const at = potentials + ((<usize>p) << 4);
      v128.store(at, f64x2.add(f64x2.add(v128.load(at), mA), mB));
    }
  }
  for (; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const own = load<f64>(closest + ((<usize>i) << 3));
    const ownV = f64x2.splat(own);
    const toNearest = reach + ((<usize>load<i32>(nearest + ((<usize>i) << 2))) << 3);
    for (let p = 0; p < pairs; p++) {
      const j = <usize>(p << 1);
      let m = ownV;
      if (load<f64>(toNearest + j * reachBytes) < own || load<f64>(toNearest + (j + 1) * reachBytes) < own) {
        const s = pairDist(row, probesT + ((<usize>p) << 4), stride, d);
        m = v128.bitselect(s, ownV, f64x2.lt(s, ownV));
      }
      const at = potentials + ((<usize>p) << 4);
      v128.store(at, f64x2.add(v128.load(at), m));
    }
  }
}

/**
 * k-means++'s first centre (at `probe`): each row's squared distance to it summed feature by
 * feature in order (as `distancesToCentre` in ../kmeans.ts) into `closest`, `nearest` set to 0,
 * and `cumulative` the running sum of `closest` from `running`. Returns the running sum (the
 * potential, the same additions in the same order as summing `closest`).
 */
export function plusPlusFirst(
  x: usize,
  rows: i32,
  d: i32,
  probe: usize,
  closest: usize,
  nearest: usize,
  cumulative: usize,
  running: f64,
): f64 {
  const rowBytes = (<usize>d) << 3;
  for (let i = 0; i < rows; i++) {
    const s = plainDist(x + <usize>i * rowBytes, probe, d);
    store<f64>(closest + ((<usize>i) << 3), s);
    store<i32>(nearest + ((<usize>i) << 2), 0);
    running += s;
    store<f64>(cumulative + ((<usize>i) << 3), running);
  }
  return running;
}

/**
 * The chosen candidate (at `probe`, centre `c`) joins: each row nearer to it than to its nearest
 * centre so far takes it (`closest`, `nearest`; the same pruning by `reach`, k values), and
 * `cumulative` gets the running sum of `closest` from `running` (the next draws' table).
 * Returns the running sum.
 */
export function plusPlusAdopt(
  x: usize,
  rows: i32,
  d: i32,
  probe: usize,
  reach: usize,
  c: i32,
  closest: usize,
  nearest: usize,
  cumulative: usize,
  running: f64,
): f64 {
  const rowBytes = (<usize>d) << 3;
  for (let i = 0; i < rows; i++) {
    const ci = closest + ((<usize>i) << 3);
    const ni = nearest + ((<usize>i) << 2);
    let own = load<f64>(ci);
    if (load<f64>(reach + ((<usize>load<i32>(ni)) << 3)) < own) {
      const s = dist(x + <usize>i * rowBytes, probe, d);
      if (s < own) {
        own = s;
        store<f64>(ci, s);
        store<i32>(ni, c);
      }
    }
    running += own;
    store<f64>(cumulative + ((<usize>i) << 3), running);
  }
  return running;
}

/**
 * The inertia of a block of rows added to `total`, each row's squared distance to its centre
 * summed feature by feature in order into the total (as `computeInertia` in ../kmeans.ts adds
 * it); with `assign`, each row first takes its nearest centre (as `assignToCentres`: the
 * four-lane distance, the lowest index of equals; two centres at a time from `cT`, as in
 * `lloydBlock`) into `labels`.
 */
export function inertiaBlock(
  x: usize,
  rows: i32,
  d: i32,
  c: usize,
  k: i32,
  labels: usize,
  assign: i32,
  total: f64,
  cT: usize,
  pairs: i32,
): f64 {
  const rowBytes = (<usize>d) << 3;
  const stride = (<usize>pairs) << 4;
  let i = 0;
  if (assign) {
    // Two rows at a time (see `nearestTwoRows`), each one's distance added in row order.
    for (; i + 1 < rows; i += 2) {
      const row = x + <usize>i * rowBytes;
      const li = labels + ((<usize>i) << 2);
      nearestTwoRows(row, row + rowBytes, cT, stride, pairs, k, d);
      const b = scanNearestB;
      store<i32>(li, scanNearest);
      store<i32>(li + 4, b);
      total = addDistance(row, c + <usize>scanNearest * rowBytes, d, total);
      total = addDistance(row + rowBytes, c + <usize>b * rowBytes, d, total);
    }
  }
  for (; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const li = labels + ((<usize>i) << 2);
    let a = load<i32>(li);
    if (assign) {
      let best = Infinity;
      a = 0;
      for (let p = 0; p < pairs; p++) {
        const both = pairDist(row, cT + ((<usize>p) << 4), stride, d);
        const j = p << 1;
        const s = f64x2.extract_lane(both, 0);
        if (s < best) {
          best = s;
          a = j;
        }
        const t = f64x2.extract_lane(both, 1);
        if (j + 1 < k && t < best) {
          best = t;
          a = j + 1;
        }
      }
      store<i32>(li, a);
    }
    total = addDistance(row, c + <usize>a * rowBytes, d, total);
  }
  return total;
}

/** `total` plus the squared distance from the row at `row` to the centre at `centre`, feature by feature. */
// @ts-ignore: decorator
@inline
function addDistance(row: usize, centre: usize, d: i32, total: f64): f64 {
  for (let f = 0; f < d; f++) {
    const o = (<usize>f) << 3;
    const diff = load<f64>(row + o) - load<f64>(centre + o);
    total += diff * diff;
  }
  return total;
}

/**
 * The swap search's costs over a block of rows, in order (see `clusterCosts` in ../kmeans.ts):
 * each row's nearest centre into `nearest` and its squared distance into `toNearest`, both
 * nearest and second-nearest found as `lloydBlock` scans (two centres at a time from `cT`, the
 * lowest index of equals); the squared distance added to its centre's sum of squares in `sse`, and
 * second − nearest to its centre's removal cost in `removal` (k f64 each).
 */
export function costsBlock(
  x: usize,
  rows: i32,
  d: i32,
  k: i32,
  cT: usize,
  pairs: i32,
  nearest: usize,
  toNearest: usize,
  sse: usize,
  removal: usize,
): void {
  const rowBytes = (<usize>d) << 3;
  const stride = (<usize>pairs) << 4;
  let i = 0;
  // Two rows at a time (see `nearestTwoRows`), each one's costs added in row order.
  for (; i + 1 < rows; i += 2) {
    const row = x + <usize>i * rowBytes;
    const best = nearestTwoRows(row, row + rowBytes, cT, stride, pairs, k, d);
    addCosts(i, scanNearest, best, scanSecond, nearest, toNearest, sse, removal);
    addCosts(i + 1, scanNearestB, scanBestB, scanSecondB, nearest, toNearest, sse, removal);
  }
  for (; i < rows; i++) {
    const best = nearestTwo(x + <usize>i * rowBytes, cT, stride, pairs, k, d);
    addCosts(i, scanNearest, best, scanSecond, nearest, toNearest, sse, removal);
  }
}

/** Row i's nearest centre and distance to it, added to that centre's sum of squares and removal cost. */
// @ts-ignore: decorator
@inline
function addCosts(
  i: i32,
  label: i32,
  best: f64,
  second: f64,
  nearest: usize,
  toNearest: usize,
  sse: usize,
  removal: usize,
): void {
  store<i32>(nearest + ((<usize>i) << 2), label);
  store<f64>(toNearest + ((<usize>i) << 3), best);
  const at = (<usize>label) << 3;
  store<f64>(sse + at, load<f64>(sse + at) + best);
  store<f64>(removal + at, load<f64>(removal + at) + (second - best));
}

/** ‖x − c‖² summed feature by feature in order (as `hartiganRefine` in ../kmeans.ts adds it). */
@inline
function plainDist(x: usize, c: usize, d: i32): f64 {
  let s: f64 = 0;
  for (let f = 0; f < d; f++) {
    const o = (<usize>f) << 3;
    const diff = load<f64>(x + o) - load<f64>(c + o);
    s += diff * diff;
  }
  return s;
}

/**
 * Hartigan's moves over a block of rows, in order (see `hartiganRefine`): a row moves to the
 * segment where it costs least, the centres (k × d) and sizes (k, as f64) updated as it moves,
 * what each move lowers the inertia by added to the f64 at `gain`. Returns how many rows moved.
 */
export function hartiganBlock(
  x: usize,
  rows: i32,
  d: i32,
  c: usize,
  k: i32,
  labels: usize,
  sizes: usize,
  gain: usize,
): i32 {
  let moved = 0;
  let gained = load<f64>(gain);
  const rowBytes = (<usize>d) << 3;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const li = labels + ((<usize>i) << 2);
    const a = load<i32>(li);
    const sa = load<f64>(sizes + ((<usize>a) << 3));
    if (sa <= 1) continue;
    const da = plainDist(row, c + <usize>a * rowBytes, d);
    let bestCost = (da * sa) / (sa - 1);
    let best = a;
    for (let b = 0; b < k; b++) {
      if (b == a) continue;
      const sb = load<f64>(sizes + ((<usize>b) << 3));
      const cost = (plainDist(row, c + <usize>b * rowBytes, d) * sb) / (sb + 1);
      if (cost < bestCost * (1 - 1e-12)) {
        bestCost = cost;
        best = b;
      }
    }
    if (best == a) continue;
    gained += (da * sa) / (sa - 1) - bestCost;
    const sBest = load<f64>(sizes + ((<usize>best) << 3));
    const ca = c + <usize>a * rowBytes;
    const cb = c + <usize>best * rowBytes;
    for (let f = 0; f < d; f++) {
      const o = (<usize>f) << 3;
      const v = load<f64>(row + o);
      store<f64>(ca + o, (load<f64>(ca + o) * sa - v) / (sa - 1));
      store<f64>(cb + o, (load<f64>(cb + o) * sBest + v) / (sBest + 1));
    }
    store<f64>(sizes + ((<usize>a) << 3), sa - 1);
    store<f64>(sizes + ((<usize>best) << 3), sBest + 1);
    store<i32>(li, best);
    moved++;
  }
  store<f64>(gain, gained);
  return moved;
}

/**
 * The silhouette's sums (see `silhouetteSamples` in ../metrics.ts): for each pair of rows i < j,
 * their Euclidean distance added to `sums[i × k + label j]` and `sums[j × k + label i]`, i in
 * order and j in order within it — the same additions as the JavaScript loop, so the same bits;
 * two j at a time from the feature-major copy `xT` (feature f of row j at `xT + (f × columns + j) × 8`),
 * each distance summed feature by feature in order in its own lane. Rows `from` to `to` as i.
 */
export function silhouetteRows(
  xT: usize,
  n: i32,
  columns: i32,
  d: i32,
  labels: usize,
  k: i32,
  sums: usize,
  from: i32,
  to: i32,
): void {
  const stride = (<usize>columns) << 3;
  const sumBytes = (<usize>k) << 3;
  for (let i = from; i < to; i++) {
    const li = <usize>load<i32>(labels + ((<usize>i) << 2));
    const ownSums = sums + <usize>i * sumBytes;
    const xi = xT + ((<usize>i) << 3);
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      let acc = f64x2.splat(0);
      let at = xT + ((<usize>j) << 3);
      let ai = xi;
      for (let f = 0; f < d; f++) {
        const e = f64x2.sub(v128.load64_splat(ai), v128.load(at));
        acc = f64x2.add(acc, f64x2.mul(e, e));
        at += stride;
        ai += stride;
      }
      const both = f64x2.sqrt(acc);
      const d0 = f64x2.extract_lane(both, 0);
      const d1 = f64x2.extract_lane(both, 1);
      const l0 = ownSums + ((<usize>load<i32>(labels + ((<usize>j) << 2))) << 3);
      store<f64>(l0, load<f64>(l0) + d0);
      const o0 = sums + <usize>j * sumBytes + (li << 3);
      store<f64>(o0, load<f64>(o0) + d0);
      const l1 = ownSums + ((<usize>load<i32>(labels + ((<usize>(j + 1)) << 2))) << 3);
      store<f64>(l1, load<f64>(l1) + d1);
      const o1 = sums + <usize>(j + 1) * sumBytes + (li << 3);
      store<f64>(o1, load<f64>(o1) + d1);
    }
    if (j < n) {
      let s: f64 = 0;
      for (let f = 0; f < d; f++) {
        const o = <usize>f * stride;
        const e = load<f64>(xi + o) - load<f64>(xT + ((<usize>j) << 3) + o);
        s += e * e;
      }
      const dj = Math.sqrt(s);
      const l0 = ownSums + ((<usize>load<i32>(labels + ((<usize>j) << 2))) << 3);
      store<f64>(l0, load<f64>(l0) + dj);
      const o0 = sums + <usize>j * sumBytes + (li << 3);
      store<f64>(o0, load<f64>(o0) + dj);
    }
  }
}

/*
 * K-Means' passes over the rows in WebAssembly (AssemblyScript, 128-bit SIMD): Lloyd's assignment
 * of a block of rows (a full scan, or Hamerly's bounds — shifted by the centres' last move — with
 * the centre-distance pruning) fused with the sums of the centres' next means; and k-means++'s
 * pass for a candidate centre.
 *
 * Exactly the arithmetic of the JavaScript kernel in ../kmeans.ts, which stays the oracle and the
 * fallback (a property test keeps them equal to the bit): a squared distance adds four sums over
 * the features f mod 4, blocks of four in order, the rest into the first, then s0 + s1 + (s2 + s3)
 * — the SIMD lanes hold s0,s1 and s2,s3; the sums of a centre add its rows in row order, a lane
 * per feature. No fused multiply-add, no reassociation.
 *
 * Written by hand: no maintained WebAssembly library does K-Means with these bounds, and the point
 * is to keep the JavaScript kernel's exact arithmetic (so a seed gives the same model everywhere).
 *
 * Compiled by scripts/build-wasm.mjs into lloydKernel.wasm.ts (base64), which is committed; a
 * test recompiles and compares. Pointers are byte addresses in the memory the caller provides.
 */

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
 * Assign `rows` rows at `x` (d features each) to the nearest of k centres at `c`, keeping labels,
 * upper and lower bounds (arrays starting at the block's first row), and add each row to its
 * centre's sum (`sums`, k × d) and count (`counts`, k, as f64). `full`: scan every centre (the
 * bounds are not valid yet); else Hamerly's test with `half` (k) and `between` (k × k) first,
 * after shifting the row's bounds by the centres' last move when `shift` (what `shiftBounds` does,
 * the same operations, done here in the same pass over the bounds).
 * Returns how many rows changed segment.
 */
export function lloydBlock(
  x: usize,
  rows: i32,
  d: i32,
  c: usize,
  k: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  half: usize,
  between: usize,
  full: i32,
  sums: usize,
  counts: usize,
  shift: i32,
  delta: usize,
  maxAt: i32,
  maxDelta: f64,
  secondDelta: f64,
): i32 {
  let changed = 0;
  const rowBytes = (<usize>d) << 3;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    const li = labels + ((<usize>i) << 2);
    const ui = upper + ((<usize>i) << 3);
    const wi = lower + ((<usize>i) << 3);
    const before = load<i32>(li);
    let label = before;
    if (full) {
      let best = Infinity;
      let second = Infinity;
      let bestC = 0;
      for (let j = 0; j < k; j++) {
        const s = dist(row, c + <usize>j * rowBytes, d);
        if (s < best) {
          second = best;
          best = s;
          bestC = j;
        } else if (s < second) second = s;
      }
      label = bestC;
      store<f64>(ui, Math.sqrt(best));
      store<f64>(wi, Math.sqrt(second));
    } else {
      const a = before;
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
      if (up > bound) {
        const toAssigned = dist(row, c + <usize>a * rowBytes, d);
        const ua = Math.sqrt(toAssigned);
        store<f64>(ui, ua);
        if (ua > bound) {
          // The scan that skips every centre too far from the current one to be nearer.
          const limit = 2 * ua;
          let best = toAssigned;
          let bestC = a;
          let second = Infinity;
          let secondBound = Infinity;
          const rowOfA = between + ((<usize>a * <usize>k) << 3);
          for (let j = 0; j < k; j++) {
            if (j == a) continue;
            const apart = load<f64>(rowOfA + ((<usize>j) << 3));
            if (apart > limit) {
              const b = apart - ua;
              if (b < secondBound) secondBound = b;
              continue;
            }
            const s = dist(row, c + <usize>j * rowBytes, d);
            if (s < best || (s == best && j < bestC)) {
              second = best;
              best = s;
              bestC = j;
            } else if (s < second) second = s;
          }
          label = bestC;
          store<f64>(ui, Math.sqrt(best));
          const secondDistance = Math.sqrt(second);
          store<f64>(wi, secondDistance < secondBound ? secondDistance : secondBound);
        }
      }
    }
    store<i32>(li, label);
    if (label != before) changed++;
    // The row into its centre's sum, a lane per feature, in row order.
    const sum = sums + <usize>label * rowBytes;
    const count = counts + ((<usize>label) << 3);
    store<f64>(count, load<f64>(count) + 1);
    let f = 0;
    for (; f < d - 1; f += 2) {
      const o = (<usize>f) << 3;
      v128.store(sum + o, f64x2.add(v128.load(sum + o), v128.load(row + o)));
    }
    if (f < d) {
      const o = (<usize>f) << 3;
      store<f64>(sum + o, load<f64>(sum + o) + load<f64>(row + o));
    }
  }
  return changed;
}

/**
 * k-means++'s pass for a candidate centre at `probe`, over a block of rows: each row's squared
 * distance to its nearest centre if the candidate joined (`closest`, or the distance to the
 * candidate where nearer; rows whose nearest centre is within `reach` of the candidate's twice
 * distance are not measured), into `out`; returns `potential` plus their sum, added in row order.
 */
export function plusPlusBlock(
  x: usize,
  rows: i32,
  d: i32,
  probe: usize,
  closest: usize,
  nearest: usize,
  reach: usize,
  out: usize,
  potential: f64,
): f64 {
  const rowBytes = (<usize>d) << 3;
  for (let i = 0; i < rows; i++) {
    const own = load<f64>(closest + ((<usize>i) << 3));
    let m = own;
    if (load<f64>(reach + ((<usize>load<i32>(nearest + ((<usize>i) << 2))) << 3)) < own) {
      const s = dist(x + <usize>i * rowBytes, probe, d);
      if (s < own) m = s;
    }
    store<f64>(out + ((<usize>i) << 3), m);
    potential += m;
  }
  return potential;
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
 * segment where it costs least, the centres (k × d) and sizes (k, as f64) updated as it moves.
 * Returns how many rows moved.
 */
export function hartiganBlock(x: usize, rows: i32, d: i32, c: usize, k: i32, labels: usize, sizes: usize): i32 {
  let moved = 0;
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
  return moved;
}

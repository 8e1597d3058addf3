import { createMatrix, selectRows, type Matrix } from './matrix';
import { randomInt, sampleIndices, seededRandom, type RandomSource } from './random';
import { clusterMeans } from './metrics';
import {
  kernelResident,
  kernelScratch,
  lloydKernel,
  releaseKernelScratch,
  plusPlusTrials,
  releaseLloydKernel,
  teamCalls,
  teamCanShare,
} from './wasm/lloydKernel';
import { CHUNK_ROWS, chunksOf } from './wasm/rowTeam';

export interface KMeansProgress {
  /** 0-based index of the initialisation being fitted. */
  init: number;
  nInit: number;
  /** 1-based Lloyd iteration within that initialisation. */
  iteration: number;
  /** Lloyd on every row from the best of the starts run on a sample (see `STARTS_SAMPLE`). */
  allRows?: boolean;
}

export interface KMeansOptions {
  k: number;
  /** Number of k-means++ initialisations; the fit with the lowest inertia is kept. */
  nInit?: number;
  maxIter?: number;
  /** Relative tolerance: scaled by the mean feature variance, as scikit-learn does. */
  tol?: number;
  seed?: number;
  /** Explicit initial centres (k × cols); then a single fit is run from them. */
  init?: Matrix;
  /**
   * After Lloyd converges, improve with Hartigan's single-customer moves (default: on when the
   * starts are k-means++, off for explicit centres so a reference fit is reproduced exactly).
   */
  refine?: boolean;
  /**
   * After the starts, try moving single centres out of poor local minima (`swapImprove`; default:
   * on for k-means++ starts, off for explicit centres).
   */
  swap?: boolean;
  /**
   * Above `above` rows, the starts (k-means++ and Lloyd) run on a seeded sample of `rows` rows
   * and Lloyd then runs from the best start on every row (default `STARTS_SAMPLE`); `null` never samples.
   */
  startsSample?: { above: number; rows: number } | null;
  onProgress?: (progress: KMeansProgress) => void;
  /** Seconds each part of the run took, as each ends (for the benchmark's breakdown). */
  onPhase?: (phase: KMeansPhase, seconds: number) => void;
}

/** The parts of a K-Means run timed by `onPhase` (the starts' Lloyd runs on a sample, then all rows, are 'lloyd'). */
export type KMeansPhase = 'k-means++' | 'lloyd' | 'hartigan' | 'swap search';

/** `fn`'s result, its seconds reported to `onPhase` (if any) as `phase`. */
export function timed<P extends string, T>(
  onPhase: ((phase: P, seconds: number) => void) | undefined,
  phase: P,
  fn: () => T,
): T {
  if (!onPhase) return fn();
  const started = performance.now();
  const result = fn();
  onPhase(phase, (performance.now() - started) / 1000);
  return result;
}

export interface KMeansResult {
  centroids: Matrix;
  labels: Int32Array;
  /** Within-cluster sum of squared distances to the closest centroid (WCSS). */
  inertia: number;
  iterations: number;
  /** True when labels stopped changing, or the centre shift fell below tolerance. */
  converged: boolean;
  /** Rows the starts ran on: all of them, or a seeded sample above `startsSample.above`. */
  startsSampled?: number;
}

/**
 * Above 2,000,000 customers the starts run on a seeded sample of 500,000 (each start's Lloyd
 * passes cost a pass over every row; ten of them on 10M rows take minutes and the sample's best
 * start is as good a place to begin), and Lloyd's passes from the best start then run on every
 * row, followed by Hartigan's moves and the swap search as always.
 */
export const STARTS_SAMPLE = { above: 2_000_000, rows: 500_000 } as const;

/**
 * Lloyd's bounds skip a row (or a centre) only when it is clearly inside them, by this factor: the
 * bounds are square roots and running sums, a few roundings off the squared distances the scan
 * compares, so at a tie to the last bit (a row halfway between two centres) they could keep a row
 * that plain Lloyd gives to the lower-indexed centre. A billionth is far above those roundings.
 */
export const BOUND_MARGIN = 1 + 1e-9;

/** Enough passes to collect most of Hartigan's gain; each costs about one Lloyd iteration. */
const HARTIGAN_MAX_PASSES = 10;
/**
 * Hartigan's passes stop after one that lowered the inertia by less than this share of it: on
 * a million customers without clear groups, each pass of a hundred-odd milliseconds gains about a
 * millionth, while where the moves matter (a poor Lloyd minimum) a pass gains far more.
 */
const HARTIGAN_MIN_GAIN = 1e-5;

export const KMEANS_DEFAULTS = { nInit: 10, maxIter: 300, tol: 1e-4, seed: 0 } as const;

/**
 * ‖a[ai…ai+d) − b[bi…bi+d)‖², four features at a time with separate sums (about 1.2–1.5× faster
 * than a plain loop in V8; the order of additions is fixed, so results are reproducible).
 */
export function squaredDistanceAt(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (const end = d - 3; f < end; f += 4) {
    const d0 = a[ai + f] - b[bi + f];
    const d1 = a[ai + f + 1] - b[bi + f + 1];
    const d2 = a[ai + f + 2] - b[bi + f + 2];
    const d3 = a[ai + f + 3] - b[bi + f + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; f < d; f++) {
    const diff = a[ai + f] - b[bi + f];
    s0 += diff * diff;
  }
  return s0 + s1 + (s2 + s3);
}

/**
 * `squaredDistanceAt` for exactly eight features, unrolled: the same additions in the same order
 * (so the same bits), about twice as fast in V8, whose loops over a variable length are slow.
 */
export function squaredDistance8(a: Float64Array, ai: number, b: Float64Array, bi: number): number {
  const d0 = a[ai] - b[bi];
  const d1 = a[ai + 1] - b[bi + 1];
  const d2 = a[ai + 2] - b[bi + 2];
  const d3 = a[ai + 3] - b[bi + 3];
  const d4 = a[ai + 4] - b[bi + 4];
  const d5 = a[ai + 5] - b[bi + 5];
  const d6 = a[ai + 6] - b[bi + 6];
  const d7 = a[ai + 7] - b[bi + 7];
  const s0 = d0 * d0 + d4 * d4;
  const s1 = d1 * d1 + d5 * d5;
  const s2 = d2 * d2 + d6 * d6;
  const s3 = d3 * d3 + d7 * d7;
  return s0 + s1 + (s2 + s3);
}

/** Squared distances from every row of X to centre c, into `out`. */
function distancesToCentre(x: Matrix, centres: Float64Array, c: number, out: Float64Array): void {
  const d = x.cols;
  const xd = x.data;
  for (let i = 0, p = 0; i < x.rows; i++) {
    let sum = 0;
    for (let f = 0, q = c * d; f < d; f++, p++, q++) {
      const diff = xd[p] - centres[q];
      sum += diff * diff;
    }
    out[i] = sum;
  }
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, as in scikit-learn): the first centre is a
 * uniform random row; each next one is the best of 2 + ⌊ln k⌋ candidates drawn with
 * probability proportional to D(x)², keeping the candidate that lowers the potential most.
 *
 * A row whose nearest centre c is at distance D cannot come closer to a candidate p when
 * ‖c − p‖ ≥ 2D (triangle inequality), so its distance to p is not computed: with a margin far
 * above rounding, the potentials — and so the centres chosen — are the same bits as without.
 */
export function kmeansPlusPlus(x: Matrix, k: number, random: RandomSource): Matrix {
  const n = x.rows;
  const d = x.cols;
  const centres = new Float64Array(k * d);
  const localTrials = plusPlusTrials(k);
  const first = randomInt(random, n);
  centres.set(x.data.subarray(first * d, first * d + d), 0);
  // The passes in WebAssembly where it runs (the same arithmetic: all candidates in one pass over
  // the rows, then one for the chosen), on the arrays of the fit that follows; else in JavaScript.
  const kernel = lloydKernel(n, d, k, x.data);
  const closest = kernel ? kernel.upper : new Float64Array(n);
  // Each row's nearest centre so far, for the triangle-inequality test.
  const nearest = kernel ? kernel.labels : new Int32Array(n);
  // The running sums of the distances within each chunk of rows, and each chunk's total (see
  // rowTeam.ts: the same sums whether one thread or several make them).
  const cumulative = kernel ? kernel.cumulative : new Float64Array(n);
  const chunkTotals = kernel ? kernel.chunkTotals : new Float64Array(chunksOf(n));
  let potential: number;
  if (kernel) potential = kernel.first(x.data, centres);
  else {
    distancesToCentre(x, centres, 0, closest);
    potential = chunkedRunningSums(closest, cumulative, chunkTotals);
  }
  const candidateDistances = kernel ? null : new Float64Array(n);
  const bestDistances = kernel ? null : new Float64Array(n);
  const probes = new Float64Array(localTrials * d);
  /** ‖c − p‖² / 4 / (1 + 1e-9) per candidate p and centre c: a row is skipped when this is at least its D². */
  const reach = new Float64Array(localTrials * k);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < localTrials; t++) {
      const lo = drawnRow(cumulative, chunkTotals, n, random() * potential);
      probes.set(x.data.subarray(lo * d, lo * d + d), t * d);
      for (let j = 0; j < c; j++) {
        reach[t * k + j] = squaredDistanceAt(centres, j * d, probes, t * d, d) / 4 / (1 + 1e-9);
      }
    }
    // The candidate that lowers the potential most (the first of equals).
    let bestPotential = Infinity;
    let chosen = -1;
    if (kernel) {
      const potentials = kernel.candidates(x.data, probes, reach, localTrials);
      for (let t = 0; t < localTrials; t++) {
        if (potentials[t] < bestPotential) {
          bestPotential = potentials[t];
          chosen = t;
        }
      }
    } else {
      for (let t = 0; t < localTrials; t++) {
        const candidatePotential = candidatePass(x, probes.subarray(t * d, t * d + d), reach.subarray(t * k), {
          closest,
          nearest,
          out: candidateDistances as Float64Array,
        });
        if (candidatePotential < bestPotential) {
          bestPotential = candidatePotential;
          chosen = t;
          (bestDistances as Float64Array).set(candidateDistances as Float64Array);
        }
      }
    }
    centres.set(probes.subarray(chosen * d, chosen * d + d), c * d);
    potential = bestPotential;
    // The last centre's draws are done: nothing more to update.
    if (c === k - 1) break;
    if (kernel) kernel.adopt(x.data, probes.subarray(chosen * d), reach.subarray(chosen * k), c);
    else {
      const best = bestDistances as Float64Array;
      for (let i = 0; i < n; i++) {
        if (best[i] < closest[i]) nearest[i] = c;
        closest[i] = best[i];
      }
      chunkedRunningSums(closest, cumulative, chunkTotals);
    }
  }
  return createMatrix(k, d, centres);
}

/**
 * `part(first, end, chunk)` over each chunk of n rows (CHUNK_ROWS), the parts added in chunk
 * order (the first as it is): how every sum over rows is made, so the kernel's threads, adding
 * their chunks' slots the same way, give the same bits (see wasm/rowTeam.ts).
 */
function sumByChunks(n: number, part: (first: number, end: number, chunk: number) => number): number {
  let total = 0;
  for (let chunk = 0, first = 0; first < n; chunk++, first += CHUNK_ROWS) {
    const value = part(first, Math.min(n, first + CHUNK_ROWS), chunk);
    total = chunk === 0 ? value : total + value;
  }
  return total;
}

/**
 * The running sums of `values` within each chunk of rows (from 0 at the chunk's start) into
 * `cumulative`, each chunk's sum into `totals`; returns the chunks' sums added in chunk order.
 */
function chunkedRunningSums(values: Float64Array, cumulative: Float64Array, totals: Float64Array): number {
  return sumByChunks(values.length, (first, end, chunk) => {
    let running = 0;
    for (let i = first; i < end; i++) {
      running += values[i];
      cumulative[i] = running;
    }
    totals[chunk] = running;
    return running;
  });
}

/**
 * The row a k-means++ draw lands on: the first whose running sum of distances reaches `target`
 * (a uniform draw times the potential), found as the chunk where the chunks' totals reach it
 * (added in chunk order, as the potential was), then the row within it.
 */
function drawnRow(cumulative: Float64Array, chunkTotals: Float64Array, n: number, target: number): number {
  const chunks = chunksOf(n);
  let chunk = 0;
  let before = 0;
  while (chunk < chunks - 1) {
    const reached = chunk === 0 ? chunkTotals[0] : before + chunkTotals[chunk];
    if (!(reached < target)) break;
    before = reached;
    chunk++;
  }
  let lo = chunk * CHUNK_ROWS;
  let hi = Math.min(n, lo + CHUNK_ROWS) - 1;
  // Rounding may leave the chunk's remainder a hair above its total: its last growing row then.
  const within = Math.min(target - before, cumulative[hi]);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] < within) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * k-means++'s candidate `probe`: each row's squared distance to its nearest centre if the
 * candidate joined, into `out`; returns their sum (the candidate's potential): within each chunk
 * of rows in row order, the chunks' sums in chunk order.
 */
function candidatePass(
  x: Matrix,
  probe: Float64Array,
  reach: Float64Array,
  rows: { closest: Float64Array; nearest: Int32Array; out: Float64Array },
): number {
  const d = x.cols;
  const { closest, nearest, out } = rows;
  return sumByChunks(x.rows, (first, end) => {
    let part = 0;
    for (let i = first; i < end; i++) {
      const own = closest[i];
      let m = own;
      if (reach[nearest[i]] < own) {
        const sum = d === 8 ? squaredDistance8(x.data, i * d, probe, 0) : squaredDistanceAt(x.data, i * d, probe, 0, d);
        if (sum < own) m = sum;
      }
      out[i] = m;
      part += m;
    }
    return part;
  });
}

/** Mean of the per-feature variances: scikit-learn scales `tol` by it. */
function meanVariance(x: Matrix): number {
  const { rows, cols, data } = x;
  // Row by row (each column's sums still add its rows in order): a column at a time strides
  // through the whole matrix for every column, several times slower on a million rows.
  const sums = new Float64Array(cols);
  for (let i = 0, p = 0; i < rows; i++) for (let j = 0; j < cols; j++, p++) sums[j] += data[p];
  const mu = sums.map((sum) => sum / rows);
  const squares = new Float64Array(cols);
  for (let i = 0, p = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, p++) {
      const diff = data[p] - mu[j];
      squares[j] += diff * diff;
    }
  }
  let total = 0;
  for (let j = 0; j < cols; j++) total += squares[j] / rows;
  return total / cols;
}

/**
 * Assign each row to its nearest centre (E-step). Returns the inertia
 * Σᵢ ‖xᵢ − c_{label(i)}‖² and fills `distances` with each row's squared distance.
 */
export function assignToCentres(
  x: Matrix,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  distances?: Float64Array,
): number {
  const d = x.cols;
  const xd = x.data;
  return sumByChunks(x.rows, (first, end) => {
    let part = 0;
    for (let i = first; i < end; i++) {
      const base = i * d;
      let best = Infinity;
      let bestC = 0;
      for (let c = 0; c < k; c++) {
        const sum =
          d === 8 ? squaredDistance8(xd, base, centres, c * d) : squaredDistanceAt(xd, base, centres, c * d, d);
        if (sum < best) {
          best = sum;
          bestC = c;
        }
      }
      labels[i] = bestC;
      if (distances) distances[i] = best;
      part += best;
    }
    return part;
  });
}

/**
 * Centres as the mean of their rows (M-step). An empty cluster takes the row farthest from
 * its current centre, which leaves its old cluster (scikit-learn's relocation rule).
 */
function updateCentres(x: Matrix, labels: Int32Array, oldCentres: Float64Array, k: number, out: Float64Array): number {
  const d = x.cols;
  const xd = x.data;
  const counts = new Float64Array(k);
  out.fill(0);
  const n = x.rows;
  // Summed per chunk of rows, the chunks' sums added in chunk order (as the kernel's threads do).
  const part = n > CHUNK_ROWS ? new Float64Array(k * d) : out;
  for (let first = 0; first < n; first += CHUNK_ROWS) {
    const end = Math.min(n, first + CHUNK_ROWS);
    const sums = first === 0 ? out : part;
    if (first > 0) part.fill(0);
    if (d === 8) {
      // The common case unrolled (a customer table with eight features): same sums, same order.
      for (let i = first, p = first * 8; i < end; i++, p += 8) {
        const c = labels[i];
        const o = c * 8;
        counts[c] += 1;
        sums[o] += xd[p];
        sums[o + 1] += xd[p + 1];
        sums[o + 2] += xd[p + 2];
        sums[o + 3] += xd[p + 3];
        sums[o + 4] += xd[p + 4];
        sums[o + 5] += xd[p + 5];
        sums[o + 6] += xd[p + 6];
        sums[o + 7] += xd[p + 7];
      }
    } else {
      for (let i = first, p = first * d; i < end; i++, p += d) {
        const c = labels[i];
        const o = c * d;
        counts[c] += 1;
        for (let f = 0; f < d; f++) sums[o + f] += xd[p + f];
      }
    }
    if (first > 0) for (let j = 0; j < k * d; j++) out[j] += part[j];
  }
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length > 0) {
    const far = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let sum = 0;
      const c = labels[i];
      for (let f = 0; f < d; f++) {
        const diff = xd[i * d + f] - oldCentres[c * d + f];
        sum += diff * diff;
      }
      far[i] = sum;
    }
    const order = Array.from(far.keys()).sort((a, b) => far[b] - far[a]);
    empty.forEach((c, e) => {
      const row = order[e];
      const from = labels[row];
      for (let f = 0; f < d; f++) {
        out[from * d + f] -= xd[row * d + f];
        out[c * d + f] = xd[row * d + f];
      }
      counts[from] -= 1;
      counts[c] = 1;
    });
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] > 0) for (let f = 0; f < d; f++) out[c * d + f] /= counts[c];
  }
  return empty.length;
}

/**
 * Each chunk's sums and counts of its rows per centre, kept from pass to pass (the JavaScript
 * kernel's twin of the WebAssembly kernel's slots): a full pass adds every row, a bounded pass
 * moves only the rows that changed segment; added in chunk order for the centres. Used above one
 * chunk of rows, where summing every row on every pass cost as much as the rest of the pass.
 */
class ChunkSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  private readonly slotSums: Float64Array;
  private readonly slotCounts: Float64Array;
  constructor(
    private readonly x: Matrix,
    private readonly k: number,
  ) {
    const chunks = chunksOf(x.rows);
    this.slotSums = new Float64Array(chunks * k * x.cols);
    this.slotCounts = new Float64Array(chunks * k);
    this.sums = new Float64Array(k * x.cols);
    this.counts = new Float64Array(k);
  }
  clear(): void {
    this.slotSums.fill(0);
    this.slotCounts.fill(0);
  }
  /** Row i into (`sign` 1) or out of (−1) centre c's sums in its chunk's slot. */
  add(i: number, c: number, sign: 1 | -1): void {
    const d = this.x.cols;
    const chunk = Math.floor(i / CHUNK_ROWS);
    const at = (chunk * this.k + c) * d;
    const xd = this.x.data;
    this.slotCounts[chunk * this.k + c] += sign;
    if (sign > 0) for (let f = 0; f < d; f++) this.slotSums[at + f] += xd[i * d + f];
    else for (let f = 0; f < d; f++) this.slotSums[at + f] -= xd[i * d + f];
  }
  /** The slots added in chunk order (the first copied) into `sums` and `counts`. */
  total(): this {
    const size = this.k * this.x.cols;
    const chunks = chunksOf(this.x.rows);
    this.sums.set(this.slotSums.subarray(0, size));
    this.counts.set(this.slotCounts.subarray(0, this.k));
    for (let chunk = 1; chunk < chunks; chunk++) {
      for (let j = 0; j < size; j++) this.sums[j] += this.slotSums[chunk * size + j];
      for (let c = 0; c < this.k; c++) this.counts[c] += this.slotCounts[chunk * this.k + c];
    }
    return this;
  }
}

/**
 * The next centres from the kernel's sums and counts, as `updateCentres` computes them (each sum
 * divided by its count); with an empty segment, `updateCentres` itself (the relocation rule).
 */
function centresFromSums(
  { sums, counts }: { sums: Float64Array; counts: Float64Array },
  x: Matrix,
  labels: Int32Array,
  oldCentres: Float64Array,
  out: Float64Array,
): number {
  const k = counts.length;
  const d = x.cols;
  for (let c = 0; c < k; c++) if (counts[c] === 0) return updateCentres(x, labels, oldCentres, k, out);
  for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) out[c * d + f] = sums[c * d + f] / counts[c];
  return 0;
}

/**
 * Lloyd's algorithm from the given centres, with scikit-learn's stopping rule: stop when the
 * labels no longer change, or when Σ‖Δcentre‖² ≤ tolerance; if stopped on tolerance, labels
 * are recomputed against the final centres so labels and centres agree.
 *
 * Accelerated with Hamerly's bounds (Hamerly 2010): each row keeps an upper bound on the
 * distance to its centre and a lower bound on the distance to any other; a row whose upper
 * bound is clearly below (`BOUND_MARGIN`) max(lower bound, half the distance from its centre to
 * the nearest other centre) cannot change segment, so its distances are not computed. Same labels
 * as plain Lloyd.
 */
export function lloyd(
  x: Matrix,
  initialCentres: Matrix,
  options: { maxIter?: number; tolerance: number; onIteration?: (iteration: number) => void },
): KMeansResult {
  const k = initialCentres.rows;
  const d = x.cols;
  const n = x.rows;
  const xd = x.data;
  const maxIter = options.maxIter ?? KMEANS_DEFAULTS.maxIter;
  let centres = Float64Array.from(initialCentres.data);
  let next = new Float64Array(k * d);
  // The passes in WebAssembly where it runs (the same arithmetic; see wasm/lloydKernel.ts), with
  // the labels and bounds in its memory; else in JavaScript below.
  const kernel = lloydKernel(n, d, k, x.data);
  const labels = kernel ? kernel.labels : new Int32Array(n).fill(-1);
  const upper = kernel ? kernel.upper : new Float64Array(n);
  const lower = kernel ? kernel.lower : new Float64Array(n);
  const half = kernel ? kernel.half : new Float64Array(k);
  const delta = new Float64Array(k);
  // Above one chunk of rows, the JavaScript kernel keeps the sums as the WebAssembly one does.
  const chunkSums = !kernel && chunksOf(n) > 1 ? new ChunkSums(x, k) : null;
  let strict = false;
  let converged = false;
  let iteration = 1;
  let boundsValid = false;

  const fullScan = (i: number): void => {
    const base = i * d;
    let best = Infinity;
    let second = Infinity;
    let bestC = 0;
    for (let c = 0; c < k; c++) {
      const sum = d === 8 ? squaredDistance8(xd, base, centres, c * d) : squaredDistanceAt(xd, base, centres, c * d, d);
      if (sum < best) {
        second = best;
        best = sum;
        bestC = c;
      } else if (sum < second) second = sum;
    }
    labels[i] = bestC;
    upper[i] = Math.sqrt(best);
    lower[i] = Math.sqrt(second);
  };

  for (; iteration <= maxIter; iteration++) {
    let changed = 0;
    if (!boundsValid) {
      if (kernel) changed = kernel.pass(xd, centres, true);
      else {
        chunkSums?.clear();
        for (let i = 0; i < n; i++) {
          const before = labels[i];
          fullScan(i);
          if (labels[i] !== before) changed++;
          chunkSums?.add(i, labels[i], 1);
        }
      }
      boundsValid = true;
    } else {
      // Half of each centre's distance to its nearest other.
      for (let c = 0; c < k; c++) {
        let nearest = Infinity;
        for (let o = 0; o < k; o++) {
          if (o === c) continue;
          let sum = 0;
          for (let f = 0; f < d; f++) {
            const diff = centres[c * d + f] - centres[o * d + f];
            sum += diff * diff;
          }
          if (sum < nearest) nearest = sum;
        }
        half[c] = Math.sqrt(nearest) / 2;
      }
      if (kernel) changed = kernel.pass(xd, centres, false);
      for (let i = 0; !kernel && i < n; i++) {
        const a = labels[i];
        const bound = half[a] > lower[i] ? half[a] : lower[i];
        // Clearly below (see BOUND_MARGIN): at equal distance a lower-indexed centre takes the row.
        if (upper[i] * BOUND_MARGIN < bound) continue;
        // Else the row is scanned whole: its exact nearest and second-nearest distances make its
        // bounds tight again. (Measuring its own centre first, then only the centres Elkan's lemma
        // could not rule out, left a looser lower bound and more rows failing on later passes:
        // a million rows' Lloyd ran 1.4 times longer.)
        fullScan(i);
        if (labels[i] !== a) {
          changed++;
          chunkSums?.add(i, a, -1);
          chunkSums?.add(i, labels[i], 1);
        }
      }
    }
    const relocated = kernel
      ? centresFromSums(kernel, x, labels, centres, next)
      : chunkSums
        ? centresFromSums(chunkSums.total(), x, labels, centres, next)
        : updateCentres(x, labels, centres, k, next);
    let shift = 0;
    let maxDelta = 0;
    let secondDelta = 0;
    let maxAt = -1;
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let f = 0; f < d; f++) {
        const diff = next[c * d + f] - centres[c * d + f];
        sum += diff * diff;
      }
      shift += sum;
      delta[c] = Math.sqrt(sum);
      if (delta[c] > maxDelta) {
        secondDelta = maxDelta;
        maxDelta = delta[c];
        maxAt = c;
      } else if (delta[c] > secondDelta) secondDelta = delta[c];
    }
    [centres, next] = [next, centres];
    options.onIteration?.(iteration);
    if (changed === 0 && iteration > 1) {
      strict = true;
      converged = true;
      break;
    }
    if (shift <= options.tolerance) {
      converged = true;
      break;
    }
    if (relocated > 0) boundsValid = false;
    else if (kernel) kernel.shiftBounds(delta, maxAt, maxDelta, secondDelta);
    else {
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        upper[i] += delta[a];
        lower[i] -= a === maxAt ? secondDelta : maxDelta;
      }
    }
  }
  let inertia: number;
  if (kernel) inertia = kernel.inertia(xd, centres, !strict);
  else {
    if (!strict) assignToCentres(x, centres, k, labels);
    inertia = computeInertia(x, centres, labels);
  }
  return {
    centroids: createMatrix(k, d, centres),
    // Out of the kernel's memory, which is then let go.
    labels: kernel ? labels.slice() : labels,
    inertia,
    iterations: Math.min(iteration, maxIter),
    converged,
  };
}

/**
 * Lloyd's algorithm written plainly (every distance, every iteration): the reference the
 * accelerated `lloyd` is tested against.
 */
export function lloydReference(
  x: Matrix,
  initialCentres: Matrix,
  options: { maxIter?: number; tolerance: number; onIteration?: (iteration: number) => void },
): KMeansResult {
  const k = initialCentres.rows;
  const d = x.cols;
  const maxIter = options.maxIter ?? KMEANS_DEFAULTS.maxIter;
  let centres = Float64Array.from(initialCentres.data);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(x.rows);
  const previous = new Int32Array(x.rows).fill(-1);
  let strict = false;
  let converged = false;
  let iteration = 1;
  for (; iteration <= maxIter; iteration++) {
    assignToCentres(x, centres, k, labels);
    updateCentres(x, labels, centres, k, next);
    let shift = 0;
    for (let p = 0; p < k * d; p++) {
      const diff = next[p] - centres[p];
      shift += diff * diff;
    }
    [centres, next] = [next, centres];
    options.onIteration?.(iteration);
    let same = true;
    for (let i = 0; i < x.rows; i++) {
      if (labels[i] !== previous[i]) {
        same = false;
        break;
      }
    }
    if (same) {
      strict = true;
      converged = true;
      break;
    }
    if (shift <= options.tolerance) {
      converged = true;
      break;
    }
    previous.set(labels);
  }
  if (!strict) assignToCentres(x, centres, k, labels);
  const inertia = computeInertia(x, centres, labels);
  return {
    centroids: createMatrix(k, d, centres),
    labels,
    inertia,
    iterations: Math.min(iteration, maxIter),
    converged,
  };
}

/** The inertia of the rows each at its nearest of `centres` (a pass in WebAssembly where it runs). */
function assignedInertia(x: Matrix, centres: Float64Array, k: number): number {
  const kernel = lloydKernel(x.rows, x.cols, k, x.data);
  if (kernel) return kernel.inertia(x.data, centres, true);
  const labels = new Int32Array(x.rows);
  assignToCentres(x, centres, k, labels);
  return computeInertia(x, centres, labels);
}

/** Inertia (WCSS): Σᵢ ‖xᵢ − c_{label(i)}‖². */
export function computeInertia(x: Matrix, centres: Float64Array, labels: Int32Array): number {
  const d = x.cols;
  // Per chunk of rows, the chunks' sums in chunk order (as the kernel's threads add them).
  return sumByChunks(x.rows, (first, end) => {
    let part = 0;
    for (let i = first; i < end; i++) {
      const c = labels[i];
      for (let f = 0; f < d; f++) {
        const diff = x.data[i * d + f] - centres[c * d + f];
        part += diff * diff;
      }
    }
    return part;
  });
}

/**
 * Hartigan's method (Hartigan & Wong 1979; Telgarsky & Vattani 2010) from a Lloyd solution:
 * move a row from cluster a to b when n_b/(n_b+1)·‖x−c_b‖² < n_a/(n_a−1)·‖x−c_a‖², which lowers
 * the inertia by the difference, updating both means at once. Its fixed points are also Lloyd
 * fixed points, and usually lower ones. Stops after `maxPasses` passes, after a pass without
 * moves, or after one that lowered the inertia by `minGain` or less. Mutates labels and centres;
 * returns the moves made.
 */
export function hartiganRefine(
  x: Matrix,
  centres: Float64Array,
  labels: Int32Array,
  k: number,
  maxPasses = 50,
  minGain = 0,
): number {
  const d = x.cols;
  const xd = x.data;
  // In WebAssembly where it runs (the same operations in the same order).
  const kernel = lloydKernel(x.rows, d, k, xd);
  if (kernel) return kernel.hartigan(xd, centres, labels, maxPasses, minGain);
  const sizes = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) sizes[labels[i]]++;
  let moves = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    let movedThisPass = 0;
    let gain = 0;
    for (let i = 0; i < x.rows; i++) {
      const a = labels[i];
      if (sizes[a] <= 1) continue;
      const base = i * d;
      let da = 0;
      for (let f = 0; f < d; f++) {
        const diff = xd[base + f] - centres[a * d + f];
        da += diff * diff;
      }
      let bestCost = (da * sizes[a]) / (sizes[a] - 1);
      let best = a;
      for (let b = 0; b < k; b++) {
        if (b === a) continue;
        let db = 0;
        for (let f = 0; f < d; f++) {
          const diff = xd[base + f] - centres[b * d + f];
          db += diff * diff;
        }
        const cost = (db * sizes[b]) / (sizes[b] + 1);
        if (cost < bestCost * (1 - 1e-12)) {
          bestCost = cost;
          best = b;
        }
      }
      if (best === a) continue;
      gain += (da * sizes[a]) / (sizes[a] - 1) - bestCost;
      for (let f = 0; f < d; f++) {
        const v = xd[base + f];
        centres[a * d + f] = (centres[a * d + f] * sizes[a] - v) / (sizes[a] - 1);
        centres[best * d + f] = (centres[best * d + f] * sizes[best] + v) / (sizes[best] + 1);
      }
      sizes[a]--;
      sizes[best]++;
      labels[i] = best;
      movedThisPass++;
    }
    moves += movedThisPass;
    if (movedThisPass === 0 || gain <= minGain) break;
  }
  return moves;
}

/** Number of distinct rows, counting at most `limit` (enough to check k against the data). */
export function countDistinctRows(x: Matrix, limit: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < x.rows && seen.size < limit; i++) {
    seen.add(Array.prototype.join.call(x.data.subarray(i * x.cols, (i + 1) * x.cols), ','));
  }
  return seen.size;
}

/** Swap attempts that may fail in a row before the search stops (each costs one Lloyd run). */
const SWAP_MAX_FAILURES = 6;
/** Rows the swap search works on; above this it runs on a seeded sample and confirms on all rows. */
const SWAP_SAMPLE_LIMIT = 20_000;
/**
 * Lloyd's passes per attempt on the sample: enough to see whether a move pays (on data without
 * clear groups Lloyd crawls for a hundred passes and more); the fit on all rows then converges.
 */
const SWAP_SAMPLE_MAX_ITER = 50;

/**
 * Per cluster: its within-cluster sum of squares, and what removing its centre would cost (each
 * of its rows moving to its second-nearest centre: Σ d₂² − d₁²).
 */
export function clusterCosts(x: Matrix, centres: Float64Array, k: number) {
  // In WebAssembly where it runs (the same arithmetic, in the same order; see costsBlock).
  const kernel = lloydKernel(x.rows, x.cols, k, x.data);
  if (kernel) return kernel.costs(x.data, centres);
  const d = x.cols;
  const sse = new Float64Array(k);
  const removal = new Float64Array(k);
  const nearest = new Int32Array(x.rows);
  /** Each row's squared distance to its nearest centre. */
  const toNearest = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let d1 = Infinity;
    let d2 = Infinity;
    let c1 = 0;
    for (let c = 0; c < k; c++) {
      const dist =
        d === 8 ? squaredDistance8(x.data, i * d, centres, c * d) : squaredDistanceAt(x.data, i * d, centres, c * d, d);
      if (dist < d1) {
        d2 = d1;
        d1 = dist;
        c1 = c;
      } else if (dist < d2) d2 = dist;
    }
    nearest[i] = c1;
    toNearest[i] = d1;
    sse[c1] += d1;
    removal[c1] += d2 - d1;
  }
  return { sse, removal, nearest, toNearest };
}

type ClusterCosts = ReturnType<typeof clusterCosts>;

/**
 * The next move of the swap search not yet tried: the centre whose removal costs least goes to
 * the cluster with the largest sum of squares (the next pair when that one was tried).
 */
function swapMove(costs: ClusterCosts, k: number, tried: Set<number>): [number, number] | undefined {
  const { sse, removal } = costs;
  const byRemoval = Array.from({ length: k }, (_, c) => c).sort((a, b) => removal[a] - removal[b] || a - b);
  const bySse = Array.from({ length: k }, (_, c) => c).sort((a, b) => sse[b] - sse[a] || a - b);
  for (const split of bySse) {
    if (sse[split] <= 0) break;
    const remove = byRemoval.find((c) => c !== split && !tried.has(c * k + split));
    if (remove !== undefined) return [remove, split];
  }
  return undefined;
}

/**
 * A move's start: the centres with `remove` put on a row of the split cluster, drawn (by the
 * random number `u`) in proportion to its squared distance from the split centre.
 */
function swapStart(
  xs: Matrix,
  costs: ClusterCosts,
  centres: Float64Array,
  [remove, split]: [number, number],
  u: number,
): Float64Array {
  const d = xs.cols;
  const { sse, nearest, toNearest } = costs;
  let target = u * sse[split];
  let row = -1;
  for (let i = 0; i < xs.rows; i++) {
    if (nearest[i] !== split) continue;
    row = i;
    // (Its distance to the split centre, its nearest: measured by clusterCosts.)
    target -= toNearest[i];
    if (target <= 0) break;
  }
  const start = Float64Array.from(centres);
  start.set(xs.data.subarray(row * d, (row + 1) * d), remove * d);
  return start;
}

/** The swap search's Lloyd options; `onMove` is told of each move tried (the tests and the bench). */
export interface SwapOptions {
  maxIter: number;
  tolerance: number;
  onMove?: (move: { paired: boolean; taken: boolean }) => void;
}

/** What the swap search keeps of a trial Lloyd run (a run on another thread sends no labels). */
type TrialFit = Pick<KMeansResult, 'centroids' | 'inertia' | 'iterations' | 'converged'>;

/** A trial run's record in memory: its start's centres, then its centres, inertia, iterations, converged. */
const trialRecordLength = (k: number, d: number): number => 2 * k * d + 3;

/** Lloyd from the start in `record`, its result written after it; returns the inertia. */
function recordTrialRun(xs: Matrix, record: Float64Array, k: number, options: { maxIter: number; tolerance: number }) {
  const d = xs.cols;
  const fit = lloyd(xs, createMatrix(k, d, record.slice(0, k * d)), options);
  record.set(fit.centroids.data, k * d);
  record[2 * k * d] = fit.inertia;
  record[2 * k * d + 1] = fit.iterations;
  record[2 * k * d + 2] = fit.converged ? 1 : 0;
  return fit.inertia;
}

/**
 * A helper thread's `lloydRun` on the memory whose buffer `buffer` gives (see teamThread.ts):
 * the trial run whose record is at byte `recordAt`, on the rows at `xAt`. Returns the inertia, or
 * NaN when it could not run (the thread that asked then runs it itself).
 */
export function lloydRunOn(buffer: () => ArrayBufferLike): (...args: number[]) => number {
  return (xAt, rows, d, k, recordAt, maxIter, tolerance) => {
    try {
      const memory = buffer();
      const xs = createMatrix(rows, d, new Float64Array(memory, xAt, rows * d));
      return recordTrialRun(xs, new Float64Array(memory, recordAt, trialRecordLength(k, d)), k, { maxIter, tolerance });
    } catch {
      return Number.NaN;
    }
  };
}

/**
 * Trial Lloyd runs of the swap search from `starts`, shared by the team's threads (a run each);
 * null where there is no team or no room in the rows' kernel memory. The same results as running
 * them here one after another.
 */
function trialRunsInTeam(
  xs: Matrix,
  starts: Float64Array[],
  options: { maxIter: number; tolerance: number },
): TrialFit[] | null {
  const d = xs.cols;
  const k = starts[0].length / d;
  const length = trialRecordLength(k, d);
  const records = kernelScratch(xs.data, starts.length * length);
  if (!records) return null;
  try {
    const recordOf = (t: number) => records.subarray(t * length, (t + 1) * length);
    starts.forEach((start, t) => records.set(start, t * length));
    const calls = starts.map((_, t) => [
      xs.data.byteOffset,
      xs.rows,
      d,
      k,
      records.byteOffset + t * length * 8,
      options.maxIter,
      options.tolerance,
    ]);
    // This thread's share reads the rows where they lie (a helper copies them in by blocks).
    // (The fifth number of a call is its record's byte offset.)
    const local = (...call: number[]) =>
      recordTrialRun(xs, new Float64Array(records.buffer, call[4], length), k, options);
    const inertias = teamCalls(xs.data, 'lloydRun', calls, local);
    if (!inertias) return null;
    return starts.map((_, t) => {
      const record = recordOf(t);
      // A run a helper could not make is made here.
      if (Number.isNaN(inertias[t])) recordTrialRun(xs, record, k, options);
      return {
        centroids: createMatrix(k, d, record.slice(k * d, 2 * k * d)),
        inertia: record[2 * k * d],
        iterations: record[2 * k * d + 1],
        converged: record[2 * k * d + 2] === 1,
      };
    });
  } finally {
    releaseKernelScratch(records);
  }
}

/**
 * Escape a poor local minimum by moving one centre (Ismkhan 2018, "I-k-means−+"): take the
 * centre whose removal costs least, put it on a row of the cluster with the largest sum of
 * squares (drawn in proportion to the squared distance, as k-means++ does), rerun Lloyd, and keep
 * the result only if the inertia drops. Stops after six failed moves in a row. Above 20,000 rows
 * the search runs on a seeded sample, and an improvement there is taken to all rows by Lloyd when
 * one pass shows its centres better than the fit's on all rows, so it adds little to the fit.
 * With a team of threads (see wasm/rowTeam.ts) the sample's moves are tried two at a time, the
 * same moves with the same results as one after the other. Deterministic for a given random
 * source, which it may leave a number further on than it used (it is a fit's last use of it);
 * never returns a worse fit.
 */
export function swapImprove(x: Matrix, fit: KMeansResult, random: RandomSource, options: SwapOptions): KMeansResult {
  const k = fit.centroids.rows;
  const d = x.cols;
  if (k < 2 || x.rows < 2 * k) return fit;
  const sampled = x.rows > SWAP_SAMPLE_LIMIT;
  if (!sampled) return swapSearch(x, x, fit, random, options);
  const rows = sampleIndices(random, x.rows, SWAP_SAMPLE_LIMIT);
  // In the matrix's kernel memory where it has one: read in place, its passes shared by a team.
  const room = kernelScratch(x.data, rows.length * d);
  try {
    return swapSearch(x, selectRows(x, rows, room ?? undefined), fit, random, options);
  } finally {
    if (room) releaseKernelScratch(room);
  }
}

/** The search of `swapImprove` on the rows `xs` (x itself, or a sample of it). */
function swapSearch(
  x: Matrix,
  xs: Matrix,
  fit: KMeansResult,
  random: RandomSource,
  { onMove, ...options }: SwapOptions,
): KMeansResult {
  const k = fit.centroids.rows;
  const d = x.cols;
  const sampled = xs !== x;
  const onSample = sampled ? { ...options, maxIter: Math.min(options.maxIter, SWAP_SAMPLE_MAX_ITER) } : options;
  let current: TrialFit = sampled ? lloyd(xs, fit.centroids, onSample) : fit;
  /** On all rows (no sample, so no moves tried in pairs): the last fit taken, whole. */
  let whole = fit;
  let improved = false;
  const tried = new Set<number>();
  let failures = 0;
  // Random numbers drawn for a move that was not tried (see below), for the next moves in order.
  const ahead: number[] = [];
  const draw = (): number => ahead.shift() ?? random();
  const better = (candidate: { inertia: number }) => candidate.inertia < current.inertia * (1 - 1e-9);
  while (failures < SWAP_MAX_FAILURES) {
    const centres = current.centroids.data;
    const costs = clusterCosts(xs, centres, k);
    const first = swapMove(costs, k, tried);
    if (!first) break;
    const firstStart = swapStart(xs, costs, centres, first, draw());
    tried.add(first[0] * k + first[1]);
    // With a team of threads, the move the search tries next if this one fails is tried at the
    // same time on another thread (from the same centres, with the next random number): the same
    // moves, draws and results as one after the other. (Each move is a whole Lloyd run; six
    // failed moves in a row end every search, so most are tried in pairs.)
    const paired = sampled && failures + 1 < SWAP_MAX_FAILURES && teamCanShare(xs.data);
    const second = paired ? swapMove(costs, k, tried) : undefined;
    const secondDraw = second ? random() : 0;
    const runs = second
      ? trialRunsInTeam(xs, [firstStart, swapStart(xs, costs, centres, second, secondDraw)], onSample)
      : null;
    // (Not run after all: its random number is the next move's.)
    if (second && !runs) ahead.push(secondDraw);
    const candidate: TrialFit = runs ? runs[0] : lloyd(xs, createMatrix(k, d, firstStart), onSample);
    const accept = (taken: TrialFit) => {
      current = taken;
      if ('labels' in taken) whole = taken as KMeansResult;
      improved = true;
      tried.clear();
      failures = 0;
    };
    const firstTaken = better(candidate);
    onMove?.({ paired: runs !== null, taken: firstTaken });
    if (firstTaken) {
      accept(candidate);
      // The second move was not the next: its random number is.
      if (runs) ahead.push(secondDraw);
      continue;
    }
    failures++;
    if (!runs || !second) continue;
    tried.add(second[0] * k + second[1]);
    const secondTaken = better(runs[1]);
    onMove?.({ paired: true, taken: secondTaken });
    if (secondTaken) accept(runs[1]);
    else failures++;
  }
  if (!improved) return fit;
  if (!sampled) return whole;
  // Lloyd on every row only when the sample's centres already do better there (one pass): from
  // there Lloyd can only go lower. On a million rows without clear groups, a sample's gain is
  // often not one on all rows, and that Lloyd run took longer than the whole search.
  if (!(assignedInertia(x, current.centroids.data, k) < fit.inertia)) return fit;
  const confirmed = lloyd(x, current.centroids, options);
  return confirmed.inertia < fit.inertia ? confirmed : fit;
}

/** Hartigan's moves on a Lloyd result, then exact means and inertia (see `hartiganRefine`). */
function refineResult(x: Matrix, result: KMeansResult): void {
  const k = result.centroids.rows;
  const centres = Float64Array.from(result.centroids.data);
  if (hartiganRefine(x, centres, result.labels, k, HARTIGAN_MAX_PASSES, result.inertia * HARTIGAN_MIN_GAIN) > 0) {
    // Recompute the means exactly (the incremental updates drift by rounding).
    const { means } = clusterMeans(x, result.labels, k);
    result.centroids = means;
    result.inertia = computeInertia(x, means.data, result.labels);
  }
}

interface KMeansSetup {
  k: number;
  maxIter: number;
  tolerance: number;
  nInit: number;
  random: RandomSource;
  refine: boolean;
}

function kmeansSetup(x: Matrix, options: KMeansOptions): KMeansSetup {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > x.rows) throw new RangeError(`k = ${k} is larger than the number of rows (${x.rows})`);
  return {
    k,
    maxIter: options.maxIter ?? KMEANS_DEFAULTS.maxIter,
    tolerance: meanVariance(x) * (options.tol ?? KMEANS_DEFAULTS.tol),
    nInit: options.init ? 1 : (options.nInit ?? KMEANS_DEFAULTS.nInit),
    random: seededRandom(options.seed ?? KMEANS_DEFAULTS.seed),
    refine: options.refine ?? options.init === undefined,
  };
}

/** After the starts: Hartigan's moves on the best one, then the single-centre swap search. */
function kmeansFinish(x: Matrix, options: KMeansOptions, setup: KMeansSetup, best: KMeansResult): KMeansResult {
  let fit = best;
  // Hartigan's moves on the best start only (as scikit-learn keeps the best Lloyd start): on every
  // start they cost a pass over the data each, for a start that is then thrown away.
  if (setup.refine) timed(options.onPhase, 'hartigan', () => refineResult(x, fit));
  if (options.swap ?? options.init === undefined) {
    const swapped = timed(options.onPhase, 'swap search', () =>
      swapImprove(x, fit, setup.random, { maxIter: setup.maxIter, tolerance: setup.tolerance }),
    );
    if (swapped !== fit) {
      if (setup.refine) timed(options.onPhase, 'hartigan', () => refineResult(x, swapped));
      if (swapped.inertia < fit.inertia) fit = swapped;
    }
  }
  return fit;
}

/**
 * K-Means: `nInit` seeded k-means++ starts, each refined by Lloyd's algorithm; the result with
 * the lowest inertia (the first of equals) is then improved by Hartigan's moves and by moving
 * single centres (`swapImprove`). The same data, k and seed always give the same result. Explicit
 * initial centres run Lloyd alone, to reproduce a reference fit exactly.
 */
export function kmeans(matrix: Matrix, options: KMeansOptions): KMeansResult {
  // Every pass reads the rows in place (the same arithmetic as reading them a block at a time).
  const x = createMatrix(matrix.rows, matrix.cols, kernelResident(matrix.data, matrix.rows));
  const setup = kmeansSetup(x, options);
  const starts = startsData(x, options);
  let best: KMeansResult | undefined;
  for (let init = 0; init < setup.nInit; init++) {
    const start =
      options.init ?? timed(options.onPhase, 'k-means++', () => kmeansPlusPlus(starts.x, setup.k, setup.random));
    const result = timed(options.onPhase, 'lloyd', () =>
      lloyd(starts.x, start, {
        maxIter: setup.maxIter,
        tolerance: starts.tolerance ?? setup.tolerance,
        onIteration: (iteration) => options.onProgress?.({ init, nInit: setup.nInit, iteration }),
      }),
    );
    if (!best || result.inertia < best.inertia) best = result;
  }
  const fit = kmeansFinish(x, options, setup, onAllRows(x, options, setup, starts, best as KMeansResult));
  releaseLloydKernel();
  return { ...fit, startsSampled: starts.x.rows };
}

/**
 * The rows the starts run on: all of them, or above `startsSample.above` a seeded sample (its own
 * random stream, so the starts draw exactly as they would on all rows), with its own tolerance.
 */
function startsData(x: Matrix, options: KMeansOptions): { x: Matrix; tolerance?: number } {
  const plan = options.startsSample === undefined ? STARTS_SAMPLE : options.startsSample;
  if (!plan || options.init || x.rows <= plan.above || x.rows <= plan.rows) return { x };
  const rows = sampleIndices(seededRandom((options.seed ?? KMEANS_DEFAULTS.seed) + 0x5a3c), x.rows, plan.rows);
  // In row order: the sample reads the matrix front to back.
  rows.sort();
  const picked = selectRows(x, rows);
  const sample = createMatrix(picked.rows, picked.cols, kernelResident(picked.data, picked.rows));
  return { x: sample, tolerance: meanVariance(sample) * (options.tol ?? KMEANS_DEFAULTS.tol) };
}

/** After starts on a sample: Lloyd from the best start on every row (progress as one more start). */
function onAllRows(
  x: Matrix,
  options: KMeansOptions,
  setup: KMeansSetup,
  starts: { x: Matrix },
  best: KMeansResult,
): KMeansResult {
  if (starts.x === x) return best;
  return timed(options.onPhase, 'lloyd', () =>
    lloyd(x, best.centroids, {
      maxIter: setup.maxIter,
      tolerance: setup.tolerance,
      onIteration: (iteration) =>
        options.onProgress?.({ init: setup.nInit - 1, nInit: setup.nInit, iteration, allRows: true }),
    }),
  );
}

/**
 * Runs `run` (a K-Means run on matrices of up to `maxRows` rows) with its passes over the rows
 * shared by several threads (see wasm/rowTeam.ts; the worker's is electron/worker/rowTeam.ts).
 */
export type TeamRunner = <T>(maxRows: number, run: () => T) => Promise<T>;

/**
 * `kmeans` with every pass over the rows shared by a team of threads (both cores inside each
 * start, so a long start never leaves a core idle): the same result to the bit as `kmeans`.
 */
export function kmeansParallel(x: Matrix, options: KMeansOptions, withTeam: TeamRunner): Promise<KMeansResult> {
  return withTeam(x.rows, () => kmeans(x, options));
}

/** Initial centres taken from given rows (used to reproduce a reference fit). */
export function centresFromRows(x: Matrix, rowIndices: readonly number[]): Matrix {
  return selectRows(x, rowIndices);
}

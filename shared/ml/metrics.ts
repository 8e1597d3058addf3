import { createMatrix, type Matrix } from './matrix';
import { silhouetteSums } from './wasm/lloydKernel';
import { sampleIndices, seededRandom } from './random';

/** Number of clusters in a labeling (largest label + 1). */
export function clusterCount(labels: Int32Array): number {
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > k) k = labels[i] + 1;
  return k;
}

/** Mean of the rows in each cluster (k × cols) and the cluster sizes. */
export function clusterMeans(x: Matrix, labels: Int32Array, k = clusterCount(labels)) {
  const d = x.cols;
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let f = 0; f < d; f++) sums[c * d + f] += x.data[i * d + f];
  }
  for (let c = 0; c < k; c++) if (sizes[c] > 0) for (let f = 0; f < d; f++) sums[c * d + f] /= sizes[c];
  return { means: createMatrix(k, d, sums), sizes };
}

/**
 * Silhouette of each row (Rousseeuw 1987): s(i) = (b − a) / max(a, b), where a is the mean
 * Euclidean distance to the other members of its cluster and b the smallest mean distance to
 * the members of another cluster; 0 for a row alone in its cluster. Exact, O(n² · d).
 */
export function silhouetteSamples(x: Matrix, labels: Int32Array): Float64Array {
  const n = x.rows;
  const d = x.cols;
  const k = clusterCount(labels);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  // sums[i * k + c]: total distance from row i to the rows of cluster c. Each pair is measured
  // once and added to both ends, halving the O(n² · d) work. In WebAssembly where it runs (the
  // same additions in the same order, two pairs at a time: about five times faster).
  const xd = x.data;
  const fast = silhouetteSums(xd, n, d, labels, k);
  const sums = fast ?? new Float64Array(n * k);
  for (let i = 0; !fast && i < n; i++) {
    const bi = i * d;
    const li = labels[i];
    const rowI = i * k;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      const bj = j * d;
      for (let f = 0; f < d; f++) {
        const diff = xd[bi + f] - xd[bj + f];
        s += diff * diff;
      }
      const distance = Math.sqrt(s);
      sums[rowI + labels[j]] += distance;
      sums[j * k + li] += distance;
    }
  }
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[i * k + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c] > 0) b = Math.min(b, sums[i * k + c] / sizes[c]);
    }
    const denominator = Math.max(a, b);
    result[i] = denominator > 0 && Number.isFinite(b) ? (b - a) / denominator : 0;
  }
  return result;
}

export const SILHOUETTE_EXACT_LIMIT = 10_000;

export interface SilhouetteScore {
  value: number;
  /** Rows the score was computed on: all of them up to the limit, a seeded sample above it. */
  sampled: number;
  exact: boolean;
}

/**
 * Mean silhouette over all rows, exact up to `limit` rows; above it, the exact mean silhouette
 * of a seeded uniform sample of `limit` rows (Orange and scikit-learn's `sample_size` do the same).
 */
export function silhouette(
  x: Matrix,
  labels: Int32Array,
  options: { limit?: number; seed?: number } = {},
): SilhouetteScore {
  const limit = options.limit ?? SILHOUETTE_EXACT_LIMIT;
  let data = x;
  let sampleLabels = labels;
  if (x.rows > limit) {
    const picked = sampleIndices(seededRandom(options.seed ?? 0), x.rows, limit);
    const values = new Float64Array(limit * x.cols);
    sampleLabels = new Int32Array(limit);
    picked.forEach((row, r) => {
      values.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), r * x.cols);
      sampleLabels[r] = labels[row];
    });
    data = createMatrix(limit, x.cols, values);
  }
  const samples = silhouetteSamples(data, sampleLabels);
  let total = 0;
  for (let i = 0; i < samples.length; i++) total += samples[i];
  return { value: total / samples.length, sampled: data.rows, exact: data.rows === x.rows };
}

/**
 * Calinski–Harabasz index (variance ratio criterion):
 * [B / (k − 1)] / [W / (n − k)], with B = Σ_c n_c ‖μ_c − μ‖² and W = Σᵢ ‖xᵢ − μ_{c(i)}‖².
 */
export function calinskiHarabasz(
  x: Matrix,
  labels: Int32Array,
  { means, sizes }: ReturnType<typeof clusterMeans> = clusterMeans(x, labels),
): number {
  const n = x.rows;
  const d = x.cols;
  const k = sizes.length;
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) overall[f] += x.data[i * d + f];
  for (let f = 0; f < d; f++) overall[f] /= n;
  let between = 0;
  let within = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const diff = means.data[c * d + f] - overall[f];
      s += diff * diff;
    }
    between += sizes[c] * s;
  }
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let f = 0; f < d; f++) {
      const diff = x.data[i * d + f] - means.data[c * d + f];
      within += diff * diff;
    }
  }
  if (within === 0) return 1;
  return (between * (n - k)) / (within * (k - 1));
}

/**
 * Davies–Bouldin index: the mean over clusters of max_{j≠i} (sᵢ + sⱼ) / ‖μᵢ − μⱼ‖, where sᵢ is
 * the mean distance of cluster i's rows to its centroid. Lower is better; 0 is the minimum.
 */
export function daviesBouldin(
  x: Matrix,
  labels: Int32Array,
  { means, sizes }: ReturnType<typeof clusterMeans> = clusterMeans(x, labels),
): number {
  const d = x.cols;
  const k = sizes.length;
  const spread = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i];
    let s = 0;
    for (let f = 0; f < d; f++) {
      const diff = x.data[i * d + f] - means.data[c * d + f];
      s += diff * diff;
    }
    spread[c] += Math.sqrt(s);
  }
  for (let c = 0; c < k; c++) if (sizes[c] > 0) spread[c] /= sizes[c];
  let allSpreadZero = true;
  for (let c = 0; c < k; c++) if (spread[c] !== 0) allSpreadZero = false;
  if (allSpreadZero) return 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    let worst = 0;
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = means.data[i * d + f] - means.data[j * d + f];
        s += diff * diff;
      }
      const separation = Math.sqrt(s);
      const ratio = separation === 0 ? 0 : (spread[i] + spread[j]) / separation;
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / k;
}

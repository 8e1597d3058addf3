import { quantile } from '../ml/preprocess';

/** A numeric column's spread within each segment, for box plots: Tukey's five numbers and fences. */
export interface BoxStats {
  cluster: number;
  /** Customers of the segment with a value (blanks are left out and counted). */
  count: number;
  missing: number;
  mean: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Whisker ends: the most extreme values within 1.5 × IQR of the quartiles. */
  lowerFence: number;
  upperFence: number;
  /** Values beyond the whiskers. */
  outliers: number;
}

/** Quantiles of sorted values: the preprocessing's own (linear, NumPy's default). */
export { quantile as quantileSorted } from '../ml/preprocess';

/** Tukey's fences of sorted values: 1.5 interquartile ranges beyond the quartiles. */
export function tukeyFences(sorted: ArrayLike<number>): { low: number; high: number } {
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { low: q1 - 1.5 * (q3 - q1), high: q3 + 1.5 * (q3 - q1) };
}

/** Box-plot numbers of `values` for each segment 0…k−1 given by `labels` (−1: not in the model). */
export function boxStats(values: Float64Array, labels: Int32Array, k: number): BoxStats[] {
  const counts = new Int32Array(k);
  const missing = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) continue;
    if (Number.isNaN(values[i])) missing[c]++;
    else counts[c]++;
  }
  const groups = Array.from({ length: k }, (_, c) => new Float64Array(counts[c]));
  const filled = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= k || Number.isNaN(values[i])) continue;
    groups[c][filled[c]++] = values[i];
  }
  return groups.map((group, cluster) => {
    group.sort();
    const n = group.length;
    if (n === 0) {
      const nan = Number.NaN;
      return {
        cluster,
        count: 0,
        missing: missing[cluster],
        mean: nan,
        min: nan,
        q1: nan,
        median: nan,
        q3: nan,
        max: nan,
        lowerFence: nan,
        upperFence: nan,
        outliers: 0,
      };
    }
    const q1 = quantile(group, 0.25);
    const q3 = quantile(group, 0.75);
    const { low, high } = tukeyFences(group);
    let lowerFence = group[0];
    let upperFence = group[n - 1];
    let outliers = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += group[i];
      if (group[i] < low || group[i] > high) outliers++;
    }
    for (let i = 0; i < n; i++) {
      if (group[i] >= low) {
        lowerFence = group[i];
        break;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      if (group[i] <= high) {
        upperFence = group[i];
        break;
      }
    }
    return {
      cluster,
      count: n,
      missing: missing[cluster],
      mean: sum / n,
      min: group[0],
      q1,
      median: quantile(group, 0.5),
      q3,
      max: group[n - 1],
      lowerFence,
      upperFence,
      outliers,
    };
  });
}

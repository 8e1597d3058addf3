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

/** The p-quantile (0–1) of sorted values, linear between closest ranks (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
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
    const q1 = quantileSorted(group, 0.25);
    const q3 = quantileSorted(group, 0.75);
    const iqr = q3 - q1;
    let lowerFence = group[0];
    let upperFence = group[n - 1];
    let outliers = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += group[i];
      if (group[i] < q1 - 1.5 * iqr || group[i] > q3 + 1.5 * iqr) outliers++;
    }
    for (let i = 0; i < n; i++) {
      if (group[i] >= q1 - 1.5 * iqr) {
        lowerFence = group[i];
        break;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      if (group[i] <= q3 + 1.5 * iqr) {
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
      median: quantileSorted(group, 0.5),
      q3,
      max: group[n - 1],
      lowerFence,
      upperFence,
      outliers,
    };
  });
}

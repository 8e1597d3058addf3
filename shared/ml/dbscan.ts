import type { Matrix } from './matrix';

export const NOISE = -1;

function neighbours(x: Matrix, i: number, eps2: number): number[] {
  const d = x.cols;
  const out: number[] = [];
  for (let j = 0; j < x.rows; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const diff = x.data[i * d + f] - x.data[j * d + f];
      s += diff * diff;
    }
    if (s <= eps2) out.push(j);
  }
  return out;
}

/**
 * DBSCAN (Ester et al. 1996), as scikit-learn defines it: a row is a core row when at least
 * `minSamples` rows (itself included) lie within `eps`; clusters are the core rows connected
 * through such neighbourhoods plus the rows within reach of them; the rest is noise (−1).
 * Brute-force neighbourhoods, O(n²·d): meant for samples of a few thousand rows.
 */
export function dbscan(x: Matrix, eps: number, minSamples: number): Int32Array {
  const n = x.rows;
  const eps2 = eps * eps;
  const near = Array.from({ length: n }, (_, i) => neighbours(x, i, eps2));
  const core = near.map((list) => list.length >= minSamples);
  const labels = new Int32Array(n).fill(NOISE);
  let cluster = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== NOISE || !core[i]) continue;
    const stack = [i];
    labels[i] = cluster;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      if (!core[p]) continue;
      for (const q of near[p]) {
        if (labels[q] === NOISE) {
          labels[q] = cluster;
          if (core[q]) stack.push(q);
        }
      }
    }
    cluster++;
  }
  return labels;
}

/**
 * A starting eps from the k-distance curve: each row's distance to its k-th nearest neighbour
 * (itself counted, as min_samples counts it), sorted; eps is where the curve bends upwards most
 * (largest gap below the chord from first to last), the usual reading of that plot.
 */
export function suggestEps(x: Matrix, k: number): number {
  const n = x.rows;
  const d = x.cols;
  const kth = new Float64Array(n);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = x.data[i * d + f] - x.data[j * d + f];
        s += diff * diff;
      }
      distances[j] = s;
    }
    distances.sort();
    kth[i] = Math.sqrt(distances[Math.min(k, n) - 1]);
  }
  kth.sort();
  const first = kth[0];
  const last = kth[n - 1];
  if (last === first) return last || 1;
  let best = n - 1;
  let bestGap = 0;
  for (let i = 0; i < n; i++) {
    const chord = first + ((last - first) * i) / (n - 1);
    const gap = chord - kth[i];
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return kth[best];
}

import type { Matrix } from './matrix';

/**
 * Ward's agglomerative clustering (minimum increase of within-cluster sum of squares), by the
 * nearest-neighbour chain algorithm (Murtagh 1983) on cluster centroids: merging A and B costs
 * Δ = |A|·|B| / (|A| + |B|) · ‖c_A − c_B‖². O(n²·d) time and O(n·d) memory, so a few thousand
 * customers take seconds (a distance-matrix implementation needs O(n²) memory and O(n³) time).
 * Returns labels for `k` clusters, numbered by first appearance in row order.
 */
export function wardLabels(x: Matrix, k: number): Int32Array {
  const n = x.rows;
  const d = x.cols;
  if (k < 1 || k > n) throw new RangeError(`k = ${k} must be between 1 and ${n}`);
  const centroid = Float64Array.from(x.data.subarray(0, n * d));
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: { a: number; b: number; cost: number }[] = [];
  const cost = (a: number, b: number) => {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const diff = centroid[a * d + f] - centroid[b * d + f];
      s += diff * diff;
    }
    return ((size[a] * size[b]) / (size[a] + size[b])) * s;
  };
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) {
      let first = 0;
      while (!active[first]) first++;
      chain.push(first);
    }
    const top = chain[chain.length - 1];
    const previous = chain.length > 1 ? chain[chain.length - 2] : -1;
    let nearest = -1;
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === top) continue;
      const c = cost(top, j);
      // Prefer the previous chain element on ties, so the chain always ends in a reciprocal pair.
      if (c < best || (c === best && j === previous)) {
        best = c;
        nearest = j;
      }
    }
    if (nearest === previous) {
      chain.pop();
      chain.pop();
      // Merge `nearest` into `top`: the union keeps index `top`.
      const total = size[top] + size[nearest];
      for (let f = 0; f < d; f++) {
        centroid[top * d + f] = (centroid[top * d + f] * size[top] + centroid[nearest * d + f] * size[nearest]) / total;
      }
      size[top] = total;
      active[nearest] = 0;
      merges.push({ a: top, b: nearest, cost: best });
      remaining--;
    } else chain.push(nearest);
  }
  // Ward is monotone, so the k-cluster cut applies the n − k cheapest merges.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const ordered = merges.map((m, order) => ({ ...m, order })).sort((p, q) => p.cost - q.cost || p.order - q.order);
  for (const m of ordered.slice(0, n - k)) parent[find(m.b)] = find(m.a);
  const labels = new Int32Array(n);
  const numbering = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!numbering.has(root)) numbering.set(root, numbering.size);
    labels[i] = numbering.get(root) as number;
  }
  return labels;
}

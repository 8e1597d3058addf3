import { clusterCount } from './metrics';

/** Contingency table of two labelings with ka and kb clusters (row-major ka × kb). */
function contingency(a: Int32Array, b: Int32Array, ka: number, kb: number): Float64Array {
  const table = new Float64Array(ka * kb);
  for (let i = 0; i < a.length; i++) table[a[i] * kb + b[i]]++;
  return table;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): agreement of two partitions of the same rows,
 * 1 for identical partitions (up to renaming), about 0 for chance agreement.
 */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  const n = a.length;
  const ka = clusterCount(a);
  const kb = clusterCount(b);
  const table = contingency(a, b, ka, kb);
  let sumCells = 0;
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  for (let i = 0; i < ka; i++) {
    for (let j = 0; j < kb; j++) {
      const v = table[i * kb + j];
      sumCells += pairs(v);
      rows[i] += v;
      cols[j] += v;
    }
  }
  const sumRows = rows.reduce((s, v) => s + pairs(v), 0);
  const sumCols = cols.reduce((s, v) => s + pairs(v), 0);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (sumCells - expected) / (max - expected);
}

/**
 * Share of rows that keep their segment between two labelings once segments are matched
 * one-to-one (greedy on the largest overlaps): "94% of customers stay in the same segment".
 */
export function sameSegmentShare(a: Int32Array, b: Int32Array): number {
  const ka = clusterCount(a);
  const kb = clusterCount(b);
  const table = contingency(a, b, ka, kb);
  const cells = Array.from(table.keys()).sort((x, y) => table[y] - table[x]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let kept = 0;
  for (const cell of cells) {
    const i = Math.floor(cell / kb);
    const j = cell % kb;
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    kept += table[cell];
  }
  return a.length > 0 ? kept / a.length : 1;
}

/**
 * Segments over time: a saved model applied to an earlier and a later snapshot of the customers,
 * compared by customer id — who stayed, who moved where, who is new and who is gone; how each
 * segment's size changed; and whether the customers drifted away from what the model knows (the
 * population stability index of each feature, and the share of customers now far from every
 * centre). Pure: no Node, no DOM.
 */
import type { RawFeatures } from '../ml/preprocess';
import { quantile } from '../ml/preprocess';

export interface Snapshot {
  ids: (string | null)[];
  /** Each row's segment (0-based), or −1 when the recipe left it out. */
  labels: Int32Array;
  /** Distance to the nearest centre (model space). */
  distances: Float64Array;
  raw: RawFeatures;
}

export interface Transitions {
  /** Customers by where they were and where they are; null: not in that snapshot (new, or gone). */
  transitions: { from: number | null; to: number | null; count: number; fromName: string; toName: string }[];
  segments: { cluster: number; name: string; before: number; after: number }[];
  /** Customers in both snapshots that kept their segment, and those in both. */
  stayed: number;
  matched: number;
  drift: { feature: string; psi: number; verdict: string }[];
  /** Share of the later customers farther from every centre than 99% of the earlier ones were. */
  farFromCentroids: number;
  /** Rows whose id was blank, or given twice (the first row of an id counts), per snapshot. */
  unmatched: { before: number; after: number };
}

/** PSI bands as risk teams use them. */
export const PSI_STABLE = 0.1;
export const PSI_SHIFTED = 0.25;
const EPSILON = 1e-4;

/** Population stability index of two distributions over the same bins (shares; a bin at 0 counts as 0.01%). */
export function psi(expected: number[], actual: number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], EPSILON);
    const a = Math.max(actual[i], EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** Decile edges of the earlier values (distinct ones only): the bins both snapshots are counted in. */
export function decileEdges(values: Float64Array): number[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let d = 1; d < 10; d++) {
    const edge = quantile(sorted, d / 10);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Shares of values per bin: (−∞, e1], (e1, e2], …, (e_last, ∞), then blanks. */
export function binShares(values: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 2).fill(0);
  for (const v of values) {
    if (Number.isNaN(v)) {
      counts[edges.length + 1]++;
      continue;
    }
    let b = 0;
    while (b < edges.length && v > edges[b]) b++;
    counts[b]++;
  }
  const n = Math.max(values.length, 1);
  return counts.map((c) => c / n);
}

function verdictOf(feature: string, value: number, before: number, after: number): string {
  if (value < PSI_STABLE) return `${feature} is stable`;
  const direction = after > before ? ' up' : after < before ? ' down' : '';
  return value < PSI_SHIFTED
    ? `${feature} has shifted a little${direction}; watch it`
    : `${feature} has shifted${direction}; consider retraining`;
}

const median = (values: Float64Array): number => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  return sorted.length > 0 ? quantile(sorted, 0.5) : Number.NaN;
};

/** Compare two scored snapshots of the same customers (by id). */
export function compareSnapshots(before: Snapshot, after: Snapshot, names: string[]): Transitions {
  const k = names.length;
  const index = (snapshot: Snapshot) => {
    const byId = new Map<string, number>();
    let unmatched = 0;
    snapshot.ids.forEach((id, row) => {
      if (id === null || id.trim() === '' || byId.has(id)) unmatched++;
      else byId.set(id, row);
    });
    return { byId, unmatched };
  };
  const a = index(before);
  const b = index(after);
  const counts = new Map<string, number>();
  const bump = (from: number | null, to: number | null) => {
    const key = `${from}|${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const labelOf = (snapshot: Snapshot, row: number): number | null =>
    snapshot.labels[row] >= 0 ? snapshot.labels[row] : null;
  let stayed = 0;
  let matched = 0;
  for (const [id, row] of a.byId) {
    const other = b.byId.get(id);
    const from = labelOf(before, row);
    const to = other === undefined ? null : labelOf(after, other);
    if (other !== undefined && from !== null && to !== null) {
      matched++;
      if (from === to) stayed++;
    }
    bump(from, to);
  }
  for (const [id, row] of b.byId) if (!a.byId.has(id)) bump(null, labelOf(after, row));
  const name = (c: number | null, missing: string) => (c === null ? missing : (names[c] ?? `Segment ${c + 1}`));
  const transitions = [...counts]
    .map(([key, count]) => {
      const [from, to] = key.split('|').map((v) => (v === 'null' ? null : Number(v)));
      return { from, to, count, fromName: name(from, 'new'), toName: name(to, 'gone') };
    })
    .sort((x, y) => (x.from ?? k) - (y.from ?? k) || (x.to ?? k) - (y.to ?? k));
  const sizes = (snapshot: Snapshot) => {
    const out = new Array<number>(k).fill(0);
    for (const c of snapshot.labels) if (c >= 0) out[c]++;
    return out;
  };
  const sizeBefore = sizes(before);
  const sizeAfter = sizes(after);

  // Drift of each feature: the later customers' shares in the earlier customers' deciles (or categories).
  const drift = [
    ...before.raw.numeric.map((column) => {
      const later = after.raw.numeric.find((c) => c.name === column.name)?.values ?? new Float64Array();
      const edges = decileEdges(column.values);
      const value = psi(binShares(column.values, edges), binShares(later, edges));
      return {
        feature: column.name,
        psi: value,
        verdict: verdictOf(column.name, value, median(column.values), median(later)),
      };
    }),
    ...before.raw.categorical.map((column) => {
      const later = after.raw.categorical.find((c) => c.name === column.name);
      const levels = [...new Set([...column.levels, ...(later?.levels ?? [])])].sort();
      const shares = (codes: Int32Array, own: string[]) => {
        const out = new Array<number>(levels.length + 1).fill(0);
        for (const code of codes) out[code < 0 ? levels.length : levels.indexOf(own[code])]++;
        return out.map((c) => c / Math.max(codes.length, 1));
      };
      const value = psi(
        shares(column.codes, column.levels),
        later ? shares(later.codes, later.levels) : new Array<number>(levels.length + 1).fill(0),
      );
      return {
        feature: column.name,
        psi: value,
        verdict:
          value < PSI_STABLE
            ? `${column.name} is stable`
            : value < PSI_SHIFTED
              ? `${column.name}'s mix has shifted a little; watch it`
              : `${column.name}'s mix has shifted; consider retraining`,
      };
    }),
  ];

  // Far from every centre: beyond the 99th percentile of the earlier customers' distances.
  const earlier = before.distances.filter((_, i) => before.labels[i] >= 0).sort();
  const limit = earlier.length > 0 ? quantile(earlier, 0.99) : Infinity;
  let far = 0;
  let scored = 0;
  after.distances.forEach((d, i) => {
    if (after.labels[i] < 0) return;
    scored++;
    if (d > limit) far++;
  });
  return {
    transitions,
    segments: names.map((n, c) => ({ cluster: c, name: n, before: sizeBefore[c], after: sizeAfter[c] })),
    stayed,
    matched,
    drift,
    farFromCentroids: scored > 0 ? far / scored : 0,
    unmatched: { before: a.unmatched, after: b.unmatched },
  };
}

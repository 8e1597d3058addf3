/**
 * The classic RFM scores and named groups marketers use. Each of recency, frequency and monetary
 * becomes a quintile score 1–5 as analysts compute it with pandas —
 * `pd.qcut(x.rank(method='first'), 5, labels=…)` over the customers sorted by id — recency
 * reversed (5 = bought most recently); the R and F scores then name a group by the usual map.
 * Pure: no Node, no DOM.
 */

/** The usual R/F score map (R score, then F scores) to group names: data, not rules in code. */
export const RFM_GROUPS: { name: string; r: number[]; f: number[] }[] = [
  { name: 'Champions', r: [5], f: [4, 5] },
  { name: 'Loyal', r: [3, 4], f: [4, 5] },
  { name: 'Potential loyalists', r: [4, 5], f: [2, 3] },
  { name: 'New', r: [5], f: [1] },
  { name: 'Promising', r: [4], f: [1] },
  { name: 'Need attention', r: [3], f: [3] },
  { name: 'About to sleep', r: [3], f: [1, 2] },
  { name: "Can't lose them", r: [1, 2], f: [5] },
  { name: 'At risk', r: [1, 2], f: [3, 4] },
  // R 1 and F 1 is the most lapsed: "Lost" is listed before "Hibernating", and the first match wins.
  { name: 'Lost', r: [1], f: [1] },
  { name: 'Hibernating', r: [1, 2], f: [1, 2] },
];

/** The group of an R and an F score: the first entry of the map that holds both. */
export function rfmGroup(r: number, f: number): string {
  const group = RFM_GROUPS.find((g) => g.r.includes(r) && g.f.includes(f));
  return group ? group.name : 'Unscored';
}

/**
 * numpy's linear quantile of the ranks 1…n at q, computed as numpy does it (its virtual index
 * n·q + (1 − q) − 1 and its two-sided interpolation), so the edges are the same doubles.
 */
function rankQuantile(n: number, q: number): number {
  const virtual = n * q + (1 - q) - 1;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  const gamma = virtual - below;
  const a = below + 1;
  const b = above + 1;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** numpy.linspace(0, 1, 6): the quantiles pandas' qcut(x, 5) cuts at. */
const QUANTILES = [0, 0.2, 0.4, 0.2 * 3, 0.8, 1];

/**
 * Quintile scores 1–5 of `values`, customers ordered by `ids` for ties (pandas' rank "first" over
 * an id-sorted table); `reverse` gives 5 to the smallest values (recency). Null for fewer than 2
 * customers (pandas cannot cut them).
 */
export function quintileScores(values: ArrayLike<number>, ids: string[], reverse = false): Int32Array | null {
  const n = values.length;
  if (n < 2) return null;
  const byId = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const position = new Int32Array(n);
  byId.forEach((row, p) => (position[row] = p));
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => values[a] - values[b] || position[a] - position[b],
  );
  const edges = QUANTILES.map((q) => rankQuantile(n, q));
  const scores = new Int32Array(n);
  order.forEach((row, p) => {
    const rank = p + 1;
    let bin = 0;
    for (const edge of edges) if (edge < rank) bin++;
    bin = Math.max(1, bin);
    scores[row] = reverse ? 6 - bin : bin;
  });
  return scores;
}

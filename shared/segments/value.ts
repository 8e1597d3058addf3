/**
 * "Who is worth what": each segment's share of customers beside its share of a value column
 * (spend, revenue, monetary), its average and median value, and the rate of each 0/1 outcome
 * (campaign response, churn, complaint) beside the overall rate — the first table every CRM tool
 * shows next to segments. Pure: no Node, no DOM.
 */
import type { ColumnSummary } from '../domain';
import { quantile } from '../ml/preprocess';
import { columnMeaning, nameWords, type MeaningSource } from './meanings';

export interface SegmentValue {
  /** The value column, or null when the dataset has none the app recognises (the user may pick one). */
  column: string | null;
  /** Customers whose value is blank (left out of the value's shares, means and medians). */
  blanks: number;
  /**
   * Customers with a negative value (returns, credits): when there are any, no share of the total is
   * given — a share of a total that mixes signs can pass 100% and mislead.
   */
  negatives: number;
  segments: {
    cluster: number;
    customers: number;
    /** Share of the model's customers, 0–1. */
    customerShare: number;
    /** Share of the value column's total, 0–1 (null without a value column or a total of 0). */
    share: number | null;
    total: number | null;
    mean: number | null;
    median: number | null;
  }[];
  /** Every 0/1 column: its rate in each segment beside the rate over all customers. */
  outcomes: { column: string; overallRate: number; rates: number[] }[];
  /**
   * A transaction log's RFM groups (Champions … Lost) against the segments: customers of each group
   * in each segment ([segment][group]), to compare the two ways of dividing the same customers.
   */
  groups?: { column: string; levels: string[]; counts: number[][] };
}

const VALUE_WORDS = new Set([
  'monetary',
  'revenue',
  'sales',
  'spend',
  'spent',
  'spending',
  'value',
  'amount',
  'clv',
  'ltv',
  'turnover',
  'mnt',
  'total',
  'purchases',
  'income',
]);
const NOT_A_TOTAL = new Set([
  'average',
  'avg',
  'mean',
  'per',
  'rate',
  'ratio',
  'share',
  'score',
  'log',
  'count',
  'num',
]);

/**
 * The value column a marketer would mean: "monetary" from a transaction log, else a column whose
 * name says spend, revenue, sales or value (not an average, a ratio or a score); "income" last.
 */
export function guessValueColumn(columns: ColumnSummary[], recipe: MeaningSource | null = null): string | null {
  const numeric = columns.filter((c) => c.kind === 'numeric');
  // A column the user (or the name) says is the customer's value comes first, when it is the only one.
  const valued = numeric.filter((c) => columnMeaning(recipe, c.name).meaning === 'value');
  if (valued.length === 1) return valued[0].name;
  const score = (name: string): number => {
    const words = nameWords(name);
    if (words.some((w) => NOT_A_TOTAL.has(w))) return 0;
    if (words.includes('monetary')) return 5;
    if (words.some((w) => ['revenue', 'sales', 'turnover', 'clv', 'ltv'].includes(w))) return 4;
    if (words.some((w) => ['spend', 'spent', 'spending'].includes(w)) && words.includes('total')) return 4;
    if (words.some((w) => ['spend', 'spent', 'spending', 'value', 'amount'].includes(w))) return 3;
    if (words.includes('total') && words.some((w) => VALUE_WORDS.has(w))) return 2;
    return 0;
  };
  const ranked = numeric.map((c) => ({ name: c.name, score: score(c.name) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best || best.score === 0) return null;
  // Several spend columns and no total (spend_wine, spend_meat, …): no one of them is the value; the user picks.
  if (best.score <= 3 && ranked[1]?.score === best.score) return null;
  return best.name;
}

/** Per cluster: running sums of a column (blanks left out) and its values (for the median). */
class Tally {
  readonly sums: number[];
  readonly counts: number[];
  readonly values: number[][];
  constructor(k: number) {
    this.sums = new Array<number>(k).fill(0);
    this.counts = new Array<number>(k).fill(0);
    this.values = Array.from({ length: k }, () => []);
  }
}

/**
 * The value table from each customer's segment (−1: none) and the columns' values. `flags` are
 * the 0/1 columns (their rates); values other than 0 and 1 make a column no outcome.
 */
export function segmentValue(
  labels: Int32Array,
  k: number,
  value: { name: string; values: Float64Array } | null,
  flags: { name: string; values: Float64Array }[],
): SegmentValue {
  const sizes = new Array<number>(k).fill(0);
  let customers = 0;
  for (const c of labels) {
    if (c >= 0) {
      sizes[c]++;
      customers++;
    }
  }
  let blanks = 0;
  let negatives = 0;
  const tally = new Tally(k);
  if (value) {
    labels.forEach((c, i) => {
      if (c < 0) return;
      const v = value.values[i];
      if (Number.isNaN(v)) {
        blanks++;
        return;
      }
      if (v < 0) negatives++;
      tally.sums[c] += v;
      tally.counts[c]++;
      tally.values[c].push(v);
    });
  }
  const grand = tally.sums.reduce((a, b) => a + b, 0);
  const outcomes = flags.flatMap((flag) => {
    const ones = new Array<number>(k).fill(0);
    const present = new Array<number>(k).fill(0);
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i];
      const v = flag.values[i];
      if (c < 0 || Number.isNaN(v)) continue;
      if (v !== 0 && v !== 1) return [];
      present[c]++;
      if (v === 1) ones[c]++;
    }
    const all = present.reduce((a, b) => a + b, 0);
    const allOnes = ones.reduce((a, b) => a + b, 0);
    if (all === 0 || allOnes === 0 || allOnes === all) return [];
    return [
      { column: flag.name, overallRate: allOnes / all, rates: ones.map((o, c) => (present[c] ? o / present[c] : 0)) },
    ];
  });
  return {
    column: value?.name ?? null,
    blanks,
    negatives,
    segments: sizes.map((size, c) => {
      const sorted = Float64Array.from(tally.values[c]).sort();
      return {
        cluster: c,
        customers: size,
        customerShare: customers > 0 ? size / customers : 0,
        share: value && grand > 0 && negatives === 0 ? tally.sums[c] / grand : null,
        total: value ? tally.sums[c] : null,
        mean: value && tally.counts[c] > 0 ? tally.sums[c] / tally.counts[c] : null,
        median: value && sorted.length > 0 ? quantile(sorted, 0.5) : null,
      };
    }),
    outcomes,
  };
}

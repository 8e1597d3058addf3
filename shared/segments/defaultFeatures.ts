/**
 * The features offered by default, and why each other numeric column is left out: a running
 * number (an identifier in disguise), a constant, a 0/1 flag, a code (numbers that name groups:
 * Region 1, 2, 3), or one of a near-duplicate pair (|r| ≥ 0.95: both would count the same thing
 * twice). Small whole numbers with few values whose name says neither "count" nor "code" are kept
 * but asked about ("code or number?"). Pure: no Node, no DOM.
 */
import type { DatasetSummary } from '../domain';
import type { ColumnStats, DatasetDescription } from '../import/describe';
import { nameWords } from './naming';

export interface LeftOutColumn {
  name: string;
  reason: string;
  /** A code: one click makes it a category. */
  code?: boolean;
}

export interface DefaultFeatures {
  features: string[];
  leftOut: LeftOutColumn[];
  /** Kept, but small whole numbers with few values: a count, or a code to make a category? */
  ask: { name: string; values: string }[];
}

/** Above this |r|, two columns measure the same thing. */
export const NEAR_DUPLICATE = 0.95;
const CODE_LEVELS = 12;

/** Words that name groups rather than amounts. */
const CODE_WORDS = new Set([
  'code',
  'region',
  'channel',
  'type',
  'class',
  'category',
  'cat',
  'group',
  'zone',
  'area',
  'status',
  'level',
  'tier',
  'segment',
  'cluster',
  'gender',
  'sex',
  'country',
  'state',
  'branch',
  'store',
  'shop',
  'department',
  'dept',
  'plan',
  'grade',
  'kind',
  'flag',
  'postcode',
  'zip',
]);
/** Words that name amounts or counts (a number, whatever its values). */
const COUNT_WORDS = new Set([
  'num',
  'number',
  'count',
  'cnt',
  'n',
  'qty',
  'quantity',
  'kid',
  'kids',
  'kidhome',
  'teenhome',
  'child',
  'children',
  'teen',
  'teens',
  'home',
  'visits',
  'visit',
  'purchases',
  'purchase',
  'orders',
  'order',
  'items',
  'times',
  'days',
  'day',
  'months',
  'years',
  'age',
  'recency',
  'frequency',
  'accepted',
  'complain',
  'rooms',
  'cars',
  'size',
  'members',
  'household',
  'dependents',
  'tenure',
  'score',
  'rating',
  'stars',
]);

const fixed = (r: number) => r.toFixed(2);

/** A transaction log's quintile scores, and the measure each restates. */
const RFM_SCORES: Record<string, string> = { r_score: 'recency_days', f_score: 'frequency', m_score: 'monetary' };

function valuesText(stats: ColumnStats): string {
  return stats.min === stats.max ? String(stats.min) : `${stats.min}–${stats.max}`;
}

/**
 * For the import wizard: a numeric column of few whole numbers whose name does not say "count" —
 * a code (Region 1–3) or a number? Null when it is clearly a number (or a 0/1 flag).
 */
export function codeHint(
  name: string,
  s: { integers: boolean; distinct: number; min: number; max: number },
): string | null {
  if (!s.integers || s.distinct < 2 || s.distinct > CODE_LEVELS || (s.distinct === 2 && s.min === 0 && s.max === 1)) {
    return null;
  }
  const words = nameWords(name);
  if (words.some((w) => COUNT_WORDS.has(w))) return null;
  const values = `${s.distinct} whole-number values, ${s.min}–${s.max}`;
  return words.some((w) => CODE_WORDS.has(w))
    ? `looks like a code (${values}): numbers that name groups`
    : `a code or a number? (${values})`;
}

/** Why log(1 + x) is not offered for a column (a flag, values at or below −1), or null when it may be. */
export function logRefusal(stats: ColumnStats | undefined): string | null {
  if (!stats || stats.min === null) return null;
  if (stats.distinct <= 2) return 'it holds two values at most (a flag): a log changes nothing but the numbers';
  if (stats.min <= -1)
    return `it has values at or below −1 (the smallest is ${stats.min}): log(1 + x) is not defined there`;
  return null;
}

/** The default features of a dataset, from its columns and its data summary (null: not computed yet). */
export function defaultFeatures(dataset: DatasetSummary, description: DatasetDescription | null): DefaultFeatures {
  const numeric = dataset.columns.filter((c) => c.kind === 'numeric' && !c.excluded && c.missing < dataset.rows);
  const stats = new Map((description?.columns ?? []).map((c) => [c.name, c]));
  const leftOut: LeftOutColumn[] = [];
  const ask: DefaultFeatures['ask'] = [];
  const kept: string[] = [];
  for (const column of numeric) {
    const s = stats.get(column.name);
    if (!s || s.min === null || s.max === null) {
      kept.push(column.name);
      continue;
    }
    const words = nameWords(column.name);
    const counted = words.some((w) => COUNT_WORDS.has(w));
    const restated = RFM_SCORES[column.name];
    if (restated && dataset.columns.some((c) => c.name === restated)) {
      leftOut.push({
        name: column.name,
        reason: `restates ${restated} as a 1–5 rank among this file's customers: using both would count it twice (and a new file's customers cannot be ranked against this one)`,
      });
    } else if (s.distinct <= 1) {
      leftOut.push({
        name: column.name,
        reason: `the same value (${s.min}) for every customer: it cannot tell them apart`,
      });
    } else if (s.integers && s.distinct === s.count && s.count === dataset.rows && s.max - s.min + 1 === s.count) {
      leftOut.push({
        name: column.name,
        reason: `a running number (${valuesText(s)}, unique in every row): it identifies customers, it does not describe them`,
      });
    } else if (s.integers && s.distinct === 2 && s.min === 0 && s.max === 1) {
      leftOut.push({
        name: column.name,
        reason:
          'a 0/1 flag: it would split customers on yes or no alone; tick it to segment on it, or use it to read the segments',
      });
    } else if (s.integers && s.distinct <= CODE_LEVELS && words.some((w) => CODE_WORDS.has(w)) && !counted) {
      leftOut.push({
        name: column.name,
        reason: `looks like a code (${s.distinct} values, ${valuesText(s)}): numbers that name groups, not amounts — make it a category to use it`,
        code: true,
      });
    } else {
      kept.push(column.name);
      if (s.integers && s.distinct >= 3 && s.distinct <= CODE_LEVELS && !counted && s.min >= 0) {
        ask.push({ name: column.name, values: `${s.distinct} values, ${valuesText(s)}` });
      }
    }
  }
  // One of each near-duplicate pair: the later column (the first is kept).
  const features: string[] = [];
  const { names, matrix } = description?.correlation ?? { names: [], matrix: [] };
  const index = new Map(names.map((n, i) => [n, i]));
  for (const name of kept) {
    const i = index.get(name);
    const twin =
      i === undefined
        ? undefined
        : features.find((other) => {
            const j = index.get(other);
            const r = j === undefined ? null : matrix[i][j];
            return r !== null && Math.abs(r) >= NEAR_DUPLICATE;
          });
    if (twin !== undefined && i !== undefined) {
      const r = matrix[i][index.get(twin) as number] as number;
      leftOut.push({
        name,
        reason: `moves with ${twin} (r = ${fixed(r)}): using both would count the same thing twice`,
      });
    } else features.push(name);
  }
  const order = new Map(dataset.columns.map((c, i) => [c.name, i]));
  leftOut.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  return { features, leftOut, ask: ask.filter((a) => features.includes(a.name)) };
}

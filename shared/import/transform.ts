/**
 * The wizard's cleaning and derived features, applied to a parsed table (in the worker): rows with
 * blanks dropped, blanks filled (mean, median, most frequent, a constant, or "Unknown"), outliers
 * capped at the IQR fences, rare categories merged into "Other"; then new columns from templates
 * (sum, count of yes/1 flags, ratio, log(1+x), age from a birth year or date, tenure from a date). Pure: no Node, no DOM.
 */
import { dateCell, isoDay } from './dates';
import type { RecipeStep } from './recipe';
import { AppError } from '../errors';
import type { ColumnKind } from '../domain';
import { quantile } from '../ml/preprocess';
import { tukeyFences } from '../segments/distribution';

export type CleanMissing = 'keep' | 'drop' | 'mean' | 'median' | 'mode' | 'constant' | 'unknown';

export interface ColumnCleaning {
  missing?: CleanMissing;
  constant?: string | number;
  capOutliers?: boolean;
  mergeRare?: boolean;
}

export type DeriveTemplate = 'sum' | 'count' | 'ratio' | 'log1p' | 'age' | 'tenure';

export interface DerivedFeature {
  name: string;
  template: DeriveTemplate;
  columns: string[];
  /** For "age" from a birth year: the year ages are counted to (default: this year). */
  reference?: number;
  /** For "tenure", and "age" from a birth date: the day counted to (default: the latest date in the column). */
  referenceDate?: string;
}

export interface TableColumn {
  name: string;
  kind: ColumnKind;
  missing: number;
  note?: string;
  values: Float64Array | (string | null)[];
  /** When cleaning changed the column: the file's values of the same rows (what exports write by default). */
  original?: Float64Array | (string | null)[];
}

/** Share of customers under which a category counts as rare. */
export const RARE_SHARE = 0.01;
export const OTHER_LEVEL = 'Other';
export const UNKNOWN = 'Unknown';

const isBlank = (v: number | string | null): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

function sortedNumbers(values: Float64Array): Float64Array {
  return values.filter((v) => !Number.isNaN(v)).sort();
}

/** IQR fences of a numeric column (Tukey, 1.5 × IQR). */
export function fences(values: Float64Array): { low: number; high: number } {
  return tukeyFences(sortedNumbers(values));
}

/**
 * Why capping at the IQR fences must not touch a numeric column, or null when it may: a flag
 * (two values: capping would turn every 1 into 0), or a column whose middle half is one value (the
 * fences collapse onto it, and every other value would become it — Kidhome, mostly 0).
 */
export function capRefusal(values: Float64Array): string | null {
  const sorted = sortedNumbers(values);
  if (sorted.length === 0) return null;
  let distinct = 1;
  for (let i = 1; i < sorted.length && distinct <= 2; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= 2) return 'it holds only two values (a flag): capping would turn one into the other';
  const { low, high } = tukeyFences(sorted);
  if (low === high) {
    return `its middle half of values are all ${low}: capping would turn every other value into ${low}`;
  }
  return null;
}

/** What cleaning would touch in a column: outliers beyond the fences, rare categories. */
export function columnIssues(column: TableColumn): { outliers: number; rare: number; noCap?: string } {
  if (column.values instanceof Float64Array) {
    const refusal = capRefusal(column.values);
    if (refusal) return { outliers: 0, rare: 0, noCap: refusal };
    const { low, high } = fences(column.values);
    let outliers = 0;
    for (const v of column.values) if (v < low || v > high) outliers++;
    return { outliers, rare: 0 };
  }
  if (column.kind !== 'categorical') return { outliers: 0, rare: 0 };
  const counts = new Map<string, number>();
  for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const limit = RARE_SHARE * column.values.length;
  let rare = 0;
  for (const count of counts.values()) if (count < limit) rare++;
  return { outliers: 0, rare };
}

function mostFrequent<T>(values: Iterable<T>): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const v of values) {
    const count = (counts.get(v) ?? 0) + 1;
    counts.set(v, count);
    if (count > bestCount) {
      best = v;
      bestCount = count;
    }
  }
  return best;
}

/** Which rows cleaning keeps (1) or drops (0: a blank in a column set to "drop rows"). */
export function keptRows(
  columns: TableColumn[],
  rowCount: number,
  cleaning: Record<string, ColumnCleaning>,
): Uint8Array {
  const keep = new Uint8Array(rowCount).fill(1);
  for (const column of columns) {
    if (cleaning[column.name]?.missing !== 'drop') continue;
    for (let r = 0; r < rowCount; r++) if (isBlank(column.values[r])) keep[r] = 0;
  }
  return keep;
}

/** The columns cleaning and the derived features read: the only ones a streamed import keeps whole. */
export function columnsTransformed(cleaning: Record<string, ColumnCleaning>, derived: DerivedFeature[]): Set<string> {
  const names = new Set<string>();
  for (const [name, c] of Object.entries(cleaning)) {
    if ((c.missing !== undefined && c.missing !== 'keep') || c.capOutliers || c.mergeRare) names.add(name);
  }
  for (const feature of derived) for (const name of feature.columns) names.add(name);
  return names;
}

/** Apply the cleaning choices; returns the columns and how many rows were dropped. */
export function cleanTable(
  fileName: string,
  columns: TableColumn[],
  rowCount: number,
  cleaning: Record<string, ColumnCleaning>,
): { columns: TableColumn[]; rowCount: number; dropped: number; steps: RecipeStep[] } {
  const keep = keptRows(columns, rowCount, cleaning);
  const kept = keep.reduce((a, b) => a + b, 0);
  if (kept === 0) throw new AppError('NO_ROWS', `${fileName}: dropping rows with blanks would leave no customers.`);
  // What each step learned and changed, in the order it is applied (the recipe replays them so).
  const steps: RecipeStep[] = [];
  const dropColumns = Object.entries(cleaning)
    .filter(([, c]) => c.missing === 'drop')
    .map(([name]) => name);
  if (dropColumns.length > 0) steps.push({ step: 'drop-blanks', columns: dropColumns, rows: rowCount - kept });
  const out = columns.map((column): TableColumn => {
    const choice = cleaning[column.name] ?? {};
    if (column.values instanceof Float64Array) {
      let values = kept === rowCount ? Float64Array.from(column.values) : column.values.filter((_, r) => keep[r] === 1);
      const fileValues = values;
      const stepsBefore = steps.length;
      const sorted = sortedNumbers(values);
      let fill = Number.NaN;
      if (choice.missing === 'mean') fill = sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1);
      else if (choice.missing === 'median') fill = quantile(sorted, 0.5);
      else if (choice.missing === 'mode') fill = mostFrequent(sorted) ?? Number.NaN;
      else if (choice.missing === 'constant') {
        fill = Number(choice.constant);
        if (!Number.isFinite(fill)) {
          throw new AppError(
            'BAD_CONSTANT',
            `Column "${column.name}": "${String(choice.constant)}" is not a number to fill blanks with.`,
          );
        }
      }
      if (choice.capOutliers) {
        const refusal = capRefusal(values);
        if (refusal) {
          throw new AppError(
            'CANNOT_CAP',
            `${fileName}, column "${column.name}": outliers are not capped because ${refusal}. Untick "Cap outliers" for it.`,
          );
        }
        const { low, high } = fences(values);
        let below = 0;
        let above = 0;
        for (const v of values) {
          if (v < low) below++;
          else if (v > high) above++;
        }
        steps.push({ step: 'cap', column: column.name, low, high, below, above });
        values = values.map((v) => (Number.isNaN(v) ? v : Math.min(high, Math.max(low, v))));
      }
      if (!Number.isNaN(fill)) {
        let filled = 0;
        values = values.map((v) => (Number.isNaN(v) ? (filled++, fill) : v));
        const method = choice.missing as 'mean' | 'median' | 'mode' | 'constant';
        steps.push({ step: 'fill-blanks', column: column.name, method, value: fill, count: filled });
      }
      let missing = 0;
      for (const v of values) if (Number.isNaN(v)) missing++;
      // The file's values are kept beside the cleaned ones (exports write them; see `original`).
      return { ...column, values, missing, ...(steps.length > stepsBefore ? { original: fileValues } : {}) };
    }
    let values = (kept === rowCount ? column.values.slice() : column.values.filter((_, r) => keep[r] === 1)) as (
      string | null
    )[];
    const fileValues = values;
    const stepsBefore = steps.length;
    if (choice.mergeRare && column.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      const limit = RARE_SHARE * values.length;
      let merged = 0;
      values = values.map((v) => (v !== null && (counts.get(v) ?? 0) < limit ? (merged++, OTHER_LEVEL) : v));
      const levels = [...counts.keys()].sort();
      steps.push({
        step: 'merge-rare',
        column: column.name,
        kept: levels.filter((l) => (counts.get(l) ?? 0) >= limit),
        merged: levels.filter((l) => (counts.get(l) ?? 0) < limit).slice(0, 1000),
        count: merged,
        share: RARE_SHARE,
      });
    }
    const fill =
      choice.missing === 'unknown'
        ? UNKNOWN
        : choice.missing === 'constant'
          ? String(choice.constant ?? '')
          : choice.missing === 'mode'
            ? (mostFrequent(values.filter((v): v is string => v !== null)) ?? null)
            : null;
    if (fill !== null) {
      let filled = 0;
      values = values.map((v) => v ?? (filled++, fill));
      const method = choice.missing as 'mode' | 'constant' | 'unknown';
      steps.push({ step: 'fill-blanks', column: column.name, method, value: fill, count: filled });
    }
    return {
      ...column,
      values,
      missing: values.filter((v) => v === null).length,
      ...(steps.length > stepsBefore ? { original: fileValues } : {}),
    };
  });
  return { columns: out, rowCount: kept, dropped: rowCount - kept, steps };
}

/** What counts as yes in a flag column (the "count" template; the scoring SQL lists the same). */
export const YES_WORDS = ['1', 'yes', 'y', 'true', 'ja', 'oui', 'si', 'sí', 'x'] as const;
const YES = new Set<string>(YES_WORDS);

/** A date column's ISO values as day numbers (NaN where blank); any other column is refused. */
function dayNumbers(column: TableColumn, feature: DerivedFeature): Float64Array {
  if (column.kind !== 'date' || column.values instanceof Float64Array) {
    throw new AppError(
      'COLUMN_NOT_DATE',
      `Derived feature "${feature.name}": column "${column.name}" is not a date column.`,
    );
  }
  return Float64Array.from(column.values, (v) => (v === null ? Number.NaN : dateCell(v, 'ymd')));
}

function latest(days: Float64Array): number {
  let max = -Infinity;
  for (const d of days) if (d > max) max = d;
  return max;
}

/** Completed years from one day to another (a birthday on the reference day counts). */
function wholeYears(from: number, to: number): number {
  if (Number.isNaN(from) || Number.isNaN(to)) return Number.NaN;
  const a = new Date(from * 86_400_000);
  const b = new Date(to * 86_400_000);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) {
    years--;
  }
  return years;
}

/** Add the derived columns (computed on the cleaned values); each one is numeric. */
export function deriveColumns(columns: TableColumn[], rowCount: number, derived: DerivedFeature[]): TableColumn[] {
  return deriveWithSteps(columns, rowCount, derived).columns;
}

/**
 * The derived columns, and each as a recipe step with its reference resolved (the year or day it
 * counted to, when it was left to the data), so that a replay computes the same values.
 */
export function deriveWithSteps(
  columns: TableColumn[],
  rowCount: number,
  derived: DerivedFeature[],
): { columns: TableColumn[]; steps: RecipeStep[] } {
  const steps: RecipeStep[] = [];
  const out = [...columns];
  const byName = (name: string, feature: DerivedFeature): TableColumn => {
    const column = out.find((c) => c.name === name);
    if (!column) {
      throw new AppError('UNKNOWN_COLUMN', `Derived feature "${feature.name}": there is no column "${name}".`);
    }
    return column;
  };
  const numeric = (column: TableColumn, feature: DerivedFeature): Float64Array => {
    if (!(column.values instanceof Float64Array)) {
      throw new AppError(
        'COLUMN_NOT_NUMERIC',
        `Derived feature "${feature.name}": column "${column.name}" is not numeric.`,
      );
    }
    return column.values;
  };
  for (const feature of derived) {
    if (out.some((c) => c.name === feature.name)) {
      throw new AppError('DUPLICATE_COLUMN', `Derived feature "${feature.name}": a column with that name exists.`);
    }
    const sources = feature.columns.map((name) => byName(name, feature));
    const values = new Float64Array(rowCount);
    const resolved: { reference?: number; referenceDate?: string } = {};
    if (feature.template === 'sum') {
      const arrays = sources.map((c) => numeric(c, feature));
      for (let r = 0; r < rowCount; r++) {
        let sum = 0;
        let any = false;
        for (const a of arrays) {
          if (!Number.isNaN(a[r])) {
            sum += a[r];
            any = true;
          }
        }
        values[r] = any ? sum : Number.NaN;
      }
    } else if (feature.template === 'count') {
      for (let r = 0; r < rowCount; r++) {
        let count = 0;
        for (const c of sources) {
          const v = c.values[r];
          if (typeof v === 'number' ? v === 1 : v !== null && YES.has(v.trim().toLowerCase())) count++;
        }
        values[r] = count;
      }
    } else if (feature.template === 'ratio') {
      if (sources.length !== 2) {
        throw new AppError('BAD_DERIVE', `Derived feature "${feature.name}": a ratio takes two columns.`);
      }
      const [a, b] = sources.map((c) => numeric(c, feature));
      for (let r = 0; r < rowCount; r++) values[r] = b[r] === 0 ? Number.NaN : a[r] / b[r];
    } else if (feature.template === 'log1p') {
      const a = numeric(sources[0], feature);
      for (let r = 0; r < rowCount; r++) values[r] = a[r] > -1 ? Math.log1p(a[r]) : Number.NaN;
    } else if (feature.template === 'tenure' || sources[0].kind === 'date') {
      // Days (tenure) or whole years (age) from a date column to the reference day.
      const days = dayNumbers(sources[0], feature);
      const reference = feature.referenceDate ? dateCell(feature.referenceDate, 'ymd') : latest(days);
      if (Number.isFinite(reference)) resolved.referenceDate = isoDay(reference);
      for (let r = 0; r < rowCount; r++) {
        values[r] = feature.template === 'tenure' ? reference - days[r] : wholeYears(days[r], reference);
      }
    } else {
      const a = numeric(sources[0], feature);
      const year = feature.reference ?? new Date().getFullYear();
      resolved.reference = year;
      for (let r = 0; r < rowCount; r++) values[r] = Number.isNaN(a[r]) ? Number.NaN : year - a[r];
    }
    let missing = 0;
    for (const v of values) if (Number.isNaN(v)) missing++;
    steps.push({
      step: 'derive',
      name: feature.name,
      template: feature.template,
      columns: [...feature.columns],
      ...(resolved.reference !== undefined ? { reference: resolved.reference } : {}),
      ...(resolved.referenceDate !== undefined ? { referenceDate: resolved.referenceDate } : {}),
      blanks: missing,
    });
    out.push({
      name: feature.name,
      kind: 'numeric',
      missing,
      note: `derived: ${feature.template}(${feature.columns.join(', ')})${feature.template === 'tenure' ? ' in days' : ''}${
        feature.referenceDate ? ` to ${feature.referenceDate}` : ''
      }`,
      values,
    });
  }
  return { columns: out, steps };
}

/** "Total=sum(MntWines,MntFruits)" (the CLI's --derive) → a derived feature. */
export function parseDeriveSpec(spec: string): DerivedFeature {
  const match =
    /^\s*([^=]+?)\s*=\s*(sum|count|ratio|log1p|age|tenure)\s*\(([^)]*)\)\s*(?:@\s*(\d{4}(?:-\d{2}-\d{2})?))?\s*$/i.exec(
      spec,
    );
  if (!match) {
    throw new AppError(
      'BAD_DERIVE',
      `--derive "${spec}": write NAME=sum(A,B), count(A,B), ratio(A,B), log1p(A), age(BIRTH_YEAR)[@YEAR], ` +
        'age(BIRTH_DATE)[@YYYY-MM-DD] or tenure(SIGN_UP_DATE)[@YYYY-MM-DD].',
    );
  }
  const columns = match[3]
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (columns.length === 0) throw new AppError('BAD_DERIVE', `--derive "${spec}": name at least one column.`);
  const at = match[4];
  return {
    name: match[1],
    template: match[2].toLowerCase() as DeriveTemplate,
    columns,
    reference: at && at.length === 4 ? Number(at) : undefined,
    referenceDate: at && at.length === 10 ? at : undefined,
  };
}

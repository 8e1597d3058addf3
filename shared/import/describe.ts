import { quantile } from '../ml/preprocess';
import { tukeyFences } from '../segments/distribution';

/**
 * What is in a dataset, column by column (the EDA screen and `segment-studio describe`): counts,
 * blanks, mean, standard deviation, quartiles, distinct values, skewness, a histogram or the top
 * categories; Pearson correlations of the numeric columns; and warnings worth acting on.
 */
export interface ColumnStats {
  name: string;
  kind: 'numeric' | 'categorical';
  count: number;
  missing: number;
  distinct: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  skewness: number | null;
  histogram: { edges: number[]; counts: number[] } | null;
  /** Box plot: whisker ends (the furthest values within 1.5 IQR of the box) and values beyond them. */
  box: { lowerWhisker: number; upperWhisker: number; outliers: number } | null;
  /** Most frequent categories first (at most 20). */
  levels: { level: string; count: number }[] | null;
  /** Every value a whole number (numeric columns; false for categories). */
  integers: boolean;
}

export interface DataWarning {
  column: string;
  kind: 'constant' | 'mostly-missing' | 'skewed' | 'correlated' | 'many-levels';
  message: string;
  /** For "correlated": the other column. */
  other?: string;
}

export interface DatasetDescription {
  rows: number;
  columns: ColumnStats[];
  correlation: { names: string[]; matrix: (number | null)[][] };
  warnings: DataWarning[];
}

const BINS = 20;

/** The numeric summary of a column that has no numbers (empty, or categorical). */
const NO_NUMBERS = {
  mean: null,
  std: null,
  min: null,
  q1: null,
  median: null,
  q3: null,
  max: null,
  skewness: null,
  histogram: null,
  box: null,
} as const;

export function numericStats(name: string, values: Float64Array): ColumnStats {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const n = present.length;
  let integers = true;
  for (let i = 0; i < n && integers; i++) if (!Number.isInteger(present[i])) integers = false;
  const base = { name, kind: 'numeric' as const, count: n, missing: values.length - n, levels: null, integers };
  if (n === 0) {
    return {
      ...base,
      ...NO_NUMBERS,
      distinct: 0,
    };
  }
  let sum = 0;
  for (const v of present) sum += v;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let distinct = 1;
  for (let i = 0; i < n; i++) {
    const d = present[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
    if (i > 0 && present[i] !== present[i - 1]) distinct++;
  }
  const variance = m2 / n;
  const std = Math.sqrt(variance);
  const min = present[0];
  const max = present[n - 1];
  const width = (max - min) / BINS;
  const counts = new Array<number>(width > 0 ? BINS : 1).fill(0);
  if (width > 0) for (const v of present) counts[Math.min(BINS - 1, Math.floor((v - min) / width))]++;
  else counts[0] = n;
  const edges = width > 0 ? Array.from({ length: BINS + 1 }, (_, i) => min + i * width) : [min, max];
  const fences = tukeyFences(present);
  let lowerWhisker = max;
  let upperWhisker = min;
  let outliers = 0;
  for (const v of present) {
    if (v < fences.low || v > fences.high) outliers++;
    else {
      if (v < lowerWhisker) lowerWhisker = v;
      if (v > upperWhisker) upperWhisker = v;
    }
  }
  return {
    ...base,
    distinct,
    mean,
    std,
    min,
    q1: quantile(present, 0.25),
    median: quantile(present, 0.5),
    q3: quantile(present, 0.75),
    max,
    skewness: std > 0 ? m3 / n / std ** 3 : 0,
    histogram: { edges, counts },
    box: { lowerWhisker, upperWhisker, outliers },
  };
}

export function categoricalStats(name: string, codes: Int32Array, levels: string[]): ColumnStats {
  const counts = new Array<number>(levels.length).fill(0);
  let missing = 0;
  for (const c of codes) {
    if (c < 0) missing++;
    else counts[c]++;
  }
  const ranked = levels
    .map((level, i) => ({ level, count: counts[i] }))
    .filter((l) => l.count > 0)
    .sort((a, b) => b.count - a.count);
  return {
    name,
    kind: 'categorical',
    count: codes.length - missing,
    missing,
    distinct: ranked.length,
    integers: false,
    ...NO_NUMBERS,
    levels: ranked.slice(0, 20),
  };
}

/** Pearson's r of two columns over the rows where both have a value (null with fewer than 3 such rows). */
export function pearson(a: Float64Array, b: Float64Array): number | null {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    n++;
    sa += a[i];
    sb += b[i];
  }
  if (n < 3) return null;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    const da = a[i] - ma;
    const db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : null;
}

export function describeData(input: {
  rows: number;
  numeric: { name: string; values: Float64Array }[];
  categorical: { name: string; codes: Int32Array; levels: string[] }[];
}): DatasetDescription {
  const numeric = input.numeric.map((c) => numericStats(c.name, c.values));
  const categorical = input.categorical.map((c) => categoricalStats(c.name, c.codes, c.levels));
  const names = input.numeric.map((c) => c.name);
  const matrix = input.numeric.map((a, i) =>
    input.numeric.map((b, j) => (i === j ? 1 : j < i ? null : pearson(a.values, b.values))),
  );
  for (let i = 0; i < matrix.length; i++) for (let j = 0; j < i; j++) matrix[i][j] = matrix[j][i];
  const warnings: DataWarning[] = [];
  for (const c of [...numeric, ...categorical]) {
    if (c.count > 0 && c.distinct === 1) {
      warnings.push({
        column: c.name,
        kind: 'constant',
        message: `${c.name} has the same value in every row: it cannot tell customers apart.`,
      });
    }
    if (input.rows > 0 && c.missing / input.rows > 0.5) {
      warnings.push({
        column: c.name,
        kind: 'mostly-missing',
        message: `${c.name} is blank for ${Math.round((100 * c.missing) / input.rows)}% of customers.`,
      });
    }
    // log(1 + x) is suggested only where it can help: not for a flag (two values: it only renames
    // them) and not where a value is −1 or below (the log is undefined there).
    if (c.skewness !== null && Math.abs(c.skewness) > 2 && c.distinct > 2 && (c.min ?? 0) > -1) {
      warnings.push({
        column: c.name,
        kind: 'skewed',
        message: `${c.name} is very skewed (skewness ${c.skewness.toFixed(1)}): a few large values dominate; log(1 + x) helps.`,
      });
    }
    if (c.kind === 'categorical' && c.distinct > 100) {
      warnings.push({
        column: c.name,
        kind: 'many-levels',
        message: `${c.name} has ${c.distinct} different values: too many to use as a category; merge rare ones or leave it out.`,
      });
    }
  }
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const r = matrix[i][j];
      if (r !== null && Math.abs(r) > 0.9) {
        warnings.push({
          column: names[i],
          other: names[j],
          kind: 'correlated',
          message: `${names[i]} and ${names[j]} move together (r = ${r.toFixed(2)}): using both counts the same thing twice.`,
        });
      }
    }
  }
  return { rows: input.rows, columns: [...numeric, ...categorical], correlation: { names, matrix }, warnings };
}

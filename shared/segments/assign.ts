import { csvCell, csvLine } from '../csv';
import type { CellValue } from '../domain';
import { AppError } from '../errors';
import { applyPreprocessing, type Preprocessing, type RawFeatures } from '../ml/preprocess';
import { assignToCentres } from '../ml/kmeans';
import type { ParsedTable } from '../import/table';
import type { Recipe } from '../import/recipe';
import { checkSourceColumns, neededColumns, replaySteps } from '../import/replay';

export interface Assignment {
  labels: Int32Array;
  /** Euclidean distance (model space) to the assigned segment's centroid. */
  distances: Float64Array;
  /** How much farther the next-closest segment is (0 = on the border). */
  margins: Float64Array;
  /** The next-closest segment of each row. */
  runnersUp: Int32Array;
}

/**
 * The model's features read from a file of new customers, by column name. Missing columns and
 * columns of the wrong type are errors that list what is wrong, so renamed columns are caught.
 */
export function featuresFromTable(table: ParsedTable, prep: Preprocessing, fileName: string): RawFeatures {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const missing = [...prep.numeric, ...prep.categorical].map((s) => s.name).filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new AppError(
      'MISSING_COLUMNS',
      `${fileName} lacks the model's column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}. Its columns are: ${table.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  const numeric = prep.numeric.map((step) => {
    const column = byName.get(step.name);
    if (!column || !(column.values instanceof Float64Array)) {
      throw new AppError(
        'COLUMN_NOT_NUMERIC',
        `Column "${step.name}" of ${fileName} is not numeric${column?.note ? ` (${column.note})` : ''}.`,
      );
    }
    return { name: step.name, values: column.values };
  });
  const categorical = prep.categorical.map((step) => {
    const column = byName.get(step.name);
    const values = column?.values ?? [];
    const texts =
      values instanceof Float64Array ? Array.from(values, (v) => (Number.isNaN(v) ? null : String(v))) : values;
    const levels = [...new Set(texts.filter((v): v is string => v !== null))].sort();
    const index = new Map(levels.map((level, code) => [level, code]));
    return { name: step.name, levels, codes: Int32Array.from(texts, (v) => (v === null ? -1 : (index.get(v) ?? -1))) };
  });
  return { rows: table.rowCount, numeric, categorical };
}

/**
 * Put customers into the saved segments: the model's own imputation, log, scaling and encoding,
 * then the nearest centroid. Categories the model never saw count as "Unknown" when the model
 * has that level, and as none of its levels otherwise.
 */
export function assignCustomers(raw: RawFeatures, prep: Preprocessing, centroidsScaled: number[][]): Assignment {
  const x = applyPreprocessing(raw, prep);
  const k = centroidsScaled.length;
  const centres = Float64Array.from(centroidsScaled.flat());
  const labels = new Int32Array(x.rows);
  const squared = new Float64Array(x.rows);
  assignToCentres(x, centres, k, labels, squared);
  const distances = squared.map(Math.sqrt);
  const margins = new Float64Array(x.rows);
  const runnersUp = new Int32Array(x.rows).fill(-1);
  for (let i = 0; i < x.rows; i++) {
    let second = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === labels[i]) continue;
      let s = 0;
      for (let f = 0; f < x.cols; f++) s += (x.data[i * x.cols + f] - centres[c * x.cols + f]) ** 2;
      if (Math.sqrt(s) < second) {
        second = Math.sqrt(s);
        runnersUp[i] = c;
      }
    }
    margins[i] = second - distances[i];
  }
  return { labels, distances, margins, runnersUp };
}

/**
 * Assigned customers as CSV, as `assign` hands them back: the file's columns, then segment_id
 * (1-based), segment (its name) and distance (6 decimals); text cells starting with = + - @
 * neutralised (csvCell). With the segments' sizes. In one string of at most `limit` characters:
 * longer is refused with a clear message rather than V8's "Invalid string length".
 */
export function assignedCsv(
  table: ParsedTable,
  assignment: Assignment,
  segmentNames: string[],
  leftOut: (string | null)[] | null = null,
  limit = ASSIGNED_CSV_LIMIT,
): AssignedFile {
  const parts: string[] = [];
  const { sizes, left } = assignedCsvText(table, assignment, segmentNames, leftOut, (text) => parts.push(text), limit);
  return { csv: parts.join(''), rows: table.rowCount, sizes, leftOut: left };
}

/** Characters of CSV text in a piece handed to `assignedCsvText`'s `write` (about 1 MB). */
const CSV_PIECE_CHARS = 1 << 20;

/**
 * The assigned customers as CSV (the same columns and cells as `assignedRows`, each cell as
 * `csvCell` writes it, lines ending in CRLF, the header first), handed to `write` in pieces of
 * about a megabyte of whole lines, without a row array per customer; more than `limit`
 * characters in all is refused (TOO_LARGE). Returns the segments' sizes and the customers left out.
 */
export function assignedCsvText(
  table: ParsedTable,
  assignment: Assignment,
  segmentNames: string[],
  leftOut: (string | null)[] | null,
  write: (text: string) => void,
  limit = Infinity,
): { sizes: number[]; left: number } {
  const noted = leftOut !== null && leftOut.some((reason) => reason !== null);
  const header = [...table.columns.map((c) => c.name), 'segment_id', 'segment', 'distance', ...(noted ? ['note'] : [])];
  const names = segmentNames.map((name) => csvCell(name));
  const sizes = new Array<number>(segmentNames.length).fill(0);
  let left = 0;
  let length = csvLine(header).length + 2;
  write(`${csvLine(header)}\r\n`);
  const values = table.columns.map((c) => c.values);
  const width = values.length;
  // Lines gathered and joined a piece at a time (joins of arrays: one flat string each, where
  // adding to a string builds a tree V8 must later flatten — twice the time and memory).
  let lines: string[] = [];
  let pieceChars = 0;
  const cells = new Array<string>(width + 3 + (noted ? 1 : 0)).fill('');
  for (let r = 0; r < table.rowCount; r++) {
    for (let j = 0; j < width; j++) {
      const v = values[j][r];
      // As csvCell: a number as itself (blank when not finite: NaN is a blank), a text neutralised and quoted.
      cells[j] = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v == null ? '' : csvCell(v);
    }
    const reason = leftOut?.[r] ?? null;
    if (reason !== null) {
      left++;
      cells[width] = '';
      cells[width + 1] = '';
      cells[width + 2] = '';
      cells[width + 3] = csvCell(`no segment: ${reason}`);
    } else {
      const cluster = assignment.labels[r];
      sizes[cluster]++;
      cells[width] = String(cluster + 1);
      cells[width + 1] = names[cluster];
      cells[width + 2] = csvCell(Number(assignment.distances[r].toFixed(6)));
      if (noted) cells[width + 3] = '';
    }
    const line = cells.join(',');
    length += line.length + 2;
    if (length > limit) {
      throw new AppError(
        'TOO_LARGE',
        `The ${table.rowCount.toLocaleString('en-US')} assigned customers make more CSV text than the app can hand back in one piece ` +
          `(${limit.toLocaleString('en-US')} characters, reached at row ${(r + 1).toLocaleString('en-US')}). ` +
          "Assign the file in parts or with the command line (segment-studio assign writes any length to a file), or score it in a database with the model's scoring SQL (segment-studio model sql).",
      );
    }
    lines.push(line);
    pieceChars += line.length + 2;
    if (pieceChars >= CSV_PIECE_CHARS) {
      lines.push('');
      write(lines.join('\r\n'));
      lines = [];
      pieceChars = 0;
    }
  }
  if (lines.length > 0) {
    lines.push('');
    write(lines.join('\r\n'));
  }
  return { sizes, left };
}

/**
 * Characters of assigned CSV handed back at most: the output is one string, and V8 refuses strings
 * past about 537 million characters with an unhelpful "Invalid string length" (about 3 million
 * rows of a 20-column customer file).
 */
export const ASSIGNED_CSV_LIMIT = 500_000_000;

/**
 * The assigned customers as rows (what the CSV and a Parquet file hold): the file's columns, then
 * segment_id (1-based), segment and distance (6 decimals); a customer the recipe leaves out gets no
 * segment, and a note saying why (the column appears only then).
 */
export function assignedRows(
  table: ParsedTable,
  assignment: Assignment,
  segmentNames: string[],
  leftOut: (string | null)[] | null = null,
): { header: string[]; rows: CellValue[][]; sizes: number[]; left: number } {
  const noted = leftOut !== null && leftOut.some((reason) => reason !== null);
  const header = [...table.columns.map((c) => c.name), 'segment_id', 'segment', 'distance', ...(noted ? ['note'] : [])];
  const rows: CellValue[][] = [];
  const sizes = new Array<number>(segmentNames.length).fill(0);
  let left = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const values = table.columns.map((c) => {
      const v = c.values[r];
      return typeof v === 'number' && Number.isNaN(v) ? null : v;
    });
    const reason = leftOut?.[r] ?? null;
    if (reason !== null) {
      left++;
      rows.push([...values, null, null, null, `no segment: ${reason}`]);
      continue;
    }
    const cluster = assignment.labels[r];
    sizes[cluster]++;
    const distance = Number(assignment.distances[r].toFixed(6));
    rows.push([...values, cluster + 1, segmentNames[cluster], distance, ...(noted ? [null] : [])]);
  }
  return { header, rows, sizes, left };
}

/** A transaction log's columns that rank its customers among themselves (quintile scores, groups). */
const RANKED_COLUMNS = new Set(['r_score', 'f_score', 'm_score', 'rfm_group']);

export interface AssignedFile {
  csv: string;
  /** Customers written (every row of the file, or every customer of a transaction log). */
  rows: number;
  sizes: number[];
  /** Customers given no segment because the recipe leaves them out (a blank in a "drop" column). */
  leftOut: number;
}

/**
 * New customers from a raw file, as a model scores them: its recipe replayed with the values it
 * learned (blanks filled, outliers capped, categories merged, derived columns), then its
 * preprocessing and the nearest centroid. The CSV carries the file's own values.
 */
export function assignTable(
  fileName: string,
  table: ParsedTable,
  model: { preprocessing: Preprocessing; centroidsScaled: number[][]; segmentNames: string[]; recipe: Recipe | null },
): AssignedFile {
  const { assignment, leftOut } = scoreTable(fileName, table, model);
  return assignedCsv(table, assignment, model.segmentNames, leftOut);
}

/** A raw table scored by a model: its recipe replayed, its features, each row's segment and distance. */
export function scoreTable(
  fileName: string,
  table: ParsedTable,
  model: { preprocessing: Preprocessing; centroidsScaled: number[][]; recipe: Recipe | null },
): { raw: RawFeatures; assignment: Assignment; leftOut: (string | null)[] | null; columns: ParsedTable['columns'] } {
  let features = table;
  let leftOut: (string | null)[] | null = null;
  if (model.recipe) {
    const names = [...model.preprocessing.numeric, ...model.preprocessing.categorical].map((s) => s.name);
    const needed = neededColumns(model.recipe, names);
    // Quintile scores and groups rank the customers of one file: a new file's cannot be ranked against them.
    const ranked = model.recipe.steps.some((s) => s.step === 'aggregate')
      ? [...needed].filter((n) => RANKED_COLUMNS.has(n))
      : [];
    if (ranked.length > 0) {
      throw new AppError(
        'RECIPE_MISMATCH',
        `The model uses ${ranked.map((n) => `"${n}"`).join(', ')}, which rank the customers of its training file among ` +
          'themselves: customers of another file cannot be scored on them. Train on recency_days, frequency and monetary to assign new files.',
      );
    }
    checkSourceColumns(fileName, table.columns, needed, model.recipe);
    const replayed = replaySteps(fileName, table.columns, table.rowCount, model.recipe.steps, needed);
    features = { ...table, columns: replayed.columns };
    leftOut = replayed.leftOut;
  }
  const raw = featuresFromTable(features, model.preprocessing, fileName);
  const assignment = assignCustomers(raw, model.preprocessing, model.centroidsScaled);
  return { raw, assignment, leftOut, columns: features.columns };
}

import type { ColumnKind, ImportAccount } from '../domain';
import type { RecipeStep } from './recipe';

/** One column of a parsed file: numbers (NaN where blank) for numeric columns, text otherwise. */
export interface ParsedColumn {
  name: string;
  kind: ColumnKind;
  missing: number;
  note?: string;
  values: Float64Array | (string | null)[];
  /** When cleaning changed the column: the file's values of the same rows (what exports write by default). */
  original?: Float64Array | (string | null)[];
}

export interface ParsedTable {
  rowCount: number;
  delimiter: string;
  /** The separator character itself (, ; tab |). */
  delimiterChar?: string;
  /** The decimal mark of the numeric columns ("," when any of them uses a decimal comma). */
  decimal?: '.' | ',';
  /** Whether the first row was read as the header. */
  header?: boolean;
  /** Rows dropped by cleaning (blanks in a column set to "drop rows"). */
  dropped?: number;
  /** Rows left out because their number of fields was wrong (with "skip" chosen). */
  skipped?: number;
  /** What was done with every record of the file. */
  account?: ImportAccount;
  /** For a transaction log read as customers: what was done, in words. */
  transactions?: string;
  /** An Excel workbook's sheets, and the one read. */
  sheets?: string[];
  sheet?: string;
  /** How the file's bytes were read, when they were given as bytes. */
  encoding?: string;
  /** Each row's number in the file (as the file counts its rows), when rows are the file's records. */
  rowNumbers?: Int32Array;
  /** What the aggregation, cleaning and derived columns learned and changed, in order (the recipe's steps). */
  steps?: RecipeStep[];
  columns: ParsedColumn[];
}

/** Column values as a batch carries them: numbers, or texts (null for blank). */
export type ColumnValues = Float64Array | (string | null)[];

/** Rows per batch when a table held in memory is passed on (to the recipe's steps, or to the store). */
export const TABLE_BATCH_ROWS = 5_000;

/**
 * A table's columns in batches of rows, in order, each batch's values copies of its slice. (Not
 * views: a batch posted to another thread or process carries its view's whole buffer, so a view
 * of a 195,000-row column sent every 5,000 rows cloned the whole table 40 times — 500 MB more for
 * a 10M-line log's customers.)
 */
export function* tableBatches(
  columns: ColumnValues[],
  rowCount: number,
): Generator<{ type: 'batch'; rows: number; columns: ColumnValues[] }> {
  for (let start = 0; start < rowCount; start += TABLE_BATCH_ROWS) {
    const end = Math.min(start + TABLE_BATCH_ROWS, rowCount);
    yield {
      type: 'batch',
      rows: end - start,
      columns: columns.map((c) => c.slice(start, end)),
    };
  }
}

/** The table as described once its values have gone out in batches. */
export function withoutValues(
  table: ParsedTable,
): Omit<ParsedTable, 'columns'> & { columns: Pick<ParsedColumn, 'name' | 'kind' | 'missing' | 'note'>[] } {
  const { columns, ...rest } = table;
  return { ...rest, columns: columns.map(({ name, kind, missing, note }) => ({ name, kind, missing, note })) };
}

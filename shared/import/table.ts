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

import { AppError } from '../../../shared/errors';
import type { CellValue } from '../../../shared/domain';
import type { RawFeatures } from '../../../shared/ml/preprocess';
import type { Db } from './db';
import { columnsOf, datasetRow } from './datasets';

/** Reading a dataset's rows: the feature matrix in one scan, all rows, rows in pages, one column's values. */

/** Rows a query when reading the feature matrix. */
const FEATURE_PAGE = 10_000;

/**
 * The chosen feature columns in one scan: numeric columns as numbers (NaN where blank),
 * categorical ones as level codes (−1 where blank, levels sorted). Errors name the column.
 */
export function readFeatures(db: Db, datasetId: number, features: string[]): RawFeatures {
  const plan = featureReadPlan(db, datasetId, features);
  const arrays = featureArrays(plan, (length) => new ArrayBuffer(length));
  const read = readFeatureRange(db, plan, arrays, { afterId: 0, untilId: null, first: 0, count: plan.rows });
  checkFeatureRows(plan, read, plan.rows);
  return finishFeatures(plan, arrays);
}

/** What reading a dataset's features needs: its table, row count and the chosen columns in read order. */
export interface FeatureReadPlan {
  datasetId: number;
  table: string;
  rows: number;
  numeric: { name: string; sqlName: string }[];
  categorical: { name: string; sqlName: string }[];
}

export function featureReadPlan(db: Db, datasetId: number, features: string[]): FeatureReadPlan {
  const { row, chosen } = featureColumns(db, datasetId, features);
  const pick = (c: { name: string; sqlName: string }) => ({ name: c.name, sqlName: c.sqlName });
  return {
    datasetId,
    table: row.table_name,
    rows: row.row_count,
    numeric: chosen.filter((c) => c.kind === 'numeric').map(pick),
    categorical: chosen.filter((c) => c.kind === 'categorical').map(pick),
  };
}

/** The arrays the features are read into (in buffers from `buffer`: shared ones when threads read parts). */
export interface FeatureArrays {
  numeric: Float64Array[];
  /** Codes in order of first appearance, per reader (see `seen`); −1 blank. */
  codes: Int32Array[];
  /** Per categorical column, the levels met so far and their codes. */
  seen: Map<string, number>[];
}

export function featureArrays(
  plan: FeatureReadPlan,
  buffer: (bytes: number) => ArrayBuffer | SharedArrayBuffer,
): FeatureArrays {
  return {
    numeric: plan.numeric.map(() => new Float64Array(buffer(plan.rows * 8))),
    codes: plan.categorical.map(() => new Int32Array(buffer(plan.rows * 4))),
    seen: plan.categorical.map(() => new Map<string, number>()),
  };
}

/**
 * Rows with `afterId` < row_id (≤ `untilId`), in row_id order, into the arrays from position
 * `first`, at most `count` of them stored; returns how many rows the range held (more than
 * `count` means the store holds more rows than it recorded).
 */
export function readFeatureRange(
  db: Db,
  plan: FeatureReadPlan,
  arrays: FeatureArrays,
  range: { afterId: number; untilId: number | null; first: number; count: number },
): number {
  const order = [...plan.numeric.map((c) => c.sqlName), ...plan.categorical.map((c) => c.sqlName)];
  // In pages (about a tenth faster than one row at a time through an iterator), row_id first.
  const statement = db
    .prepare(
      `SELECT row_id, ${order.join(', ')} FROM ${plan.table} WHERE row_id > ?${range.untilId === null ? '' : ' AND row_id <= ?'} ORDER BY row_id LIMIT ?`,
    )
    .raw();
  const columns = arrays.numeric;
  const numericCount = columns.length;
  const end = range.first + range.count;
  let i = range.first;
  for (let after = range.afterId; ;) {
    const page = (
      range.untilId === null ? statement.all(after, FEATURE_PAGE) : statement.all(after, range.untilId, FEATURE_PAGE)
    ) as CellValue[][];
    if (page.length === 0) break;
    after = page[page.length - 1][0] as number;
    for (const values of page) {
      if (i >= end) {
        i++;
        continue;
      }
      for (let j = 0; j < numericCount; j++) columns[j][i] = (values[j + 1] as number | null) ?? Number.NaN;
      for (let j = 0; j < arrays.codes.length; j++) {
        const v = values[numericCount + j + 1];
        if (v === null) arrays.codes[j][i] = -1;
        else {
          const text = String(v);
          const seen = arrays.seen[j];
          let code = seen.get(text);
          if (code === undefined) {
            code = seen.size;
            seen.set(text, code);
          }
          arrays.codes[j][i] = code;
        }
      }
      i++;
    }
  }
  return i - range.first;
}

/** A range that held other than `expected` rows: the store is damaged (STORE_FAILED). */
export function checkFeatureRows(plan: FeatureReadPlan, read: number, expected: number): void {
  if (read === expected) return;
  const held = plan.rows - expected + read;
  throw new AppError(
    'STORE_FAILED',
    `Dataset ${plan.datasetId} holds ${held.toLocaleString('en-US')} customers where ${plan.rows.toLocaleString('en-US')} were recorded: the store is damaged. Restore a backup or import the file again.`,
  );
}

/** The read arrays as features: each categorical column's levels sorted and its codes renumbered. */
export function finishFeatures(plan: FeatureReadPlan, arrays: FeatureArrays): RawFeatures {
  return {
    rows: plan.rows,
    numeric: plan.numeric.map((c, j) => ({ name: c.name, values: arrays.numeric[j] })),
    categorical: plan.categorical.map((c, j) => {
      const seen = arrays.seen[j];
      const levels = [...seen.keys()].sort((a, b) => a.localeCompare(b));
      const remap = Int32Array.from(seen.keys(), (level) => levels.indexOf(level));
      return { name: c.name, levels, codes: arrays.codes[j].map((code) => (code < 0 ? -1 : remap[code])) };
    }),
  };
}

/**
 * The dataset's rows in pages of `size`, in import order: each page is read by a query that ends,
 * so the connection is free between pages (an export that yields to the event loop does not hold
 * it busy, as an open iterator would).
 */
export function* datasetRowPages(
  db: Db,
  datasetId: number,
  size = 5_000,
): Generator<{ rowId: number; values: CellValue[] }[], void, undefined> {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const statement = db
    .prepare(
      `SELECT row_id, ${columns.map((c) => c.sqlName).join(', ')} FROM ${row.table_name} WHERE row_id > ? ORDER BY row_id LIMIT ?`,
    )
    .raw();
  let after = 0;
  for (;;) {
    const page = statement.all(after, size) as CellValue[][];
    if (page.length === 0) return;
    after = page[page.length - 1][0] as number;
    yield page.map((values) => ({ rowId: values[0] as number, values: values.slice(1) }));
  }
}

/** One column's values (as text) for the given 0-based rows, e.g. customer ids for a map's hover. */
export function readColumnValues(db: Db, datasetId: number, column: string, rows: number[]): (string | null)[] {
  const table = datasetRow(db, datasetId).table_name;
  const stored = columnsOf(db, datasetId).find((c) => c.name === column);
  if (!stored) throw new AppError('UNKNOWN_COLUMN', `There is no column "${column}".`);
  const statement = db.prepare(`SELECT ${stored.sqlName} FROM ${table} WHERE row_id = ?`).pluck();
  return rows.map((r) => {
    const v = statement.get(r + 1) as CellValue | undefined;
    return v === null || v === undefined ? null : String(v);
  });
}

/** The chosen feature columns, checked: each exists and is numeric or categorical (errors name it). */
export function featureColumns(db: Db, datasetId: number, features: string[]) {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  if (new Set(features).size !== features.length) throw new AppError('DUPLICATE_FEATURE', 'A feature is listed twice.');
  const chosen = features.map((f) => {
    const column = columns.find((c) => c.name === f);
    if (!column) {
      throw new AppError(
        'UNKNOWN_COLUMN',
        `Dataset "${row.name}" has no column "${f}". Columns: ${columns.map((c) => c.name).join(', ')}.`,
      );
    }
    if (column.kind !== 'numeric' && column.kind !== 'categorical') {
      throw new AppError(
        'COLUMN_NOT_NUMERIC',
        `Column "${f}" of ${row.file_name} is ${column.kind}, not numeric or categorical${column.note ? ` (${column.note})` : ''}.`,
      );
    }
    return column;
  });
  return { row, chosen };
}

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
  const { row, chosen } = featureColumns(db, datasetId, features);
  const n = row.row_count;
  const numeric = chosen.filter((c) => c.kind === 'numeric').map((c) => ({ column: c, values: new Float64Array(n) }));
  const categorical = chosen
    .filter((c) => c.kind === 'categorical')
    .map((c) => ({ column: c, codes: new Int32Array(n), seen: new Map<string, number>() }));
  const order = [...numeric.map((c) => c.column.sqlName), ...categorical.map((c) => c.column.sqlName)];
  // In pages (about a tenth faster than one row at a time through an iterator), row_id first.
  const statement = db
    .prepare(`SELECT row_id, ${order.join(', ')} FROM ${row.table_name} WHERE row_id > ? ORDER BY row_id LIMIT ?`)
    .raw();
  const columns = numeric.map((c) => c.values);
  let i = 0;
  for (let after = 0; ;) {
    const page = statement.all(after, FEATURE_PAGE) as CellValue[][];
    if (page.length === 0) break;
    after = page[page.length - 1][0] as number;
    for (const values of page) {
      if (i >= n) {
        i++;
        continue;
      }
      for (let j = 0; j < columns.length; j++) columns[j][i] = (values[j + 1] as number | null) ?? Number.NaN;
      for (let j = 0; j < categorical.length; j++) {
        const c = categorical[j];
        const v = values[numeric.length + j + 1];
        if (v === null) c.codes[i] = -1;
        else {
          const text = String(v);
          let code = c.seen.get(text);
          if (code === undefined) {
            code = c.seen.size;
            c.seen.set(text, code);
          }
          c.codes[i] = code;
        }
      }
      i++;
    }
  }
  if (i !== n) {
    throw new AppError(
      'STORE_FAILED',
      `Dataset ${datasetId} holds ${i.toLocaleString('en-US')} customers where ${n.toLocaleString('en-US')} were recorded: the store is damaged. Restore a backup or import the file again.`,
    );
  }
  return {
    rows: i,
    numeric: numeric.map((c) => ({ name: c.column.name, values: c.values })),
    categorical: categorical.map((c) => {
      const levels = [...c.seen.keys()].sort((a, b) => a.localeCompare(b));
      const remap = Int32Array.from(c.seen.keys(), (level) => levels.indexOf(level));
      return { name: c.column.name, levels, codes: c.codes.map((code) => (code < 0 ? -1 : remap[code])) };
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

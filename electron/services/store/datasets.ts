import { AppError } from '../../../shared/errors';
import type {
  CellValue,
  ColumnKind,
  ColumnSummary,
  DatasetDetail,
  DatasetSummary,
  ImportAccount,
} from '../../../shared/domain';
import type { ParsedTable } from '../../../shared/worker/messages';
import type { RawFeatures } from '../../../shared/ml/preprocess';
import type { DatasetDescription } from '../../../shared/import/describe';
import type { Db } from './db';

interface DatasetRow {
  id: number;
  name: string;
  file_name: string;
  table_name: string;
  row_count: number;
  created_at: string;
  import_account: string | null;
}

interface ColumnRow {
  name: string;
  sql_name: string;
  kind: ColumnKind;
  missing: number;
  note: string | null;
  excluded: number;
}

export interface StoredColumn extends ColumnSummary {
  sqlName: string;
}

const INSERT_CHUNK = 500;

function columnsOf(db: Db, datasetId: number): StoredColumn[] {
  const rows = db
    .prepare(
      'SELECT name, sql_name, kind, missing, note, excluded FROM dataset_columns WHERE dataset_id = ? ORDER BY position',
    )
    .all(datasetId) as ColumnRow[];
  return rows.map((r) => ({
    name: r.name,
    sqlName: r.sql_name,
    kind: r.kind,
    missing: r.missing,
    ...(r.note ? { note: r.note } : {}),
    ...(r.excluded ? { excluded: true } : {}),
  }));
}

function toSummary(db: Db, row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    fileName: row.file_name,
    rows: row.row_count,
    createdAt: row.created_at,
    columns: columnsOf(db, row.id).map(({ sqlName: _sqlName, ...c }) => c),
    import: row.import_account ? (JSON.parse(row.import_account) as ImportAccount) : null,
  };
}

function datasetRow(db: Db, datasetId: number): DatasetRow {
  const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(datasetId) as DatasetRow | undefined;
  if (!row) throw new AppError('DATASET_NOT_FOUND', `There is no dataset ${datasetId}.`);
  return row;
}

/**
 * Store a parsed file as a new dataset: a real table with one typed column per file column
 * (REAL for numbers, TEXT otherwise), rows in file order. One transaction: all or nothing.
 */
export function insertDataset(db: Db, table: ParsedTable, meta: { name: string; fileName: string }): DatasetSummary {
  const createdAt = new Date().toISOString();
  const id = db.transaction(() => {
    const info = db
      .prepare(
        "INSERT INTO datasets (name, file_name, table_name, row_count, created_at, import_account) VALUES (?, ?, 'pending', ?, ?, ?)",
      )
      .run(meta.name, meta.fileName, table.rowCount, createdAt, table.account ? JSON.stringify(table.account) : null);
    const datasetId = Number(info.lastInsertRowid);
    const tableName = `dataset_${datasetId}`;
    db.prepare('UPDATE datasets SET table_name = ? WHERE id = ?').run(tableName, datasetId);
    const insertColumn = db.prepare(
      'INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Column names come from the file: they are stored as data and never put into SQL.
    const sqlNames = table.columns.map((_, j) => `c${j}`);
    table.columns.forEach((c, j) =>
      insertColumn.run(datasetId, j, c.name, sqlNames[j], c.kind, c.missing, c.note ?? null),
    );
    const definitions = table.columns.map((c, j) => `${sqlNames[j]} ${c.kind === 'numeric' ? 'REAL' : 'TEXT'}`);
    db.exec(`CREATE TABLE ${tableName} (row_id INTEGER PRIMARY KEY, ${definitions.join(', ')})`);
    const placeholders = (n: number) =>
      Array.from({ length: n }, () => `(?${', ?'.repeat(table.columns.length)})`).join(', ');
    const fullChunk = db.prepare(`INSERT INTO ${tableName} VALUES ${placeholders(INSERT_CHUNK)}`);
    const params: (number | string | null)[] = [];
    for (let start = 0; start < table.rowCount; start += INSERT_CHUNK) {
      const end = Math.min(start + INSERT_CHUNK, table.rowCount);
      params.length = 0;
      for (let r = start; r < end; r++) {
        params.push(r + 1);
        for (const c of table.columns) {
          const v = c.values[r];
          params.push(typeof v === 'number' ? (Number.isNaN(v) ? null : v) : v);
        }
      }
      const statement =
        end - start === INSERT_CHUNK
          ? fullChunk
          : db.prepare(`INSERT INTO ${tableName} VALUES ${placeholders(end - start)}`);
      statement.run(params);
    }
    return datasetId;
  })();
  return datasetSummary(db, id);
}

export function datasetSummary(db: Db, datasetId: number): DatasetSummary {
  return toSummary(db, datasetRow(db, datasetId));
}

export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[];
  return rows.map((r) => toSummary(db, r));
}

export function getDataset(db: Db, datasetId: number, previewRows = 20): DatasetDetail {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const preview = db
    .prepare(`SELECT ${columns.map((c) => c.sqlName).join(', ')} FROM ${row.table_name} ORDER BY row_id LIMIT ?`)
    .raw()
    .all(previewRows) as CellValue[][];
  return { ...toSummary(db, row), preview };
}

export function storedColumns(db: Db, datasetId: number): StoredColumn[] {
  datasetRow(db, datasetId);
  return columnsOf(db, datasetId);
}

/**
 * The chosen feature columns in one scan: numeric columns as numbers (NaN where blank),
 * categorical ones as level codes (−1 where blank, levels sorted). Errors name the column.
 */
export function readFeatures(db: Db, datasetId: number, features: string[]): RawFeatures {
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
  const n = row.row_count;
  const numeric = chosen.filter((c) => c.kind === 'numeric').map((c) => ({ column: c, values: new Float64Array(n) }));
  const categorical = chosen
    .filter((c) => c.kind === 'categorical')
    .map((c) => ({ column: c, codes: new Int32Array(n), seen: new Map<string, number>() }));
  const order = [...numeric.map((c) => c.column.sqlName), ...categorical.map((c) => c.column.sqlName)];
  const statement = db.prepare(`SELECT ${order.join(', ')} FROM ${row.table_name} ORDER BY row_id`).raw();
  let i = 0;
  for (const values of statement.iterate() as Iterable<CellValue[]>) {
    numeric.forEach((c, j) => (c.values[i] = (values[j] as number | null) ?? Number.NaN));
    categorical.forEach((c, j) => {
      const v = values[numeric.length + j];
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
    });
    i++;
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

/** Every stored row, in import order, with its row id; for exports. */
export function* iterateDatasetRows(
  db: Db,
  datasetId: number,
): Generator<{ rowId: number; values: CellValue[] }, void, undefined> {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const statement = db
    .prepare(`SELECT row_id, ${columns.map((c) => c.sqlName).join(', ')} FROM ${row.table_name} ORDER BY row_id`)
    .raw();
  for (const values of statement.iterate() as Iterable<CellValue[]>) {
    yield { rowId: values[0] as number, values: values.slice(1) };
  }
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

/** Leave a column out of segmentation, or take it back in (the data summary's fixes). */
export function setColumnExcluded(db: Db, datasetId: number, column: string, excluded: boolean): DatasetSummary {
  const found = storedColumns(db, datasetId).find((c) => c.name === column);
  if (!found) throw new AppError('UNKNOWN_COLUMN', `Dataset ${datasetId} has no column "${column}".`);
  db.prepare('UPDATE dataset_columns SET excluded = ? WHERE dataset_id = ? AND name = ?').run(
    excluded ? 1 : 0,
    datasetId,
    column,
  );
  return datasetSummary(db, datasetId);
}

/**
 * Add log(1 + x) of a numeric column as a new numeric column of the dataset ("Spend (log)"), in
 * one transaction; the original stays. Values ≤ −1 and blanks stay blank.
 */
export function addLogColumn(db: Db, datasetId: number, column: string): DatasetSummary {
  const row = datasetRow(db, datasetId);
  const columns = columnsOf(db, datasetId);
  const source = columns.find((c) => c.name === column);
  if (!source) throw new AppError('UNKNOWN_COLUMN', `Dataset "${row.name}" has no column "${column}".`);
  if (source.kind !== 'numeric') throw new AppError('COLUMN_NOT_NUMERIC', `Column "${column}" is not numeric.`);
  let name = `${column} (log)`;
  for (let i = 2; columns.some((c) => c.name === name); i++) name = `${column} (log ${i})`;
  const sqlName = `c${columns.length}`;
  // One statement in SQLite (log(1 + x); blank at or below −1), not a row-by-row copy through JavaScript.
  db.function('segment_log1p', { deterministic: true }, (v: unknown) =>
    typeof v === 'number' && v > -1 ? Math.log1p(v) : null,
  );
  db.transaction(() => {
    db.exec(`ALTER TABLE ${row.table_name} ADD COLUMN ${sqlName} REAL`);
    db.exec(`UPDATE ${row.table_name} SET ${sqlName} = segment_log1p(${source.sqlName})`);
    const missing = db
      .prepare(`SELECT COUNT(*) FROM ${row.table_name} WHERE ${sqlName} IS NULL`)
      .pluck()
      .get() as number;
    db.prepare(
      'INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(datasetId, columns.length, name, sqlName, 'numeric', missing, `derived: log1p(${column})`);
  })();
  return datasetSummary(db, datasetId);
}

/** The data summary stored with a dataset, if it was computed for these columns (`signature`). */
export function cachedDescription(db: Db, datasetId: number, signature: string): DatasetDescription | null {
  const row = db
    .prepare('SELECT signature, description FROM dataset_descriptions WHERE dataset_id = ?')
    .get(datasetId) as { signature: string; description: string } | undefined;
  return row && row.signature === signature ? (JSON.parse(row.description) as DatasetDescription) : null;
}

export function saveDescription(db: Db, datasetId: number, signature: string, description: DatasetDescription): void {
  db.prepare(
    `INSERT INTO dataset_descriptions (dataset_id, signature, description, computed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(dataset_id) DO UPDATE SET signature = excluded.signature, description = excluded.description,
       computed_at = excluded.computed_at`,
  ).run(datasetId, signature, JSON.stringify(description), new Date().toISOString());
}

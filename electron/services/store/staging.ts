import { randomBytes } from 'node:crypto';
import type { DatasetSummary } from '../../../shared/domain';
import type { ImportStreamData, StreamedTable } from '../../../shared/worker/messages';
import type { Db } from './database';
import { datasetSummary } from './datasets';

const STAGING_PREFIX = 'import_staging_';
const INSERT_CHUNK = 500;

/**
 * Where a streamed import lands while it is read: a table of its own, filled batch by batch in
 * short transactions (so the app's other writes are never caught in a long one). Only
 * `finishStaging` makes it a dataset — one transaction that renames it and records its columns —
 * so until then no dataset exists, and a failed, cancelled or crashed import leaves the store as
 * it was (`dropLeftoverStaging` clears a table left by a crash at the next start).
 */
export interface Staging {
  readonly table: string;
  readonly columns: { name: string; numeric: boolean }[];
  rows: number;
  insert(batch: Extract<ImportStreamData, { type: 'batch' }>): void;
}

export function createStaging(db: Db, columns: { name: string; numeric: boolean }[]): Staging {
  const table = `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`;
  // Column names come from the file: they are stored as data and never put into SQL.
  const definitions = columns.map((c, j) => `c${j} ${c.numeric ? 'REAL' : 'TEXT'}`);
  db.exec(`CREATE TABLE ${table} (row_id INTEGER PRIMARY KEY, ${definitions.join(', ')})`);
  const width = columns.length + 1;
  const values = (n: number) => Array.from({ length: n }, () => `(?${', ?'.repeat(width - 1)})`).join(', ');
  const full = db.prepare(`INSERT INTO ${table} VALUES ${values(INSERT_CHUNK)}`);
  const params: (number | string | null)[] = [];
  const staging: Staging = {
    table,
    columns,
    rows: 0,
    insert: db.transaction((batch: Extract<ImportStreamData, { type: 'batch' }>) => {
      for (let start = 0; start < batch.rows; start += INSERT_CHUNK) {
        const end = Math.min(start + INSERT_CHUNK, batch.rows);
        params.length = 0;
        for (let r = start; r < end; r++) {
          params.push(++staging.rows);
          for (const column of batch.columns) {
            const v = column[r];
            params.push(typeof v === 'number' && Number.isNaN(v) ? null : v);
          }
        }
        (end - start === INSERT_CHUNK ? full : db.prepare(`INSERT INTO ${table} VALUES ${values(end - start)}`)).run(
          params,
        );
      }
    }),
  };
  return staging;
}

/** Turn a filled staging table into a dataset, in one transaction. */
export function finishStaging(
  db: Db,
  staging: Staging,
  table: StreamedTable,
  meta: { name: string; fileName: string },
): DatasetSummary {
  const id = db.transaction(() => {
    const info = db
      .prepare(
        "INSERT INTO datasets (name, file_name, table_name, row_count, created_at) VALUES (?, ?, 'pending', ?, ?)",
      )
      .run(meta.name, meta.fileName, staging.rows, new Date().toISOString());
    const datasetId = Number(info.lastInsertRowid);
    const tableName = `dataset_${datasetId}`;
    db.prepare('UPDATE datasets SET table_name = ? WHERE id = ?').run(tableName, datasetId);
    const insertColumn = db.prepare(
      'INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    table.columns.forEach((c, j) => insertColumn.run(datasetId, j, c.name, `c${j}`, c.kind, c.missing, c.note ?? null));
    db.exec(`ALTER TABLE ${staging.table} RENAME TO ${tableName}`);
    return datasetId;
  })();
  return datasetSummary(db, id);
}

export function dropStaging(db: Db, staging: Staging | null): void {
  if (staging) db.exec(`DROP TABLE IF EXISTS ${staging.table}`);
}

/** Staging tables left by an import that never finished (the app was killed mid-import). */
export function dropLeftoverStaging(db: Db): number {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import\\_staging\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    if (/^import_staging_[0-9a-f]{16}$/.test(table)) db.exec(`DROP TABLE ${table}`);
  }
  return tables.length;
}

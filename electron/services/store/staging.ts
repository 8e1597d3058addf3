import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatasetSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ImportStreamData, ParsedTable, StreamedTable } from '../../../shared/worker/messages';
import { tableBatches, withoutValues } from '../../../shared/import/table';
import { manyRowsInsert, type Db } from './db';
import { datasetSummary, type DatasetMeta } from './datasets';

const STAGING_PREFIX = 'import_staging_';
const INSERT_CHUNK = 500;

/** This machine, in 8 hex digits: a staging table's owner is a process on a machine. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** `import_staging_<host>_<pid>_<random>`; the 16-hex form without an owner was written by older versions. */
const STAGING_NAME = /^import_staging_(?:([0-9a-f]{8})_(\d+)_[0-9a-f]{8}|[0-9a-f]{16})$/;

/** Whether a process of this machine is running (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a staging table was left by a process that is gone: its owner is a process of this
 * machine that no longer runs (or the table predates owners). A table of a process on another
 * machine (a database on a shared drive) is never taken for dead.
 */
export function stagingOwnerGone(table: string): boolean {
  const match = STAGING_NAME.exec(table);
  if (!match) return false;
  if (match[1] === undefined) return true;
  const pid = Number(match[2]);
  return match[1] === HOST && pid !== process.pid && !processAlive(pid);
}

/**
 * Where a streamed import lands while it is read: a table of its own, filled batch by batch in
 * short transactions (so the app's other writes are never caught in a long one). Only
 * `finishStaging` makes it a dataset — one transaction that renames it and records its columns —
 * so until then no dataset exists, and a failed, cancelled or crashed import leaves the store as
 * it was (`dropLeftoverStaging` clears a table left by a crash at the next start).
 */
export type StagedColumn = Extract<ImportStreamData, { type: 'schema' }>['columns'][number];

/** A filled staging table, as `finishStaging` makes it a dataset. */
export type StagedTable = Pick<Staging, 'table' | 'columns' | 'rows'>;

export interface Staging {
  readonly table: string;
  readonly columns: StagedColumn[];
  rows: number;
  insert(batch: Extract<ImportStreamData, { type: 'batch' }>): void;
}

/** A new staging table's name: owned by this process on this machine (see `stagingOwnerGone`). */
export function stagingName(): string {
  return `${STAGING_PREFIX}${HOST}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Create a staging table (named `table`, or a new name) for these columns; its `insert` stores a
 * batch in a transaction of its own. (The worker's store writer uses it too, on its connection.)
 */
export function createStaging(db: Db, columns: StagedColumn[], table = stagingName()): Staging {
  if (!STAGING_NAME.test(table)) throw new AppError('STORE_FAILED', `${table} is not a staging table's name.`);
  // Column names come from the file: they are stored as data and never put into SQL.
  const definitions = columns.map((c, j) => `c${j} ${c.numeric ? 'REAL' : 'TEXT'}`);
  db.exec(`CREATE TABLE ${table} (row_id INTEGER PRIMARY KEY, ${definitions.join(', ')})`);
  // Row ids are SQLite's own (1, 2, 3, … in the order rows arrive): one value fewer to bind a row.
  const names = columns.map((_, j) => `c${j}`).join(', ');
  const insertRows = manyRowsInsert(db, `${table} (${names})`, columns.length, INSERT_CHUNK);
  const width = columns.length;
  // Written in place (no per-row iterator or growth: about a tenth of the main process's import time).
  const params = new Array<number | string | null>(INSERT_CHUNK * width);
  const staging: Staging = {
    table,
    columns,
    rows: 0,
    insert: db.transaction((batch: Extract<ImportStreamData, { type: 'batch' }>) => {
      const source = batch.columns;
      if (source.length !== width) {
        throw new AppError('STORE_FAILED', `A batch of ${source.length} columns reached a table of ${width}.`);
      }
      for (let start = 0; start < batch.rows; start += INSERT_CHUNK) {
        const end = Math.min(start + INSERT_CHUNK, batch.rows);
        const values = end - start === INSERT_CHUNK ? params : new Array<number | string | null>((end - start) * width);
        // A blank number is NaN, which SQLite stores as NULL.
        let p = 0;
        for (let r = start; r < end; r++) for (let j = 0; j < width; j++) values[p++] = source[j][r];
        insertRows(values, end - start);
        staging.rows += end - start;
      }
    }),
  };
  return staging;
}

/**
 * A staging table the worker filled (see storeWriter.ts), as this connection finds it: its rows
 * counted here (SQLite's row ids run 1, 2, 3, … in the order rows were inserted, none deleted, so
 * the largest is the count), and refused when they are not the `rows` the worker says it wrote.
 */
export function stagedByWorker(
  db: Db,
  table: string,
  columns: StagedColumn[],
  rows: number,
  fileName: string,
): StagedTable {
  if (!STAGING_NAME.test(table)) throw new AppError('STORE_FAILED', `${table} is not a staging table's name.`);
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  const stored = exists
    ? ((db.prepare(`SELECT max(row_id) AS rows FROM ${table}`).get() as { rows: number | null }).rows ?? 0)
    : 0;
  if (stored !== rows) {
    throw new AppError(
      'ROWS_UNACCOUNTED',
      `${fileName}: the reading stored ${rows} rows but the store holds ${stored}. Nothing was imported; please report this file.`,
    );
  }
  return { table, columns, rows };
}

/** Turn a filled staging table into a dataset, in one transaction. */
export function finishStaging(db: Db, staging: StagedTable, table: StreamedTable, meta: DatasetMeta): DatasetSummary {
  if (table.account && table.account.stored !== staging.rows) {
    throw new AppError(
      'ROWS_UNACCOUNTED',
      `${meta.fileName}: ${staging.rows} rows reached the store but the file's reading counted ${table.account.stored}. ` +
        'Nothing was imported; please report this file.',
    );
  }
  const id = db.transaction(() => {
    const info = db
      .prepare(
        "INSERT INTO datasets (name, file_name, table_name, row_count, created_at, import_account, recipe) VALUES (?, ?, 'pending', ?, ?, ?, ?)",
      )
      .run(
        meta.name,
        meta.fileName,
        staging.rows,
        new Date().toISOString(),
        table.account ? JSON.stringify(table.account) : null,
        meta.recipe ? JSON.stringify(meta.recipe) : null,
      );
    const datasetId = Number(info.lastInsertRowid);
    const tableName = `dataset_${datasetId}`;
    db.prepare('UPDATE datasets SET table_name = ? WHERE id = ?').run(tableName, datasetId);
    const insertColumn = db.prepare(
      'INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note, original_sql) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // The staged columns are the table's, then the file values of cleaned ones (marked `original`).
    const originals = new Map(staging.columns.flatMap((c, j) => (c.original ? [[c.name, `c${j}`] as const] : [])));
    table.columns.forEach((c, j) =>
      insertColumn.run(datasetId, j, c.name, `c${j}`, c.kind, c.missing, c.note ?? null, originals.get(c.name) ?? null),
    );
    db.exec(`ALTER TABLE ${staging.table} RENAME TO ${tableName}`);
    return datasetId;
  })();
  return datasetSummary(db, id);
}

export function dropStaging(db: Db, staging: Pick<Staging, 'table'> | null): void {
  if (!staging) return;
  if (!STAGING_NAME.test(staging.table)) throw new AppError('STORE_FAILED', `${staging.table} is not a staging table.`);
  db.exec(`DROP TABLE IF EXISTS ${staging.table}`);
  reclaimFreePages(db);
}

/**
 * Staging tables left by imports whose process is gone (the app or a command was killed
 * mid-import), dropped and their pages given back to the file system. Tables of imports still
 * running in other processes — the desktop app, browser mode and commands share one file — stay.
 */
export function dropLeftoverStaging(db: Db): number {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import\\_staging\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  const gone = tables.filter(stagingOwnerGone);
  for (const table of gone) db.exec(`DROP TABLE IF EXISTS ${table}`);
  if (gone.length > 0) reclaimFreePages(db);
  return gone.length;
}

/**
 * Give free pages back to the file system. A store made by this version has incremental
 * auto-vacuum, so this is quick; an older file is converted once by a VACUUM, which needs the file
 * to itself — when another process has it open the pages are kept for the next imports instead.
 */
export function reclaimFreePages(db: Db): void {
  if (db.memory || db.readonly) return;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free === 0) return;
  if ((db.pragma('auto_vacuum', { simple: true }) as number) === 2) {
    db.pragma('incremental_vacuum');
  } else {
    try {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    } catch {
      return;
    }
  }
  // Never waits: readers in other processes may hold the log, which then shrinks at a later checkpoint.
  db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * A table held in memory (a model file's empty dataset, tests) stored as a new dataset the way an
 * import's rows are: through a staging table made the dataset in one step, all or nothing — one
 * real table with a typed column per column (REAL for numbers, TEXT otherwise), rows in order, a
 * cleaned column's file values in a column of their own.
 */
export function insertDataset(db: Db, table: ParsedTable, meta: DatasetMeta): DatasetSummary {
  const stored = [
    ...table.columns.map((c) => ({ name: c.name, values: c.values })),
    ...table.columns.flatMap((c) => (c.original ? [{ name: c.name, values: c.original, original: true }] : [])),
  ];
  let staging: Staging | null = null;
  try {
    staging = createStaging(
      db,
      stored.map((c) => ({
        name: c.name,
        numeric: c.values instanceof Float64Array,
        ...('original' in c ? { original: true } : {}),
      })),
    );
    for (const batch of tableBatches(
      stored.map((c) => c.values),
      table.rowCount,
    ))
      staging.insert(batch);
    const summary = finishStaging(db, staging, withoutValues(table), meta);
    staging = null;
    return summary;
  } finally {
    dropStaging(db, staging);
  }
}

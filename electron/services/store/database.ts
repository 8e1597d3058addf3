import { openSqlite } from './sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations as allMigrations, type Migration } from './migrations';
import { dropLeftoverStaging } from './staging';

export type { Db } from './db';
import type { Db } from './db';

/** Apply every pending migration in one transaction; refuse a database from a newer app. */
export function migrate(db: Db, migrations: readonly Migration[] = allMigrations): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError(
      'DATABASE_TOO_NEW',
      `The database was written by a newer version of Segment Studio (schema ${current}, this app knows ${latest}). Update the app to open it.`,
    );
  }
  if (current === latest) return;
  db.transaction(() => {
    for (const m of migrations.slice(current)) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
}

/**
 * How long a write waits for another process's write (the desktop app, browser mode and any
 * number of commands may share one file) before giving up with a message.
 */
export const BUSY_TIMEOUT_MS = 60_000;

/** A writing connection's own settings (the journal mode is the file's). */
function writerPragmas(db: Db): void {
  db.pragma('journal_size_limit = 67108864');
  // Checkpoint when the WAL reaches 64 MB (the size it is kept at), not SQLite's 4 MB: an
  // import's staging pages are then copied into the file a few times, not forty times a
  // million rows (that import 4.4 → 3.9 s).
  db.pragma('wal_autocheckpoint = 16384');
}

/**
 * A second writing connection to a store the app has open (a worker writing an import's staging
 * table): the file must exist and is not migrated; writers wait for each other as the app's do.
 */
export function openStoreWriter(path: string, maxPageCount?: number): Db {
  const db = openSqlite(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    writerPragmas(db);
    if (maxPageCount !== undefined && Number.isSafeInteger(maxPageCount) && maxPageCount > 0) {
      db.pragma(`max_page_count = ${maxPageCount}`);
    }
  } catch (error) {
    db.close();
    throw storeError(error, path) ?? error;
  }
  return db;
}

/**
 * Open (creating if needed) the customer store: WAL, foreign keys on, writers that wait for each
 * other, incremental auto-vacuum (so dropped tables give their pages back), migrated.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = openSqlite(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw (
      storeError(error, path) ??
      new AppError('DATABASE_OPEN_FAILED', `Cannot open the database ${path}: ${(error as Error).message}`)
    );
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Only takes effect on a file without tables yet: a new store.
    if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    if (path !== ':memory:') {
      db.pragma('journal_mode = WAL');
      writerPragmas(db);
    }
    db.pragma('foreign_keys = ON');
    migrate(db);
    dropLeftoverStaging(db);
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw (
      storeError(error, path) ??
      new AppError('DATABASE_OPEN_FAILED', `Cannot open the database ${path}: ${(error as Error).message}`)
    );
  }
  return db;
}

/**
 * SQLite's failures that the user can act on, in words that name the file and what to do; null for
 * anything else.
 */
export function storeError(error: unknown, path: string): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'DATABASE_READ_ONLY',
      `The database ${path} cannot be written (the file or its folder is read-only, or it was moved while open). ` +
        'Nothing was changed. Make the file and its folder writable, or use another file with --db, and try again.',
    );
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') {
    return new AppError(
      'DISK_FULL',
      `The disk holding ${path} is full (or refused the write). Nothing was changed. Free some space ` +
        '(or delete datasets you no longer need) and try again.',
    );
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) {
    return new AppError(
      'DATABASE_BUSY',
      `The database ${path} stayed busy with another process's work for ${BUSY_TIMEOUT_MS / 1000} s. Nothing was ` +
        'changed. Wait for the other import or command to finish and try again.',
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return new AppError(
      'DATABASE_OPEN_FAILED',
      `The database ${path} cannot be opened (missing folder, no permission, or not a file). Check the path and its permissions.`,
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'DATABASE_CORRUPT',
      `The database ${path} is damaged or is not a Segment Studio database. Restore a backup (File ▸ Restore, or "segment-studio restore").`,
    );
  }
  return null;
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

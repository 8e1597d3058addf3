import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations as allMigrations, type Migration } from './migrations';
import { dropLeftoverStaging } from './staging';

export type Db = Database.Database;

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

/** Open (creating if needed) the customer store: WAL, foreign keys on, migrated. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw new AppError('DATABASE_OPEN_FAILED', `Cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    dropLeftoverStaging(db);
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw new AppError('DATABASE_OPEN_FAILED', `Cannot open the database ${path}: ${(error as Error).message}`);
  }
  return db;
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

import { openSqlite } from './sqlite';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations } from './migrations';
import { openDatabase, type Db } from './database';

/** Backups kept per database; older ones are removed. */
export const BACKUPS_KEPT = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  path: string;
  createdAt: Date;
}

/** A database's name without its folder and extension: `clientB.db` → `clientB`. */
const databaseName = (dbPath: string): string => basename(dbPath, extname(dbPath));

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A database's backups carry its name: `clientB-20261130-101500-daily.db`. Databases in one folder
 * share the `backups` folder, so a backup is only ever counted, pruned or offered for its own.
 */
const backupNamePattern = (dbPath: string): RegExp =>
  new RegExp(`^${escapeRegExp(databaseName(dbPath))}-\\d{8}-\\d{6}-[a-z0-9-]+\\.db$`);

/** The backups of one database in a folder, newest first. */
export function listBackups(dir: string, dbPath: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const ours = backupNamePattern(dbPath);
  return readdirSync(dir)
    .filter((f) => ours.test(f))
    .map((f) => ({ path: join(dir, f), createdAt: statSync(join(dir, f)).mtime }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.path.localeCompare(a.path));
}

/** `PRAGMA integrity_check` on a database file, read-only; null when it is sound. */
export function integrityProblem(path: string): string | null {
  let db: Db | null = null;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return problems.length > 0 ? problems.slice(0, 3).join('; ') : null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/** Where the next backup of a database goes: its name, the time, the reason. */
function backupTarget(dir: string, dbPath: string, reason: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const base = `${databaseName(dbPath)}-${stamp}-${reason}`;
  let target = join(dir, `${base}.db`);
  for (let n = 2; existsSync(target); n++) target = join(dir, `${base}-${n}.db`);
  return target;
}

function pruneBackups(dir: string, dbPath: string): void {
  for (const old of listBackups(dir, dbPath).slice(BACKUPS_KEPT)) rmSync(old.path, { force: true });
}

/**
 * A consistent copy of the database (WAL included, via SQLite's backup API) named after it,
 * pruned to its last few.
 */
export async function backupDatabase(db: Db, dir: string, reason: string): Promise<string> {
  const target = backupTarget(dir, db.name, reason);
  await db.backup(target);
  pruneBackups(dir, db.name);
  return target;
}

/**
 * Hold the database file alone, or say which process may have it. SQLite keeps a shared lock on
 * a WAL database for as long as any connection has it open, so an exclusive lock is granted only
 * when no other process (the desktop app, browser mode, another command) has the file open.
 */
function lockDatabaseAlone(dbPath: string): Db | null {
  const db = openSqlite(dbPath, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new AppError(
        'DATABASE_IN_USE',
        `The database ${dbPath} is open in another process (the desktop app, browser mode or another segment-studio ` +
          'command). Nothing was changed. Close the app and wait for other commands to finish, then restore again.',
      );
    }
    // A file whose header SQLite cannot read is no database any process can have open.
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return null;
    throw error;
  }
}

/**
 * Replace the database with a backup, only while no other process has it open (a process that
 * holds it would write its log back over the restored file), after taking a backup of what is
 * there now ("before-restore", a plain copy when the database is too damaged to read). Returns
 * that backup's path.
 */
export async function restoreBackup(backupPath: string, dbPath: string, backupDir: string): Promise<string | null> {
  const problem = integrityProblem(backupPath);
  if (problem) throw new AppError('BACKUP_CORRUPT', `The backup ${basename(backupPath)} is damaged too: ${problem}`);
  let before: string | null = null;
  if (existsSync(dbPath)) {
    const alone = lockDatabaseAlone(dbPath);
    try {
      before = backupTarget(backupDir, dbPath, 'before-restore');
      try {
        if (!alone) throw new Error('unreadable');
        await alone.backup(before);
      } catch {
        // Too damaged for SQLite to read: keep the bytes as they are.
        copyFileSync(dbPath, before);
        if (existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${before}-wal`);
      }
    } finally {
      alone?.close();
    }
  }
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  copyFileSync(backupPath, dbPath);
  pruneBackups(backupDir, dbPath);
  return before;
}

/**
 * Open the store as the app does: refuse a damaged file (naming the newest backup to restore),
 * back up before any migration, and keep a daily backup.
 */
export async function openStore(dbPath: string, backupDir: string): Promise<Db> {
  if (existsSync(dbPath)) {
    const problem = integrityProblem(dbPath);
    if (problem) {
      const latest = listBackups(backupDir, dbPath)[0];
      throw new AppError(
        'DATABASE_CORRUPT',
        `The database ${dbPath} is damaged (${problem}). ${
          latest
            ? `The newest backup is ${latest.path} (${latest.createdAt.toISOString()}): restore it with "segment-studio restore ${latest.path}" or File ▸ Restore.`
            : 'There is no backup to restore.'
        }`,
      );
    }
    const current = openSqlite(dbPath, { readonly: true });
    try {
      const version = current.pragma('user_version', { simple: true }) as number;
      if (version < migrations.length) await backupDatabase(current, backupDir, `before-schema-${migrations.length}`);
    } finally {
      current.close();
    }
  }
  const db = openDatabase(dbPath);
  const latest = listBackups(backupDir, dbPath)[0];
  if (!latest || Date.now() - latest.createdAt.getTime() > DAY_MS) await backupDatabase(db, backupDir, 'daily');
  return db;
}

import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations } from './migrations';
import { openDatabase, type Db } from './database';

/** Backups kept per folder; older ones are removed. */
export const BACKUPS_KEPT = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  path: string;
  createdAt: Date;
}

/** The backups in a folder, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith('segment-studio-') && f.endsWith('.db'))
    .map((f) => ({ path: join(dir, f), createdAt: statSync(join(dir, f)).mtime }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.path.localeCompare(a.path));
}

/** `PRAGMA integrity_check` on a database file, read-only; null when it is sound. */
export function integrityProblem(path: string): string | null {
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return problems.length > 0 ? problems.slice(0, 3).join('; ') : null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/** A consistent copy of the database (WAL included, via SQLite's backup API), pruned to the last few. */
export async function backupDatabase(db: Db, dir: string, reason: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  let target = join(dir, `segment-studio-${stamp}-${reason}.db`);
  for (let n = 2; existsSync(target); n++) target = join(dir, `segment-studio-${stamp}-${reason}-${n}.db`);
  await db.backup(target);
  for (const old of listBackups(dir).slice(BACKUPS_KEPT)) rmSync(old.path, { force: true });
  return target;
}

/** Replace the database file with a backup (the WAL and shared-memory files go with the old one). */
export function restoreBackup(backupPath: string, dbPath: string): void {
  const problem = integrityProblem(backupPath);
  if (problem) throw new AppError('BACKUP_CORRUPT', `The backup ${basename(backupPath)} is damaged too: ${problem}`);
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  copyFileSync(backupPath, dbPath);
}

/**
 * Open the store as the app does: refuse a damaged file (naming the newest backup to restore),
 * back up before any migration, and keep a daily backup.
 */
export async function openStore(dbPath: string, backupDir: string): Promise<Db> {
  if (existsSync(dbPath)) {
    const problem = integrityProblem(dbPath);
    if (problem) {
      const latest = listBackups(backupDir)[0];
      throw new AppError(
        'DATABASE_CORRUPT',
        `The database ${dbPath} is damaged (${problem}). ${
          latest
            ? `The newest backup is ${latest.path} (${latest.createdAt.toISOString()}): restore it with "segment-studio restore ${latest.path}" or File ▸ Restore.`
            : 'There is no backup to restore.'
        }`,
      );
    }
    const current = new Database(dbPath, { readonly: true });
    try {
      const version = current.pragma('user_version', { simple: true }) as number;
      if (version < migrations.length) await backupDatabase(current, backupDir, `before-schema-${migrations.length}`);
    } finally {
      current.close();
    }
  }
  const db = openDatabase(dbPath);
  const latest = listBackups(backupDir)[0];
  if (!latest || Date.now() - latest.createdAt.getTime() > DAY_MS) await backupDatabase(db, backupDir, 'daily');
  return db;
}

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, requireBuild, tempDir, workerEntry } from '../helpers/built';
import { runCli } from '../helpers/cli';
import { listBackups, openStore } from '../../electron/services/store/backups';
import { openDatabase } from '../../electron/services/store/database';
import { createAppService } from '../../electron/services/appService';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';

const temp = tempDir('segment-shared-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

/** A customer CSV of `rows` rows (about 60 bytes a row). */
function writeCustomers(path: string, rows: number): string {
  const lines = ['customer_id,spend,visits,income,plan'];
  for (let i = 0; i < rows; i++)
    lines.push(`c${i},${(i * 7) % 1000}.5,${i % 13},${30000 + ((i * 31) % 50000)},${i % 3 ? 'gold' : 'basic'}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const stagingTables = (dbPath: string): string[] => {
  const db = new Database(dbPath, { readonly: true, timeout: 10_000 });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'import_staging_%'")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
};

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The CLI as a separate process, with its exit and output. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

describe('one database, many processes', () => {
  it('lets an import run while other processes open, list and import the same file — all land', async () => {
    const db = join(temp.dir, 'shared.db');
    const big = writeCustomers(join(temp.dir, 'big.csv'), 400_000);
    const small = writeCustomers(join(temp.dir, 'small.csv'), 2_000);
    const running = startCli(['import', big, '--db', db, '--json']);
    // Wait until the first import is writing its staging table, then open the file from others.
    await until(() => existsSync(db) && stagingTables(db).length > 0, 'the staging table');
    const [list, second, third] = await Promise.all([
      runCli(['list', '--json', '--db', db]),
      runCli(['import', small, '--name', 'second', '--db', db, '--json']),
      runCli(['import', small, '--name', 'third', '--db', db, '--json']),
    ]);
    expect(list.code, list.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(third.code, third.stderr).toBe(0);
    const first = await running.done;
    expect(first.code, first.stderr).toBe(0);
    const rows = (
      JSON.parse((await runCli(['list', '--json', '--db', db])).stdout) as {
        datasets: { name: string; rows: number }[];
      }
    ).datasets
      .map((d) => [d.name, d.rows])
      .sort();
    expect(rows).toEqual([
      ['big', 400_000],
      ['second', 2_000],
      ['third', 2_000],
    ]);
    expect(stagingTables(db)).toEqual([]);
  });

  it('gives a killed import’s pages back when the file is next opened', async () => {
    const db = join(temp.dir, 'killed.db');
    const small = writeCustomers(join(temp.dir, 'few.csv'), 500);
    expect((await runCli(['import', small, '--db', db])).code).toBe(0);
    const sizeBefore = statSync(db).size;
    const big = writeCustomers(join(temp.dir, 'bigger.csv'), 1_500_000);
    const running = startCli(['import', big, '--db', db]);
    const staged = () => {
      const [table] = stagingTables(db);
      if (!table) return 0;
      const reader = new Database(db, { readonly: true, timeout: 10_000 });
      try {
        return reader.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
      } finally {
        reader.close();
      }
    };
    await until(() => staged() > 300_000, '300,000 staged rows');
    running.child.kill('SIGKILL');
    await running.done;
    const sizeWithStaging = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    expect(sizeWithStaging).toBeGreaterThan(sizeBefore * 20);
    // The next process to open it sees the importer is gone, drops its table and returns the pages.
    expect((await runCli(['list', '--db', db])).code).toBe(0);
    expect(stagingTables(db)).toEqual([]);
    const sizeAfter = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    expect(sizeAfter).toBeLessThan(sizeBefore * 3);
  });

  it('refuses to restore while another process has the database open, and backs up first', async () => {
    const db = join(temp.dir, 'restore.db');
    const file = writeCustomers(join(temp.dir, 'r.csv'), 300);
    expect((await runCli(['import', file, '--db', db])).code).toBe(0);
    const backup = JSON.parse((await runCli(['backup', '--json', '--db', db])).stdout) as { backup: { path: string } };
    expect((await runCli(['import', file, '--name', 'later', '--db', db])).code).toBe(0);

    const holder = openDatabase(db); // this test process plays the desktop app
    const refused = await runCli(['restore', backup.backup.path, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is open in another process');
    expect(refused.stderr).toContain('Nothing was changed');
    expect(holder.prepare('SELECT COUNT(*) FROM datasets').pluck().get() as number).toBe(2);
    holder.close();

    const restored = await runCli(['restore', backup.backup.path, '--db', db, '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const { restore } = JSON.parse(restored.stdout) as { restore: { backupBefore: string } };
    expect(restore.backupBefore).toMatch(/restore-\d{8}-\d{6}-before-restore\.db$/);
    const kept = new Database(restore.backupBefore, { readonly: true });
    expect(kept.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(2);
    kept.close();
    const list = JSON.parse((await runCli(['list', '--json', '--db', db])).stdout) as { datasets: unknown[] };
    expect(list.datasets).toHaveLength(1);
  });

  it('keeps the backups of two databases in one folder apart', async () => {
    const dir = tempDir('segment-two-dbs-');
    const a = join(dir.dir, 'clientA.db');
    const b = join(dir.dir, 'clientB.db');
    const file = writeCustomers(join(dir.dir, 'c.csv'), 50);
    for (const db of [a, b]) expect((await runCli(['import', file, '--db', db])).code).toBe(0);
    for (let i = 0; i < 6; i++) {
      expect((await runCli(['backup', '--db', a])).code).toBe(0);
      expect((await runCli(['backup', '--db', b])).code).toBe(0);
    }
    const backups = join(dir.dir, 'backups');
    const ofA = listBackups(backups, a);
    const ofB = listBackups(backups, b);
    expect(ofA).toHaveLength(5);
    expect(ofB).toHaveLength(5);
    expect(ofA.every((x) => x.path.includes('clientA-'))).toBe(true);
    expect(ofB.every((x) => x.path.includes('clientB-'))).toBe(true);
    expect(readdirSync(backups)).toHaveLength(10);
    // A damaged clientB is only ever offered clientB's backups.
    writeFileSync(b, Buffer.alloc(8192, 0x5a));
    const damaged = await runCli(['list', '--db', b]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/clientB\.db/);
    expect(damaged.stderr).not.toContain('clientA-');
    await expect(openStore(b, backups)).rejects.toThrow(/clientB/);
    dir.cleanup();
  });
});

describe('store failures name the file and what to do', () => {
  const service = (db: ReturnType<typeof openDatabase>) =>
    createAppService({ db, jobs: new JobRunner(nodeWorkerFactory(workerEntry)), mode: 'cli', version: 'test' });

  it('a full disk', async () => {
    const path = join(temp.dir, 'full.db');
    const db = openDatabase(path);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const lines = ['id,spend,visits'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${i % 100},${i % 7}`);
    const result = await service(db).dispatch('importDataset', {
      jobId: 'job-disk-full',
      fileName: 'c.csv',
      content: lines.join('\n'),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DISK_FULL');
      expect(result.error.message).toContain(path);
      expect(result.error.message).toContain('Free some space');
    }
    expect(db.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(0);
    db.close();
  });

  it('a read-only database', async () => {
    const path = join(temp.dir, 'readonly.db');
    openDatabase(path).close();
    const db = new Database(path, { readonly: true });
    const result = await service(db).dispatch('importDataset', {
      jobId: 'job-read-only',
      fileName: 'c.csv',
      content: 'id,spend,visits\n1,2,3\n2,3,4\n',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DATABASE_READ_ONLY');
      expect(result.error.message).toContain(path);
    }
    db.close();
    chmodSync(path, 0o644);
  });
});

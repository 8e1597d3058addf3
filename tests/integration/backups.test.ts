import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';
import { migrate } from '../../electron/services/store/database';
import { migrations } from '../../electron/services/store/migrations';
import { listBackups, openStore } from '../../electron/services/store/backups';

const temp = tempDir('segment-backup-');
const db = join(temp.dir, 'store.db');
const backups = join(temp.dir, 'backups');

const cli = (...args: string[]) => runCli([...args, '--db', db]);

beforeAll(requireBuild);
afterAll(temp.cleanup);

describe('database backups and recovery', () => {
  it('detects a damaged database at start-up and restores it from a backup', async () => {
    expect((await cli('import', join(repoRoot, 'tests', 'fixtures', 'blobs_300.csv'))).code).toBe(0);
    const backup = JSON.parse((await cli('backup', '--json')).stdout) as { backup: { path: string } };
    expect(backup.backup.path.startsWith(backups)).toBe(true);
    const before = (await cli('list', '--json')).stdout;

    // Scribble over the middle of the file, as a failing disk or a killed copy would.
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
    closeSync(fd);

    const damaged = await cli('list');
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('is damaged');
    expect(damaged.stderr).toContain(`The newest backup is ${backup.backup.path}`);

    expect((await cli('restore', backup.backup.path)).code).toBe(0);
    expect((await cli('list', '--json')).stdout).toBe(before);
  });

  it('backs up before migrating an older schema, and keeps only the last five', async () => {
    const dir = tempDir('segment-migrate-');
    const path = join(dir.dir, 'old.db');
    const old = new Database(path);
    migrate(old, migrations.slice(0, 1));
    old.close();
    const store = await openStore(path, join(dir.dir, 'backups'));
    expect(store.pragma('user_version', { simple: true })).toBe(migrations.length);
    store.close();
    const names = readdirSync(join(dir.dir, 'backups'));
    expect(names.some((n) => n.includes(`before-schema-${migrations.length}`))).toBe(true);
    const backupCopy = new Database(listBackups(join(dir.dir, 'backups'), path)[0].path, { readonly: true });
    expect(backupCopy.pragma('user_version', { simple: true })).toBeLessThanOrEqual(migrations.length);
    backupCopy.close();
    for (let i = 0; i < 7; i++) await cli('backup');
    expect(listBackups(backups, db).length).toBe(5);
    dir.cleanup();
  });
});

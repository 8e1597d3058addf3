/**
 * An import into a store kept in a file: the worker writes the rows into the staging table the
 * main process named (a thread of its own, or the worker's own thread where that one cannot
 * start), and the main process makes it a dataset only when the rows it finds are the rows read.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../electron/services/appService';
import { openDatabase } from '../../electron/services/store/database';
import { stagedByWorker, stagingName } from '../../electron/services/store/staging';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import { startStoreWriter, type StoreWriter } from '../../electron/worker/storeWriter';
import type { ImportStreamData } from '../../shared/worker/messages';
import { builtMain, requireBuild, tempDir, workerEntry } from '../helpers/built';

const temp = tempDir('segment-writer-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

const columns = [
  { name: 'id', numeric: false },
  { name: 'spend', numeric: true },
];
const batch = (from: number, rows: number): ImportStreamData => ({
  type: 'batch',
  rows,
  columns: [
    Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? null : `C${from + i}`)),
    Float64Array.from({ length: rows }, (_, i) => (i % 5 === 1 ? Number.NaN : (from + i) / 4)),
  ],
});

/** Schema, a first batch, a schema again (the file read a second time), then three batches. */
async function writeAll(writer: StoreWriter): Promise<number> {
  writer.write({ type: 'schema', columns });
  writer.write(batch(0, 10));
  writer.write({ type: 'schema', columns });
  for (let b = 0; b < 3; b++) {
    await writer.ready();
    writer.write(batch(b * 1000, 1000));
  }
  return writer.end();
}

function tableRows(path: string, table: string) {
  const db = openDatabase(path);
  try {
    return db.prepare(`SELECT row_id, c0, c1 FROM ${table} ORDER BY row_id`).raw().all() as unknown[][];
  } finally {
    db.close();
  }
}

const expected = Array.from({ length: 3000 }, (_, i) => [
  i + 1,
  (i % 1000) % 7 === 3 ? null : `C${i}`,
  (i % 1000) % 5 === 1 ? null : i / 4,
]);

describe("the worker's store writer", () => {
  it.each([
    ['in a thread of its own', 'thread.db', () => join(builtMain, 'staging-thread.js')],
    ["in the worker's own thread where its thread cannot start", 'here.db', () => join(temp.dir, 'nothing.js')],
  ])('writes the staging table %s; a second schema starts it over', async (_how, file, entry) => {
    const path = join(temp.dir, file);
    openDatabase(path).close();
    const table = stagingName();
    const writer = startStoreWriter({ dbPath: path, table }, entry());
    try {
      expect(await writeAll(writer)).toBe(3000);
    } finally {
      await writer.close();
    }
    expect(tableRows(path, table)).toEqual(expected);
  });

  it("fails the import with the store's error (a batch that does not fit), and writes nothing more", async () => {
    const path = join(temp.dir, 'bad.db');
    openDatabase(path).close();
    const writer = startStoreWriter({ dbPath: path, table: stagingName() }, join(builtMain, 'staging-thread.js'));
    try {
      writer.write({ type: 'schema', columns });
      writer.write({ type: 'batch', rows: 1, columns: [['x']] });
      await expect(writer.end()).rejects.toMatchObject({ code: 'STORE_FAILED' });
      expect(() => writer.write(batch(0, 1))).toThrow(/columns/);
    } finally {
      await writer.close();
    }
  });

  it('stopped before the end, closes its connection: the store is free to write at once', async () => {
    const path = join(temp.dir, 'stopped.db');
    openDatabase(path).close();
    const table = stagingName();
    const writer = startStoreWriter({ dbPath: path, table }, join(builtMain, 'staging-thread.js'));
    writer.write({ type: 'schema', columns });
    // Batches under way (the thread started and writing) when it is stopped.
    for (let b = 0; b < 12; b++) {
      await writer.ready();
      writer.write(batch(b * 2000, 2000));
    }
    await writer.close();
    const db = openDatabase(path);
    try {
      db.pragma('busy_timeout = 0');
      db.exec(`BEGIN IMMEDIATE; DROP TABLE IF EXISTS ${table}; COMMIT`);
      expect(db.prepare('SELECT count(*) FROM sqlite_master WHERE name = ?').pluck().get(table)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('is refused by the main process when the table holds other than the rows the worker wrote', () => {
    const path = join(temp.dir, 'count.db');
    const db = openDatabase(path);
    try {
      const table = stagingName();
      db.exec(`CREATE TABLE ${table} (row_id INTEGER PRIMARY KEY, c0 TEXT)`);
      db.prepare(`INSERT INTO ${table} (c0) VALUES ('a'), ('b')`).run();
      expect(stagedByWorker(db, table, [{ name: 'a', numeric: false }], 2, 'f.csv').rows).toBe(2);
      expect(() => stagedByWorker(db, table, [{ name: 'a', numeric: false }], 3, 'f.csv')).toThrow(
        /f\.csv: the reading stored 3 rows but the store holds 2/,
      );
      expect(() => stagedByWorker(db, 'datasets', [], 0, 'f.csv')).toThrow(/not a staging table/);
    } finally {
      db.close();
    }
  });

  it('imports a file through the app: written by the worker, the dataset whole, no staging table left', async () => {
    const path = join(temp.dir, 'app.db');
    const db = openDatabase(path);
    // What the main process asks of the worker, and receives from it before the result.
    const jobs = new JobRunner(nodeWorkerFactory(workerEntry));
    const run = jobs.run.bind(jobs);
    const asked: unknown[] = [];
    const received: string[] = [];
    jobs.run = ((jobId, job, onProgress, onData) => {
      asked.push(job);
      return run(jobId, job, onProgress, (data) => {
        received.push(data.type);
        onData?.(data);
      });
    }) as typeof jobs.run;
    const service = createAppService({ db, jobs, mode: 'cli', version: 'test' });
    const lines = ['id,spend,region'];
    for (let i = 0; i < 12_345; i++) lines.push(`C${i},${i % 97},${['N', 'S'][i % 2]}`);
    const result = await service.dispatch('importDataset', {
      jobId: 'job-writer',
      fileName: 'w.csv',
      content: lines.join('\n'),
    });
    expect(result).toMatchObject({ ok: true, value: { rows: 12_345 } });
    expect(asked).toMatchObject([{ kind: 'importStream', store: { dbPath: path } }]);
    expect(received).toEqual(['schema']);
    const staged = db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'import_staging_%'").pluck().get();
    expect(staged).toBe(0);
    expect(db.prepare('SELECT sum(c1) FROM dataset_1').pluck().get()).toBe(
      Array.from({ length: 12_345 }, (_, i) => i % 97).reduce((a, b) => a + b, 0),
    );
    db.close();
  });
});

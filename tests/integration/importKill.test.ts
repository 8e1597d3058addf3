import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDataset } from '../../electron/services/store/datasets';
import { readPass } from '../../electron/worker/import/reader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppService } from '../../electron/services/appService';
import { openDatabase } from '../../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import { readTable } from '../../electron/worker/import/pipeline';
import { AppError } from '../../shared/errors';
import type { ImportOptions } from '../../shared/import/options';
import { requireBuild, tempDir, workerEntry } from '../helpers/built';

const temp = tempDir('segment-kill-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

/**
 * The app service over a store; at each progress event of `jobId`, `killNow` decides whether to
 * kill that job's worker (once), as a crash would.
 */
function killingService(db: ReturnType<typeof openDatabase>, jobId: string, killNow: () => boolean) {
  const jobs = new JobRunner(nodeWorkerFactory(workerEntry));
  const killed: { pid?: number } = {};
  const service = createAppService({
    db,
    jobs,
    mode: 'cli',
    version: 'test',
    emit: (event) => {
      if (event.type !== 'progress' || event.jobId !== jobId || killed.pid !== undefined || !killNow()) return;
      killed.pid = jobs.workerPid(jobId);
      if (killed.pid) process.kill(killed.pid, 'SIGKILL');
    },
  });
  return { service, killed };
}

describe('an import killed half-way', () => {
  it('leaves the store exactly as it was when the worker is killed mid-parse', async () => {
    const db = openDatabase(join(temp.dir, 'kill.db'));
    const { service, killed } = killingService(db, 'job-kill-import', () => true);
    // One small dataset first: it must survive untouched.
    const first = await service.dispatch('importDataset', {
      jobId: 'job-small-import',
      fileName: 'small.csv',
      content: 'id,spend,visits\n1,10,2\n2,20,3\n3,30,4\n',
    });
    expect(first.ok).toBe(true);
    const tablesBefore = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const lines = ['id,spend,visits,plan'];
    for (let i = 0; i < 300_000; i++) lines.push(`${i},${(i * 7) % 1000},${i % 13},${i % 2 ? 'gold' : 'basic'}`);
    const result = await service.dispatch('importDataset', {
      jobId: 'job-kill-import',
      fileName: 'big.csv',
      content: lines.join('\n'),
    });
    expect(killed.pid).toBeGreaterThan(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'WORKER_CRASHED' } });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual(tablesBefore);
    const datasets = await service.dispatch('listDatasets', {});
    expect(datasets).toMatchObject({ ok: true, value: [{ name: 'small', rows: 3 }] });
    db.close();
  }, 60_000);
});

/** The app service over a store, with real worker processes. */
const serviceOn = (db: ReturnType<typeof openDatabase>) =>
  createAppService({ db, jobs: new JobRunner(nodeWorkerFactory(workerEntry)), mode: 'cli', version: 'test' });

describe('a streamed import (a file read from its path)', () => {
  const tables = (db: ReturnType<typeof openDatabase>) =>
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

  it('leaves the store exactly as it was when the worker is killed after some batches were stored', async () => {
    const db = openDatabase(join(temp.dir, 'kill-stream.db'));
    let stagedRows = 0;
    const { service, killed } = killingService(db, 'job-kill-stream', () => {
      const staging = tables(db).find((t) => t.startsWith('import_staging_'));
      stagedRows = staging ? (db.prepare(`SELECT COUNT(*) FROM ${staging}`).pluck().get() as number) : 0;
      return stagedRows > 0;
    });
    await service.importFile('job-small', 'small.csv', { text: 'id,spend,visits\n1,10,2\n2,20,3\n' });
    const before = tables(db);
    const file = join(temp.dir, 'big.csv');
    const lines = ['id,spend,visits,plan'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},${(i * 7) % 1000},${i % 13},${i % 2 ? 'gold' : 'basic'}`);
    writeFileSync(file, lines.join('\n'));
    await expect(service.importFile('job-kill-stream', 'big.csv', { path: file })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
    });
    expect(killed.pid).toBeGreaterThan(0);
    expect(stagedRows).toBeGreaterThan(0);
    expect(tables(db)).toEqual(before);
    expect((await service.dispatch('listDatasets', {})) as unknown).toMatchObject({
      ok: true,
      value: [{ name: 'small' }],
    });
    db.close();
  }, 60_000);

  it('drops a staging table left by a crash when the store is next opened', () => {
    const path = join(temp.dir, 'leftover.db');
    const db = openDatabase(path);
    db.exec('CREATE TABLE import_staging_0123456789abcdef (row_id INTEGER PRIMARY KEY, c0 REAL)');
    db.close();
    const reopened = openDatabase(path);
    expect(tables(reopened).filter((t) => t.startsWith('import_staging_'))).toEqual([]);
    reopened.close();
  });

  it('reads the file again when a late row changes a column, and stores it once', async () => {
    const db = openDatabase(join(temp.dir, 'retry.db'));
    const service = serviceOn(db);
    const file = join(temp.dir, 'late.csv');
    const rows = Array.from({ length: 15_000 }, (_, i) => `C${i},${i === 12_000 ? 'see notes' : i % 100},${i % 5}`);
    writeFileSync(file, ['customer_id,score,visits', ...rows].join('\n'));
    const dataset = await service.importFile('job-late', 'late.csv', { path: file });
    expect(dataset.rows).toBe(15_000);
    expect(dataset.columns.map((c) => [c.name, c.kind])).toEqual([
      ['customer_id', 'identifier'],
      ['score', 'text'],
      ['visits', 'numeric'],
    ]);
    expect(dataset.columns[1].note).toContain('row 12002: "see notes" is not a number');
    expect(tables(db).filter((t) => t.startsWith('import_staging_'))).toEqual([]);
    const detail = getDataset(db, dataset.id, 2);
    expect(detail.preview).toEqual([
      ['C0', '0', 0],
      ['C1', '1', 1],
    ]);
    db.close();
  }, 60_000);

  it('names a file that is not there any more', async () => {
    const db = openDatabase(join(temp.dir, 'gone.db'));
    const service = serviceOn(db);
    await expect(
      service.importFile('job-gone', 'gone.csv', { path: join(temp.dir, 'gone.csv') }),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: 'gone.csv is not there any more (moved, renamed or deleted). Choose it again.',
    });
    db.close();
  });
});

describe('files the desktop shell opened (by token, never by path)', () => {
  it('previews a big one from its first 4 MB and imports it whole by streaming it from disk', async () => {
    const db = openDatabase(join(temp.dir, 'tokens.db'));
    const service = serviceOn(db);
    const file = join(temp.dir, 'opened.csv');
    const lines = ['customer_id;spend;visits'];
    for (let i = 0; i < 300_000; i++) lines.push(`Kundé-${i};${(i % 997) + 0.5};${i % 11}`.replace('.', ','));
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const token = service.registerOpenedFile(file);
    const preview = await service.dispatch('previewImport', {
      jobId: 'job-preview',
      fileName: 'opened.csv',
      fileToken: token,
    });
    expect(preview).toMatchObject({ ok: true, value: { delimiter: 'semicolon', decimal: ',', encoding: 'UTF-8' } });
    const value = (preview as { value: { rowCount: number; estimated: { readBytes: number; totalBytes: number } } })
      .value;
    expect(value.estimated.readBytes).toBeLessThanOrEqual(4 << 20);
    expect(Math.abs(value.rowCount - 300_000) / 300_000).toBeLessThan(0.05);
    const imported = await service.dispatch('importDataset', {
      jobId: 'job-import',
      fileName: 'opened.csv',
      fileToken: token,
    });
    expect(imported).toMatchObject({ ok: true, value: { rows: 300_000 } });
    expect(getDataset(db, (imported as { value: { id: number } }).value.id, 1).preview).toEqual([['Kundé-0', 0.5, 0]]);
    db.close();
  }, 60_000);

  it("hands out a token for the desktop's Open dialog, and says the dialog needs the desktop app elsewhere", async () => {
    const db = openDatabase(join(temp.dir, 'tokens-dialog.db'));
    const file = join(temp.dir, 'chosen.csv');
    writeFileSync(file, 'id,spend,visits\n1,10,2\n2,20,3\n');
    let answer: string | null = file;
    const desktop = createAppService({
      db,
      jobs: new JobRunner(nodeWorkerFactory(workerEntry)),
      mode: 'desktop',
      version: 'test',
      chooseFile: () => Promise.resolve(answer),
    });
    const chosen = await desktop.dispatch('chooseImportFile', {});
    expect(chosen).toMatchObject({ ok: true, value: { fileName: 'chosen.csv', size: 30 } });
    const fileToken = (chosen as { value: { fileToken: string } }).value.fileToken;
    expect(fileToken).toMatch(/^[0-9a-f]{32}$/);
    expect(
      await desktop.dispatch('importDataset', { jobId: 'job-chosen', fileName: 'chosen.csv', fileToken }),
    ).toMatchObject({
      ok: true,
      value: { rows: 2 },
    });
    answer = null;
    expect(await desktop.dispatch('chooseImportFile', {})).toEqual({ ok: true, value: null });
    expect(await serviceOn(db).dispatch('chooseImportFile', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_AVAILABLE' },
    });
    db.close();
  });

  it('refuses a token it did not hand out, a path-like token, and two sources at once', async () => {
    const db = openDatabase(join(temp.dir, 'tokens-bad.db'));
    const service = serviceOn(db);
    const unknown = await service.dispatch('importDataset', {
      jobId: 'job-token-a',
      fileName: 'x.csv',
      fileToken: '0123456789abcdef0123456789abcdef',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'FILE_NOT_OPEN' } });
    const pathLike = await service.dispatch('importDataset', {
      jobId: 'job-token-b',
      fileName: 'x.csv',
      fileToken: '/etc/passwd',
    });
    expect(pathLike).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const both = await service.dispatch('importDataset', {
      jobId: 'job-token-c',
      fileName: 'x.csv',
      content: 'a,b\n1,2\n',
      fileToken: service.registerOpenedFile(join(temp.dir, 'x.csv')),
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    db.close();
  });
});

/** The app service over a store, noting the kind of every worker job it starts. */
function countingService(db: ReturnType<typeof openDatabase>) {
  const jobs = new JobRunner(nodeWorkerFactory(workerEntry));
  const kinds: string[] = [];
  const run = jobs.run.bind(jobs);
  jobs.run = ((jobId, job, onProgress, onData) => {
    kinds.push(job.kind);
    return run(jobId, job, onProgress, onData);
  }) as typeof jobs.run;
  return { service: createAppService({ db, jobs, mode: 'cli', version: 'test' }), kinds };
}

describe('the data summary kept with its dataset', () => {
  it('is computed once, and again only when a fix changes the columns', async () => {
    const db = openDatabase(join(temp.dir, 'describe-cache.db'));
    const { service, kinds } = countingService(db);
    const lines = ['id,spend,visits', ...Array.from({ length: 200 }, (_, i) => `${i},${i ** 2},${i % 7}`)];
    const dataset = await service.importFile('job-describe-import', 'shop.csv', { text: lines.join('\n') });
    const first = await service.dispatch('describeDataset', { jobId: 'job-describe-1', datasetId: dataset.id });
    const second = await service.dispatch('describeDataset', { jobId: 'job-describe-2', datasetId: dataset.id });
    expect(second).toEqual(first);
    expect(kinds.filter((k) => k === 'describe')).toHaveLength(1);
    await service.dispatch('fixColumn', { datasetId: dataset.id, column: 'spend', fix: 'log1p' });
    const third = await service.dispatch('describeDataset', { jobId: 'job-describe-3', datasetId: dataset.id });
    expect(kinds.filter((k) => k === 'describe')).toHaveLength(2);
    expect((third as { value: { columns: { name: string }[] } }).value.columns.map((c) => c.name)).toContain(
      'spend (log)',
    );
    db.close();
  });
});

describe('which reader an import takes', () => {
  it('takes one pipeline for every file: delimited, cleaned and derived, a transaction log, text, a workbook', async () => {
    const db = openDatabase(join(temp.dir, 'reader.db'));
    const { service, kinds } = countingService(db);
    const file = join(temp.dir, 'reader.csv');
    writeFileSync(file, 'id,spend,visits\n1,10,2\n2,,3\n3,30,4\n');
    const importWith = (jobId: string, options: ImportOptions) =>
      service.importFile(jobId, 'reader.csv', { path: file }, undefined, options);
    await importWith('job-reader-1', { clean: { spend: { missing: 'keep', capOutliers: false } } });
    const median = await importWith('job-reader-2', { clean: { spend: { missing: 'median' } } });
    expect(median.columns.find((c) => c.name === 'spend')?.missing).toBe(0);
    const log = await importWith('job-reader-3', {
      clean: { spend: { missing: 'drop' } },
      derive: [{ name: 'Total', template: 'sum', columns: ['spend', 'visits'] }],
    });
    expect(log).toMatchObject({
      rows: 2,
      columns: [{ name: 'id' }, { name: 'spend' }, { name: 'visits' }, { name: 'Total' }],
    });
    expect(getDataset(db, log.id).preview).toEqual([
      ['1', 10, 2, 12],
      ['3', 30, 4, 34],
    ]);
    await importWith('job-reader-4', { transactions: { customer: 'id', date: 'visits', amount: 'spend' } }).catch(
      () => undefined,
    );
    // Text handed over as text, and a workbook: the same pipeline.
    await importWith('job-reader-5', {}).then(() =>
      service.importFile('job-reader-6', 'typed.csv', { text: 'id,spend\n1,2\n2,3\n' }),
    );
    const workbook = await service.importFile('job-reader-7', 'customers.xlsx', {
      bytes: new Uint8Array(readFileSync(new URL('../corpus/customers.xlsx', import.meta.url))),
    });
    expect(workbook.rows).toBe(30);
    expect(kinds).toEqual(Array.from({ length: 7 }, () => 'importStream'));
    db.close();
  });
});

describe('the parser layer under fuzzing', () => {
  const ownError = async (run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
    }
  };

  it('never throws anything but its own typed error, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          unit: fc.constantFrom('a', '1', ',', ';', '\t', '|', '"', '\n', '\r', ' ', '.', '-', '€', 'é', '%'),
        }),
        (text) => ownError(() => readTable('fuzz.csv', { text })),
      ),
      { numRuns: 500 },
    );
  });

  it('never throws anything but its own typed error, whatever the bytes or options', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.record(
          {
            delimiter: fc.constantFrom(',', ';', '\t', '|'),
            decimal: fc.constantFrom('.', ','),
            header: fc.boolean(),
            encoding: fc.constantFrom('UTF-8', 'UTF-16 LE', 'UTF-16 BE', 'Windows-1252'),
          },
          { requiredKeys: [] },
        ),
        (bytes, options) => ownError(() => readTable('fuzz.csv', { bytes }, options)),
      ),
      { numRuns: 500 },
    );
    // Random bytes that claim to be a workbook.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes]);
        await readTable('fuzz.xlsx', { bytes: zip }).then(
          () => undefined,
          (error: unknown) => expect(error).toBeInstanceOf(AppError),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('the streaming reader, too, whatever the bytes, options and read size', async () => {
    const cells = fc.constantFrom('a', '1', ',', ';', '\t', '|', '"', '\n', '\r', ' ', '.', '-', '€', 'é', '%', 'NA');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.string({ unit: cells }).map((text) => new TextEncoder().encode(text)),
        ),
        fc.record(
          {
            delimiter: fc.constantFrom(',', ';', '\t', '|'),
            decimal: fc.constantFrom('.', ','),
            header: fc.boolean(),
            skipRagged: fc.boolean(),
            encoding: fc.constantFrom('UTF-8', 'UTF-16 LE', 'UTF-16 BE', 'Windows-1252'),
          },
          { requiredKeys: [] },
        ),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, options, chunkBytes) => {
          await readPass(
            'fuzz.csv',
            { bytes },
            options,
            () => {},
            () => {},
            { chunkBytes },
          ).then(
            () => undefined,
            (error: unknown) => expect(error).toBeInstanceOf(AppError),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

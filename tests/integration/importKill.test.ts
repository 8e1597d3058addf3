import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppService } from '../../electron/services/appService';
import { openDatabase } from '../../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import { parseCsv, readCsv } from '../../electron/services/import/parseCsv';
import { readTable } from '../../electron/services/import/readTable';
import { AppError } from '../../shared/errors';
import { requireBuild, tempDir, workerEntry } from '../helpers/built';

const temp = tempDir('segment-kill-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

describe('an import killed half-way', () => {
  it('leaves the store exactly as it was when the worker is killed mid-parse', async () => {
    const db = openDatabase(join(temp.dir, 'kill.db'));
    const jobs = new JobRunner(nodeWorkerFactory(workerEntry));
    let killed: number | undefined;
    const service = createAppService({
      db,
      jobs,
      mode: 'cli',
      version: 'test',
      emit: (event) => {
        if (event.type === 'progress' && event.jobId === 'job-kill-import' && killed === undefined) {
          killed = jobs.workerPid('job-kill-import');
          if (killed) process.kill(killed, 'SIGKILL');
        }
      },
    });
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
    expect(killed).toBeGreaterThan(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'WORKER_CRASHED' } });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual(tablesBefore);
    const datasets = await service.dispatch('listDatasets', {});
    expect(datasets).toMatchObject({ ok: true, value: [{ name: 'small', rows: 3 }] });
    db.close();
  }, 60_000);
});

describe('the parser layer under fuzzing', () => {
  const ownError = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
    }
  };

  it('never throws anything but its own typed error, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', '1', ',', ';', '\t', '|', '"', '\n', '\r', ' ', '.', '-', '€', 'é', '%'),
        }),
        (text) => ownError(() => parseCsv('fuzz.csv', text)),
      ),
      { numRuns: 500 },
    );
  });

  it('never throws anything but its own typed error, whatever the bytes or options', async () => {
    fc.assert(
      fc.property(
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
        (bytes, options) => ownError(() => readCsv('fuzz.csv', { bytes }, () => {}, options)),
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
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, tempDir, workerEntry } from '../helpers/built';
import { runCli } from '../helpers/cli';
import { openDatabase } from '../../electron/services/store/database';
import { createAppService } from '../../electron/services/appService';
import { JobRunner, nodeWorkerFactory } from '../../electron/services/workerHost';
import type { DatasetSummary, ImportAccount } from '../../shared/domain';

const temp = tempDir('segment-rows-');
beforeAll(requireBuild);
afterAll(temp.cleanup);

const file = (name: string, text: string) => {
  const path = join(temp.dir, name);
  writeFileSync(path, text);
  return path;
};

/** A customer file of `rows` rows whose row `badRow` (the header is row 1) has `badNote` as its note. */
function customers(rows: number, badRow: number, badNote: string): string {
  const lines = ['id,spend,note'];
  for (let i = 1; i <= rows; i++) lines.push(`c${i},${i % 97},${lines.length + 1 === badRow ? badNote : 'plain'}`);
  return lines.join('\n') + '\n';
}

describe('every import accounts for every row', () => {
  const db = join(temp.dir, 'rows.db');
  const cli = (...args: string[]) => runCli([...args, '--db', db]);

  it('stops at a stray quote, naming file, row and column, and imports nothing', async () => {
    const path = file('stray.csv', 'id,spend,note\nc1,1,a\nc2,2,"q"r\nc3,3,c\nc4,4,d\nc5,5,e\n');
    const result = await cli('import', path, '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stray.csv, row 3, column "note"');
    expect(result.stderr).toContain('--quotes literal');
    expect(JSON.parse((await cli('list', '--json')).stdout)).toEqual({ datasets: [] });
  });

  it('reads quotes literally when asked, and says so', async () => {
    const path = file('stray2.csv', 'id,spend,note\nc1,1,a\nc2,2,"q"r\nc3,3,c\nc4,4,d\nc5,5,e\n');
    const result = await cli('import', path, '--quotes', 'literal', '--json');
    expect(result.code, result.stderr).toBe(0);
    const { dataset } = JSON.parse(result.stdout) as { dataset: DatasetSummary };
    expect(dataset.rows).toBe(5);
    expect(dataset.import).toEqual({
      records: 5,
      stored: 5,
      skipped: [],
      notes: ['quotes read as ordinary characters'],
    });
  });

  it('finds a late stray quote in a 200,000-row file (streamed), not only in the first megabytes', async () => {
    const path = file('late.csv', customers(200_000, 150_001, '"12" screen'));
    const result = await cli('import', path, '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('late.csv, row 150,001, column "note"');
    const literal = await cli('import', path, '--quotes', 'literal', '--json');
    expect(literal.code, literal.stderr).toBe(0);
    const { dataset } = JSON.parse(literal.stdout) as { dataset: DatasetSummary };
    expect(dataset.rows).toBe(200_000);
  });

  it('refuses a quote that opens a field and runs on for more than 100 lines', async () => {
    const path = file('runaway.csv', customers(5_000, 2_001, '"opened and never closed'));
    const result = await cli('import', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('runaway.csv, row 2,001, column "note"');
    expect(result.stderr).toMatch(/more than 100 lines/);
  });

  it('keeps quoted line breaks inside a field (an address), counting records, not lines', async () => {
    const path = file(
      'address.csv',
      'id,spend,address\n1,10,"1 High St\nLondon"\n2,20,"2 Low Rd\nLeeds"\n\n3,30,plain\n',
    );
    const result = await cli('import', path, '--json');
    expect(result.code, result.stderr).toBe(0);
    const { dataset } = JSON.parse(result.stdout) as { dataset: DatasetSummary };
    expect(dataset.import).toEqual({
      records: 4,
      stored: 3,
      skipped: [{ reason: 'blank', message: '1 blank row (no value in any column) left out', count: 1, rows: [4] }],
      notes: [],
    });
  });

  it('counts blank rows and skipped ragged rows with their row numbers, streamed and whole', async () => {
    const text = 'id,spend,visits\n1,10,2\n\n2,20\n,,\n3,30,4\n4,40,5,9\n5,50,6\n';
    const path = file('mixed.csv', text);
    const streamed = await cli('import', path, '--skip-ragged', '--json');
    expect(streamed.code, streamed.stderr).toBe(0);
    const expected: ImportAccount = {
      records: 7,
      stored: 3,
      skipped: [
        { reason: 'blank', message: '2 blank rows (no value in any column) left out', count: 2, rows: [3, 5] },
        {
          reason: 'wrong-field-count',
          message: '2 rows with the wrong number of fields left out, as chosen (fix them in the file to keep them)',
          count: 2,
          rows: [4, 7],
        },
      ],
      notes: [],
    };
    expect((JSON.parse(streamed.stdout) as { dataset: DatasetSummary }).dataset.import).toEqual(expected);

    // The same file handed over as text through the API gives the same account.
    const store = openDatabase(join(temp.dir, 'api.db'));
    const service = createAppService({
      db: store,
      jobs: new JobRunner(nodeWorkerFactory(workerEntry)),
      mode: 'cli',
      version: 'test',
    });
    const whole = await service.dispatch('importDataset', {
      jobId: 'job-whole-text',
      fileName: 'mixed.csv',
      content: text,
      options: { skipRagged: true },
    });
    expect(whole.ok).toBe(true);
    if (whole.ok) expect((whole.value as DatasetSummary).import).toEqual(expected);

    // Rows dropped by cleaning are named too, by their row in the file.
    const dropped = await service.dispatch('importDataset', {
      jobId: 'job-drop-blanks',
      fileName: 'drops.csv',
      content: 'id,spend,visits\n1,10,2\n2,,3\n\n3,30,\n4,,5\n',
      options: { clean: { spend: { missing: 'drop' } } },
    });
    expect(dropped.ok).toBe(true);
    if (dropped.ok) {
      const account = (dropped.value as DatasetSummary).import;
      expect(account?.records).toBe(5);
      expect(account?.stored).toBe(2);
      expect(account?.skipped.find((s) => s.reason === 'blank-dropped')).toEqual({
        reason: 'blank-dropped',
        message: '2 rows with a blank in "spend" dropped, as chosen in cleaning',
        count: 2,
        rows: [3, 6],
      });
    }
    store.close();
  });

  it('counts streamed rows dropped by cleaning, by file row', async () => {
    const store = openDatabase(join(temp.dir, 'api2.db'));
    const service = createAppService({
      db: store,
      jobs: new JobRunner(nodeWorkerFactory(workerEntry)),
      mode: 'cli',
      version: 'test',
    });
    const path = file('drops2.csv', 'id,spend,visits\n1,10,2\n2,,3\n\n3,30,\n4,,5\n');
    const dataset = await service.importFile('job-stream-drops', 'drops2.csv', { path }, undefined, {
      clean: { spend: { missing: 'drop' } },
    });
    expect(dataset.import?.skipped.map((s) => [s.reason, s.count, s.rows])).toEqual([
      ['blank', 1, [4]],
      ['blank-dropped', 2, [3, 6]],
    ]);
    expect(dataset.rows).toBe(2);
    store.close();
  });
});

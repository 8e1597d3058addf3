/**
 * A large dataset's features read by two threads (each half on a connection of its own) are the
 * same arrays as read by one — numbers to the bit, blanks as NaN, categories' levels and codes
 * (levels first met in either half) — and a store holding other than its recorded row count is
 * refused, whichever half is short or long.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/store/database';
import { insertDataset } from '../../electron/services/store/staging';
import { readFeatures } from '../../electron/services/store/datasetRows';
import { readTable } from '../../electron/worker/import/pipeline';
import { readFeaturesParallel } from '../../electron/worker/parallelRead';
import type { RawFeatures } from '../../shared/ml/preprocess';
import { builtMain, requireBuild, tempDir } from '../helpers/built';

beforeAll(requireBuild);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ROWS = 3001;
const options = { threadEntry: join(builtMain, 'read-thread.js'), threads: 2, minRows: 2 };

async function store() {
  const { dir, cleanup } = tempDir('parallel-read-');
  cleanups.push(cleanup);
  const lines = ['id,spend,visits,region,tier'];
  for (let i = 0; i < ROWS; i++) {
    const spend = i % 7 === 0 ? '' : (i * 1.37 - 40).toFixed(3);
    // Some levels appear only in the second half, one only in the first, blanks in both.
    const region = i % 11 === 0 ? '' : ['North', 'South', i > ROWS / 2 ? 'Zeta' : 'East', 'Ähnlich'][i % 4];
    const tier = i < 10 ? 'Early' : i > ROWS - 5 ? 'Late' : ['Gold', 'Silver'][i % 2];
    lines.push(`${i + 1},${spend},${i % 13},${region},${tier}`);
  }
  const path = join(dir, 'store.db');
  const db = openDatabase(path);
  const table = await readTable('people.csv', { text: lines.join('\n') + '\n' });
  const datasetId = insertDataset(db, table, { name: 'People', fileName: 'people.csv' }).id;
  return { db, path, datasetId };
}

function expectSame(a: RawFeatures, b: RawFeatures): void {
  expect(b.rows).toBe(a.rows);
  expect(b.numeric.map((c) => c.name)).toEqual(a.numeric.map((c) => c.name));
  a.numeric.forEach((c, j) => {
    expect(Array.from(b.numeric[j].values).every((v, i) => Object.is(v, c.values[i]))).toBe(true);
  });
  expect(b.categorical.map((c) => [c.name, c.levels, Array.from(c.codes)])).toEqual(
    a.categorical.map((c) => [c.name, c.levels, Array.from(c.codes)]),
  );
}

describe('reading the features with two threads', () => {
  it('gives the arrays one thread reads', async () => {
    const { db, path, datasetId } = await store();
    const features = ['spend', 'region', 'visits', 'tier'];
    const one = readFeatures(db, datasetId, features);
    expect(one.rows).toBe(ROWS);
    expect(one.categorical.find((c) => c.name === 'region')?.levels).toContain('Zeta');
    expect(one.numeric[0].values.some(Number.isNaN)).toBe(true);
    expectSame(one, await readFeaturesParallel(db, { dbPath: path, datasetId, features }, options));
    db.close();
  });

  it('reads the second half itself when the thread cannot run', async () => {
    const { db, path, datasetId } = await store();
    const features = ['region', 'spend', 'tier'];
    const one = readFeatures(db, datasetId, features);
    const missing = { ...options, threadEntry: join(builtMain, 'no-such-thread.js') };
    expectSame(one, await readFeaturesParallel(db, { dbPath: path, datasetId, features }, missing));
    db.close();
  });

  it('refuses a store holding more or fewer rows than recorded, in either half', async () => {
    const { db, path, datasetId } = await store();
    const table = (db.prepare('SELECT table_name FROM datasets WHERE id = ?').pluck().get(datasetId) as string) ?? '';
    const read = () => readFeaturesParallel(db, { dbPath: path, datasetId, features: ['spend', 'tier'] }, options);
    db.prepare(`DELETE FROM ${table} WHERE row_id = ?`).run(ROWS - 2);
    await expect(read()).rejects.toMatchObject({ code: 'STORE_FAILED' });
    db.prepare(`DELETE FROM ${table} WHERE row_id = ?`).run(3);
    await expect(read()).rejects.toMatchObject({ code: 'STORE_FAILED' });
    db.prepare(`INSERT INTO ${table} (row_id) VALUES (?), (?), (?)`).run(ROWS + 10, ROWS + 11, ROWS + 12);
    await expect(read()).rejects.toMatchObject({ code: 'STORE_FAILED', message: /holds 3,002 customers where 3,001/ });
    db.close();
  });
});

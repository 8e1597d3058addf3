/**
 * Scoring a table, measured in a process of its own for `npm run bench`:
 *   tsx scripts/bench-sql.ts FILE
 * imports the customer CSV FILE with a recipe (blanks filled, outliers capped, a derived sum),
 * trains k = 5 on six of its columns (one start, one of them a category), then scores FILE twice:
 * with our `assign` (the worker reads the raw file and replays the recipe) and with the model's
 * scoring SQL in DuckDB (the file loaded into a table first, timed apart); then the SQL alone on a
 * 10,000,000-row table DuckDB makes itself. Prints one JSON line with rows and seconds of each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import type { DatasetSummary, ModelSummary } from '../shared/domain';

const [file] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'bench-sql-'));
const db = openDatabase(join(dir, 'bench.db'));
const jobs = new JobRunner(nodeWorkerFactory(fileURLToPath(new URL('../out/main/worker.js', import.meta.url))));
const service = createAppService({ db, jobs, mode: 'cli', version: 'bench' });
const call = async <T>(name: string, args: unknown): Promise<T> => {
  const result = await service.dispatch(name, args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
};
const seconds = (start: number) => (performance.now() - start) / 1000;

try {
  const dataset = await call<DatasetSummary>('importDataset', {
    jobId: 'bench-sql-import',
    fileName: basename(file),
    fileToken: service.registerOpenedFile(file),
    options: {
      clean: { m1: { missing: 'median', capOutliers: true }, m2: { missing: 'median' } },
      derive: [{ name: 'total', template: 'sum', columns: ['m1', 'm2', 'm3'] }],
    },
  });
  const model = await call<ModelSummary>('trainModel', {
    jobId: 'bench-sql-train',
    datasetId: dataset.id,
    features: ['m0', 'm1', 'm4', 'total', 'm5', 'region'],
    k: 5,
    nInit: 1,
  });
  let start = performance.now();
  const assigned = await call<{ rows: number }>('assignFile', {
    jobId: 'bench-sql-assign',
    modelId: model.id,
    fileName: basename(file),
    fileToken: service.registerOpenedFile(file),
  });
  const assignSeconds = seconds(start);
  const { sql } = await call<{ sql: string }>('modelSql', { modelId: model.id, dialect: 'duckdb' });

  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  start = performance.now();
  await duck.run(`CREATE TABLE customers AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true)`);
  const loadSeconds = seconds(start);
  start = performance.now();
  await duck.run(`CREATE TABLE scored AS ${sql}`);
  const sqlSeconds = seconds(start);
  // Ten million customers made in DuckDB (uniform values; the SQL's work does not depend on them).
  const big = 10_000_000;
  const numbers = Array.from({ length: 16 }, (_, j) => `random() * 100000 AS m${j}`).join(', ');
  await duck.run(
    `CREATE TABLE customers_big AS SELECT 'C' || i AS customer_id, ${numbers},
       ['North', 'South', 'East', 'West'][1 + i % 4] AS region FROM range(${big}) t(i)`,
  );
  const { sql: bigSql } = await call<{ sql: string }>('modelSql', {
    modelId: model.id,
    dialect: 'duckdb',
    table: 'customers_big',
  });
  start = performance.now();
  await duck.run(`CREATE TABLE scored_big AS ${bigSql}`);
  const bigSeconds = seconds(start);
  console.log(
    JSON.stringify({
      rows: assigned.rows,
      assignSeconds,
      duckdbLoadSeconds: loadSeconds,
      duckdbSqlSeconds: sqlSeconds,
      bigRows: big,
      duckdbBigSeconds: bigSeconds,
    }),
  );
  duck.closeSync();
} finally {
  jobs.cancelAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

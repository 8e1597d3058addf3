/**
 * The scoring SQL scores a warehouse table as `assign` scores the raw file: run on DuckDB, Postgres
 * (PGlite) and SQLite over 100,000 customers with blanks, outliers, rare and unknown categories, a
 * code read as categories, derived columns (sum, ratio, count of flags, age, tenure), a log feature
 * and rows the recipe leaves out — 100% the same segment, distances within 1e-9. The other dialects
 * are parsed by a SQL parser. Names and values with quotes, backslashes and "--" cannot break out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import Papa from 'papaparse';
import { Parser } from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { readTable } from '../../electron/worker/import/pipeline';
import { replayReadOptions, type Recipe } from '../../shared/import/recipe';
import { neededColumns, replaySteps } from '../../shared/import/replay';
import { assignCustomers, featuresFromTable } from '../../shared/segments/assign';
import type { Preprocessing } from '../../shared/ml/preprocess';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-sql-');
const db = join(temp.dir, 'sql.db');
const cli = async (...args: string[]) => {
  const result = await runCli([...args, '--db', db], temp.dir);
  if (result.code !== 0) throw new Error(`segment-studio ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
};

const ROWS = 100_000;
const WINE = `Wine's "spend" \\ --`;
const ODD = `O'Brien \\ -- "x"`;
const HEADER = [
  'customer_id',
  'Year_Birth',
  'Income',
  'Marital',
  'Region',
  WINE,
  'MntFruits',
  'Visits',
  'Purchases',
  'Dt_Customer',
  'AcceptedCmp1',
  'AcceptedCmp2',
  'Kidhome',
];
type Cell = string | number | null;

/** 100,000 customers shaped like a marketing export, every kind of blank and oddity included. */
function customers(): Cell[][] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const statuses = ['Married', 'Together', 'Single', 'Divorced', ODD];
  const rows: Cell[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const r = random();
    const status =
      r < 0.02 ? null : r < 0.0205 ? 'YOLO' : r < 0.021 ? 'Absurd' : statuses[Math.floor(random() * statuses.length)];
    const income =
      random() < 0.02 ? null : random() < 0.003 ? 666666 : Math.round((15000 + random() * 90000) * 100) / 100;
    const day = new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 1500) * 86_400_000).toISOString().slice(0, 10);
    rows.push([
      `C${String(i + 1).padStart(6, '0')}`,
      1940 + Math.floor(random() * 60),
      income,
      status,
      1 + Math.floor(random() * 3),
      random() < 0.01 ? null : Math.round(random() * 1500),
      Math.round(random() * 200),
      Math.floor(random() * 15),
      Math.floor(random() * 25),
      random() < 0.01 ? null : day,
      random() < 0.1 ? 1 : 0,
      random() < 0.07 ? 1 : 0,
      random() < 0.005 ? null : Math.floor(random() * 3),
    ]);
  }
  return rows;
}

const csvCell = (v: Cell) =>
  v === null ? '' : typeof v === 'number' ? String(v) : /[",\n\\']/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
const toCsv = (rows: Cell[][]) =>
  [HEADER.map((h) => csvCell(h)).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';

const TYPES = ['TEXT', 'INT', 'DOUBLE', 'TEXT', 'INT', 'DOUBLE', 'INT', 'INT', 'INT', 'DATE', 'INT', 'INT', 'INT'];
const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

let rows: Cell[][];
let modelId = 0;
/** assign's answer for each customer id: [segment_id, distance] (null when left out). */
const expected = new Map<string, [number, number] | null>();
/** assign's distance of each customer at full precision. */
const exact = new Map<string, number>();
const rawFile = join(temp.dir, 'customers.csv');

beforeAll(async () => {
  requireBuild();
  rows = customers();
  writeFileSync(rawFile, toCsv(rows));
  const { dataset } = JSON.parse(
    await cli(
      'import',
      rawFile,
      '--kind',
      'Region=categorical',
      '--clean',
      'Income=median,cap',
      '--clean',
      'Marital=merge-rare,unknown',
      '--clean',
      `${WINE}=median`,
      '--clean',
      'Kidhome=drop',
      '--derive',
      'Age=age(Year_Birth)@2024',
      '--derive',
      `Total=sum(${WINE},MntFruits)`,
      '--derive',
      'Conversion=ratio(Purchases,Visits)',
      '--derive',
      'Accepted=count(AcceptedCmp1,AcceptedCmp2)',
      '--derive',
      'Tenure=tenure(Dt_Customer)',
      '--json',
    ),
  ) as { dataset: { id: number } };
  const { model } = JSON.parse(
    await cli(
      'train',
      String(dataset.id),
      '--features',
      'Income,Age,Total,Conversion,Accepted,Tenure,Marital,Region',
      '--log',
      'Total',
      '--k',
      '4',
      '--inits',
      '2',
      '--json',
    ),
  ) as { model: { id: number } };
  modelId = model.id;
  await cli('rename', String(modelId), '0', `Tom's \\ -- "best"`);
  const out = join(temp.dir, 'assigned.csv');
  await cli('assign', String(modelId), rawFile, '--out', out);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true });
  for (const r of parsed.data) {
    expected.set(r.customer_id, r.segment_id === '' ? null : [Number(r.segment_id), Number(r.distance)]);
  }
  // assign's distances before they are written with 6 decimals: the same steps, in process.
  const file = join(temp.dir, 'model.json');
  await cli('model', 'export', String(modelId), '--out', file);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    recipe: Recipe;
    preprocessing: Preprocessing;
    centroidsScaled: number[][];
  };
  const table = await readTable('customers.csv', { bytes: readFileSync(rawFile) }, replayReadOptions(saved.recipe));
  const names = [...saved.preprocessing.numeric, ...saved.preprocessing.categorical].map((f) => f.name);
  const replayed = replaySteps(
    'customers.csv',
    table.columns,
    table.rowCount,
    saved.recipe.steps,
    neededColumns(saved.recipe, names),
  );
  const assignment = assignCustomers(
    featuresFromTable({ ...table, columns: replayed.columns }, saved.preprocessing, 'customers.csv'),
    saved.preprocessing,
    saved.centroidsScaled,
  );
  const ids = table.columns[0].values as string[];
  ids.forEach((id, r) => exact.set(id, assignment.distances[r]));
}, 300_000);
afterAll(() => (process.env.KEEP_SQL_TEMP ? console.log(temp.dir) : temp.cleanup()));

const sqlFor = async (dialect: string) => cli('model', 'sql', String(modelId), '--dialect', dialect);

/** Every customer's SQL answer equals assign's: the same segment, the distance within 1e-9 relative. */
function compare(result: { id: string; segment_id: number | null; distance: number | null }[]) {
  expect(result).toHaveLength(ROWS);
  let leftOut = 0;
  let mismatched = 0;
  let farther = 0;
  for (const r of result) {
    const want = expected.get(r.id);
    if (want === undefined) throw new Error(`no assign row for ${r.id}`);
    if (want === null) {
      leftOut++;
      if (r.segment_id !== null) mismatched++;
      continue;
    }
    if (Number(r.segment_id) !== want[0]) mismatched++;
    const distance = exact.get(r.id) as number;
    if (Math.abs(Number(r.distance) - distance) > 1e-9 * Math.max(distance, 1e-12)) farther++;
  }
  expect(mismatched).toBe(0);
  expect(farther).toBe(0);
  expect(leftOut).toBeGreaterThan(0);
  expect(leftOut).toBe([...expected.values()].filter((v) => v === null).length);
}

describe('scoring SQL', () => {
  it('scores the same as assign on DuckDB', async () => {
    const sql = await sqlFor('duckdb');
    expect(sql).toMatch(/^-- Segment Studio scoring SQL \(duckdb\)\n-- Model \d+ ".*", trained .*; recipe version 1/);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const types = TYPES.map((t) => (t === 'INT' ? 'BIGINT' : t === 'TEXT' ? 'VARCHAR' : t));
    await connection.run(`CREATE TABLE customers (${HEADER.map((h, j) => `${quoteId(h)} ${types[j]}`).join(', ')})`);
    // The file's columns by position (their names are the table's), blanks as NULL.
    const columns = types.map((t, j) => `'c${j}': '${t}'`).join(', ');
    await connection.run(
      `INSERT INTO customers SELECT * FROM read_csv('${rawFile.replace(/'/g, "''")}', header = true, quote = '"', escape = '"', nullstr = '', columns = {${columns}})`,
    );
    const reader = await connection.runAndReadAll(sql);
    const result = reader.getRowObjects().map((r) => ({
      id: String(r.customer_id),
      segment_id: r.segment_id === null ? null : Number(r.segment_id),
      distance: r.distance === null ? null : Number(r.distance),
    }));
    compare(result);
    connection.closeSync();
  }, 120_000);

  it('scores the same as assign on Postgres (PGlite)', async () => {
    const sql = await sqlFor('postgres');
    const pg = new PGlite();
    const types = TYPES.map((t) => (t === 'INT' ? 'BIGINT' : t === 'DOUBLE' ? 'DOUBLE PRECISION' : t));
    await pg.exec(`CREATE TABLE customers (${HEADER.map((h, j) => `${quoteId(h)} ${types[j]}`).join(', ')})`);
    await pg.query("COPY customers FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], {
      blob: new Blob([readFileSync(rawFile)]),
    });
    const { rows: out } = await pg.query<{ customer_id: string; segment_id: number | null; distance: number | null }>(
      sql,
    );
    compare(out.map((r) => ({ id: r.customer_id, segment_id: r.segment_id, distance: r.distance })));
    await pg.close();
  }, 180_000);

  it('scores the same as assign on SQLite', async () => {
    const sql = await sqlFor('sqlite');
    const lite = new Database(':memory:');
    lite.exec(
      `CREATE TABLE customers (${HEADER.map((h, j) => `${quoteId(h)} ${TYPES[j] === 'DATE' ? 'TEXT' : TYPES[j]}`).join(', ')})`,
    );
    const insert = lite.prepare(`INSERT INTO customers VALUES (${HEADER.map(() => '?').join(', ')})`);
    lite.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
    const out = lite.prepare(sql).all() as {
      customer_id: string;
      segment_id: number | null;
      distance: number | null;
    }[];
    compare(out.map((r) => ({ id: r.customer_id, segment_id: r.segment_id, distance: r.distance })));
    lite.close();
  }, 120_000);

  it('writes BigQuery, Snowflake and Spark SQL that parses, with the same structure', async () => {
    const parser = new Parser();
    const duck = await sqlFor('duckdb');
    const ctes = (sql: string) => [...sql.matchAll(/^(\w+) AS (?:MATERIALIZED )?\($/gm)].map((m) => m[1]);
    for (const [dialect, database] of [
      ['bigquery', 'bigquery'],
      ['snowflake', 'snowflake'],
      ['spark', 'hive'],
    ] as const) {
      const sql = await sqlFor(dialect);
      expect(() => parser.astify(sql, { database }), dialect).not.toThrow();
      expect(ctes(sql)).toEqual(ctes(duck));
    }
    const bigquery = await sqlFor('bigquery');
    // Backslashes are escapes in BigQuery strings: doubled; quotes doubled; identifiers in backticks.
    expect(bigquery).toContain("'O''Brien \\\\ -- \"x\"'");
    expect(bigquery).toContain('`Wine\'s "spend" \\\\ --`');
  });

  it('scores a transaction-log model from the log table itself, as assign scores the raw log', async () => {
    const log = join(repoRoot, 'tests', 'fixtures', 'transactions_log.csv');
    const { dataset } = JSON.parse(
      await cli(
        'import',
        log,
        '--transactions',
        '--customer',
        'CustomerID',
        '--date',
        'InvoiceDate',
        '--quantity',
        'Quantity',
        '--price',
        'UnitPrice',
        '--invoice',
        'InvoiceNo',
        '--exclude',
        'StockCode=POST',
        '--returns',
        'net',
        '--derive',
        'log_monetary=log1p(monetary)',
        '--json',
      ),
    ) as { dataset: { id: number } };
    const { model } = JSON.parse(
      await cli(
        'train',
        String(dataset.id),
        '--features',
        'recency_days,frequency,log_monetary,tenure_days,returns_count',
        '--k',
        '3',
        '--json',
      ),
    ) as { model: { id: number } };
    const out = join(temp.dir, 'log-assigned.csv');
    await cli('assign', String(model.id), log, '--out', out);
    const want = new Map(
      Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true }).data.map((r) => [
        r.CustomerID,
        r.segment_id,
      ]),
    );
    const types = ['VARCHAR', 'VARCHAR', 'BIGINT', 'DATE', 'DOUBLE', 'VARCHAR'];
    const header = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'];
    const agree = (rows: { CustomerID: string; segment_id: number | bigint | null }[]) => {
      expect(rows).toHaveLength(want.size);
      for (const r of rows) expect(String(r.segment_id), r.CustomerID).toBe(want.get(r.CustomerID));
    };
    const sql = async (dialect: string) =>
      cli('model', 'sql', String(model.id), '--dialect', dialect, '--table', 'transactions');
    // DuckDB
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    await duck.run(
      `CREATE TABLE transactions AS SELECT * FROM read_csv('${log}', header = true, columns = {${header
        .map((h, j) => `'${h}': '${types[j]}'`)
        .join(', ')}})`,
    );
    agree((await duck.runAndReadAll(await sql('duckdb'))).getRowObjects() as never);
    duck.closeSync();
    // Postgres
    const pg = new PGlite();
    await pg.exec(
      `CREATE TABLE transactions (${header.map((h, j) => `"${h}" ${types[j].replace('VARCHAR', 'TEXT').replace('DOUBLE', 'DOUBLE PRECISION')}`).join(', ')})`,
    );
    await pg.query("COPY transactions FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], {
      blob: new Blob([readFileSync(log)]),
    });
    agree((await pg.query<{ CustomerID: string; segment_id: number }>(await sql('postgres'))).rows);
    await pg.close();
    // SQLite
    const lite = new Database(':memory:');
    lite.exec(`CREATE TABLE transactions (${header.map((h) => `"${h}"`).join(', ')})`);
    const insert = lite.prepare('INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?)');
    const parsed = Papa.parse<string[]>(readFileSync(log, 'utf8').trim()).data.slice(1);
    lite.transaction(() => {
      for (const r of parsed) insert.run(r[0], r[1], Number(r[2]), r[3], Number(r[4]), r[5] === '' ? null : r[5]);
    })();
    agree(lite.prepare(await sql('sqlite')).all() as never);
    lite.close();
    // The warehouse dialects parse too.
    const parser = new Parser();
    for (const [dialect, database] of [
      ['bigquery', 'bigquery'],
      ['snowflake', 'snowflake'],
      ['spark', 'hive'],
    ] as const) {
      const text = await sql(dialect);
      expect(() => parser.astify(text, { database }), dialect).not.toThrow();
    }
  }, 120_000);

  it('refuses an unknown dialect and needs an id column it can name', async () => {
    const bad = await runCli(['model', 'sql', String(modelId), '--dialect', 'oracle', '--db', db], temp.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /model sql needs --dialect duckdb\|postgres\|sqlite\|bigquery\|snowflake\|spark, got "oracle"/,
    );
  });
});

/**
 * A dataset's recipe from the raw file to the segments, through the CLI as an analyst runs it: an
 * import with cleaning and derived columns keeps its recipe (with what each step learned), the
 * recipe re-imports the same file identically, exports keep the file's values, and a model trained
 * on cleaned and derived columns scores its own raw file (CSV and XLSX) exactly as it labelled it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import writeExcelFile from 'write-excel-file/node';
import readExcelFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';
import type { Recipe } from '../../shared/import/recipe';
import { scoreCustomer, trySources } from '../../shared/segments/tryCustomer';

const temp = tempDir('segment-recipe-');
const db = join(temp.dir, 'recipe.db');
const cli = async (...args: string[]) => {
  const result = await runCli([...args, '--db', db], temp.dir);
  if (result.code !== 0) throw new Error(`segment-studio ${args[0]} failed: ${result.stderr}`);
  return result;
};
const json = async <T>(...args: string[]): Promise<T> => JSON.parse((await cli(...args, '--json')).stdout) as T;

beforeAll(requireBuild);
afterAll(temp.cleanup);

/** A table shaped like the public marketing_campaign export: blanks, outliers, rare categories, dates. */
function marketingTable(rows = 600): (string | number | null)[][] {
  const statuses = ['Married', 'Together', 'Single', 'Divorced', 'Widow'];
  const out: (string | number | null)[][] = [
    ['ID', 'Year_Birth', 'Marital_Status', 'Income', 'Kidhome', 'Dt_Customer', 'MntWines', 'MntFruits', 'Response'],
  ];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < rows; i++) {
    const status = i === 11 ? 'YOLO' : i === 40 ? 'Absurd' : i === 77 ? 'Alone' : statuses[Math.floor(random() * 5)];
    const income = i % 25 === 3 ? null : i % 75 === 5 ? 666666 : Math.round(20000 + random() * 80000);
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    out.push([
      5000 + i,
      1940 + Math.floor(random() * 60),
      status,
      income,
      Math.floor(random() * 3),
      `${2012 + Math.floor(random() * 3)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      Math.round(random() * 1200),
      Math.round(random() * 150),
      random() < 0.15 ? 1 : 0,
    ]);
  }
  return out;
}

const csvOf = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map((v) => v ?? '').join(',')).join('\n') + '\n';
const importFlags = [
  '--clean',
  'Income=median,cap',
  '--clean',
  'Marital_Status=merge-rare',
  '--derive',
  'Age=age(Year_Birth)@2024',
  '--derive',
  'Total=sum(MntWines,MntFruits)',
  '--derive',
  'Tenure=tenure(Dt_Customer)',
];
const features = 'Income,Age,Total,Tenure,Marital_Status,Kidhome';

interface DatasetOut {
  dataset: { id: number; rows: number; columns: { name: string; kind: string; missing: number }[]; recipe: Recipe };
}

/** Each row's segment_id in a CSV written by export or assign (its header names the columns). */
function segmentIds(csv: string): (string | null)[] {
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
  return parsed.data.map((r) => (r.segment_id === '' ? null : r.segment_id));
}

describe('the recipe: every step from the raw file, stored, shown and replayed', () => {
  const table = marketingTable();
  const raw = join(temp.dir, 'marketing.csv');
  writeFileSync(raw, csvOf(table));
  let datasetId = 0;
  let modelId = 0;
  let recipe: Recipe;

  it('is kept with the dataset, with the values each step learned and what it changed', async () => {
    const { dataset } = await json<DatasetOut>('import', raw, ...importFlags);
    datasetId = dataset.id;
    recipe = dataset.recipe;
    expect(recipe).toMatchObject({ kind: 'segment-studio-recipe', version: 1 });
    expect(recipe.source).toMatchObject({
      fileName: 'marketing.csv',
      format: 'text',
      delimiter: 'comma',
      header: true,
    });
    // The median of the file's incomes (blanks left out), as pandas' Series.median() gives it.
    const incomes = table
      .slice(1)
      .map((r) => r[3])
      .filter((v): v is number => typeof v === 'number')
      .sort((a, b) => a - b);
    const median =
      incomes.length % 2 === 1
        ? incomes[(incomes.length - 1) / 2]
        : (incomes[incomes.length / 2 - 1] + incomes[incomes.length / 2]) / 2;
    const blanks = table.slice(1).filter((r) => r[3] === null).length;
    const cap = recipe.steps.find((s) => s.step === 'cap');
    expect(cap).toMatchObject({ column: 'Income', below: 0, above: 8 });
    expect(recipe.steps.find((s) => s.step === 'fill-blanks')).toEqual({
      step: 'fill-blanks',
      column: 'Income',
      method: 'median',
      value: median,
      count: blanks,
    });
    expect(recipe.steps.find((s) => s.step === 'merge-rare')).toMatchObject({
      column: 'Marital_Status',
      merged: ['Absurd', 'Alone', 'YOLO'],
      count: 3,
    });
    const derive = recipe.steps.filter((s) => s.step === 'derive');
    expect(derive.map((s) => s.name)).toEqual(['Age', 'Total', 'Tenure']);
    // A tenure left to the data counts to the latest date in the column: kept, so a replay counts to it too.
    const latest = table
      .slice(1)
      .map((r) => String(r[5]))
      .sort()
      .at(-1);
    expect(derive[2]).toMatchObject({ template: 'tenure', referenceDate: latest });
    expect(recipe.columns.filter((c) => c.role === 'derived').map((c) => c.name)).toEqual(['Age', 'Total', 'Tenure']);
  });

  it('is shown in words by `recipe` and `describe`, and written to a file', async () => {
    const out = join(temp.dir, 'recipe.json');
    const shown = await json<{ recipe: Recipe; sentences: string[] }>('recipe', String(datasetId), '--out', out);
    expect(shown.recipe).toEqual(recipe);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(recipe);
    expect(shown.sentences).toContain(
      '"Income": 24 blanks filled with the median, ' +
        `${(recipe.steps.find((s) => s.step === 'fill-blanks') as { value: number }).value.toLocaleString('en')}.`,
    );
    expect(shown.sentences.some((s) => /"Income": 0 values below .* and 8 values above .* capped/.test(s))).toBe(true);
    const described = await json<{ recipe: Recipe }>('describe', String(datasetId));
    expect(described.recipe).toEqual(recipe);
  });

  it('re-imports the same raw file into an identical dataset (`import --recipe`)', async () => {
    const { dataset } = await json<DatasetOut>('import', raw, '--recipe', join(temp.dir, 'recipe.json'));
    expect(dataset.recipe).toEqual(recipe);
    const first = await json<Record<string, unknown>>('describe', String(datasetId));
    const second = await json<Record<string, unknown>>('describe', String(dataset.id));
    expect({ ...second, dataset: 0 }).toEqual({ ...first, dataset: 0 });
    // Mixed with import flags, --recipe is refused (it gives every option).
    const mixed = await runCli(['import', raw, '--recipe', join(temp.dir, 'recipe.json'), '--no-header', '--db', db]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--recipe gives every import option; leave out --no-header/);
  });

  it('is copied into the model, whose export keeps the file values and whose assign of the raw file agrees 100%', async () => {
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(datasetId),
      '--features',
      features,
      '--k',
      '3',
      '--seed',
      '3',
    );
    modelId = model.id;
    const labels = join(temp.dir, 'labels.csv');
    const exported = await json<{ exported: { rows: number; columns: string[] } }>(
      'export',
      String(modelId),
      '--out',
      labels,
    );
    expect(exported.exported.rows).toBe(600);
    // The file's columns with the file's values: no derived columns, no cleaned values.
    expect(exported.exported.columns).toEqual([...(table[0] as string[]), 'segment_id', 'segment']);
    const rows = Papa.parse<Record<string, string>>(readFileSync(labels, 'utf8').trim(), { header: true }).data;
    expect(rows.filter((r) => r.Income === '666666')).toHaveLength(8);
    expect(rows.filter((r) => r.Income === '')).toHaveLength(24);
    expect(rows[11].Marital_Status).toBe('YOLO');

    const assigned = join(temp.dir, 'assigned.csv');
    const result = await json<{ assigned: { rows: number; leftOut: number; recipeSteps: number } }>(
      'assign',
      String(modelId),
      raw,
      '--out',
      assigned,
    );
    expect(result.assigned).toMatchObject({ rows: 600, leftOut: 0, recipeSteps: recipe.steps.length });
    expect(segmentIds(readFileSync(assigned, 'utf8'))).toEqual(segmentIds(readFileSync(labels, 'utf8')));
  });

  it('exports the cleaned and derived values only when asked, under names that say so', async () => {
    const out = join(temp.dir, 'cleaned.csv');
    const { exported } = await json<{ exported: { columns: string[] } }>(
      'export',
      String(modelId),
      '--out',
      out,
      '--cleaned',
    );
    expect(exported.columns).toEqual([
      ...(table[0] as string[]),
      'Marital_Status (cleaned)',
      'Income (cleaned)',
      'Age',
      'Total',
      'Tenure',
      'segment_id',
      'segment',
    ]);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true }).data;
    expect(rows[11]['Marital_Status (cleaned)']).toBe('Other');
    expect(rows.some((r) => r.Income === '666666' && Number(r['Income (cleaned)']) < 666666)).toBe(true);
    const xlsx = join(temp.dir, 'labels.xlsx');
    await cli('export', String(modelId), '--out', xlsx);
    const [{ data: sheet }] = (await readExcelFile(readFileSync(xlsx))) as { data: unknown[][] }[];
    expect(sheet[0]).toEqual([...(table[0] as string[]), 'segment_id', 'segment']);
    expect(sheet.filter((r) => r[3] === 666666)).toHaveLength(8);
  });

  it('travels in the model file: an imported model replays it on the raw file too', async () => {
    const file = join(temp.dir, 'model.json');
    await cli('model', 'export', String(modelId), '--out', file);
    expect(JSON.parse(readFileSync(file, 'utf8')).recipe).toEqual(recipe);
    const imported = await json<{ model: { id: number } }>('model', 'import', file);
    const out = join(temp.dir, 'assigned-imported.csv');
    await cli('assign', String(imported.model.id), raw, '--out', out);
    expect(segmentIds(readFileSync(out, 'utf8'))).toEqual(
      segmentIds(readFileSync(join(temp.dir, 'labels.csv'), 'utf8')),
    );
  });

  it('"try a customer" takes the raw columns and scores them as assign does (the recipe makes the derived features)', async () => {
    const file = join(temp.dir, 'model.json');
    await cli('model', 'export', String(modelId), '--out', file);
    const model = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof trySources>[0];
    const sources = trySources(model);
    // The form asks for the file's columns; Age, Total and Tenure are made from them.
    expect(sources.map((s) => s.name).sort()).toEqual(
      ['Year_Birth', 'MntWines', 'MntFruits', 'Dt_Customer', 'Income', 'Marital_Status', 'Kidhome'].sort(),
    );
    expect(sources.find((s) => s.name === 'Kidhome')).toMatchObject({ kind: 'number', step: 1 });
    expect(sources.find((s) => s.name === 'Dt_Customer')?.kind).toBe('date');
    const assigned = segmentIds(readFileSync(join(temp.dir, 'assigned.csv'), 'utf8'));
    for (const row of [1, 4, 12, 40, 77, 150, 333, 599]) {
      const cells = table[row];
      const values = Object.fromEntries(
        (table[0] as string[]).flatMap((name, j) => (cells[j] === null ? [] : [[name, cells[j] as number | string]])),
      );
      const { assignment } = scoreCustomer(model, values);
      // A blank income is filled with the learned median by the recipe: the form leaves the median in.
      if (cells[3] === null) continue;
      expect(String(assignment.labels[0] + 1), `row ${row}`).toBe(assigned[row - 1]);
    }
  });

  it('refuses a raw file lacking a column the recipe reads, naming it', async () => {
    const without = join(temp.dir, 'no-birth-year.csv');
    writeFileSync(without, csvOf(table.map((r) => r.filter((_, j) => j !== 1))));
    const result = await runCli(['assign', String(modelId), without, '--out', join(temp.dir, 'x.csv'), '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-birth-year\.csv lacks the model's column "Year_Birth", which its recipe reads/);
  });

  it('scores a raw workbook as the model labelled it, when the model was trained from that workbook', async () => {
    const book = join(temp.dir, 'marketing.xlsx');
    writeFileSync(
      book,
      await writeExcelFile(table.map((r) => r.map((v) => (v === null ? null : { value: v })))).toBuffer(),
    );
    const { dataset } = await json<DatasetOut>('import', book, ...importFlags);
    expect(dataset.recipe.source.format).toBe('workbook');
    expect(dataset.recipe.steps).toEqual(recipe.steps);
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      features,
      '--k',
      '4',
      '--seed',
      '5',
    );
    const labels = join(temp.dir, 'book-labels.csv');
    await cli('export', String(model.id), '--out', labels);
    const assigned = join(temp.dir, 'book-assigned.csv');
    await cli('assign', String(model.id), book, '--out', assigned);
    expect(segmentIds(readFileSync(assigned, 'utf8'))).toEqual(segmentIds(readFileSync(labels, 'utf8')));
  });

  it('gives no segment to a customer the recipe leaves out, and says why', async () => {
    const withBlanks = table.map((r, i) => (i > 0 && i % 50 === 0 ? r.map((v, j) => (j === 4 ? null : v)) : r));
    const file = join(temp.dir, 'kid-blanks.csv');
    writeFileSync(file, csvOf(withBlanks));
    const { dataset } = await json<DatasetOut>('import', file, ...importFlags, '--clean', 'Kidhome=drop');
    expect(dataset.rows).toBe(600 - 12);
    expect(dataset.recipe.steps[0]).toEqual({ step: 'drop-blanks', columns: ['Kidhome'], rows: 12 });
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      features,
      '--k',
      '3',
    );
    const out = join(temp.dir, 'kid-assigned.csv');
    const { assigned } = await json<{ assigned: { rows: number; leftOut: number } }>(
      'assign',
      String(model.id),
      file,
      '--out',
      out,
    );
    expect(assigned).toMatchObject({ rows: 600, leftOut: 12 });
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true }).data;
    expect(rows[49]).toMatchObject({
      segment_id: '',
      note: 'no segment: "Kidhome" is blank (the recipe leaves such rows out)',
    });
    const labels = join(temp.dir, 'kid-labels.csv');
    await cli('export', String(model.id), '--out', labels);
    expect(segmentIds(readFileSync(out, 'utf8')).filter((s) => s !== null)).toEqual(
      segmentIds(readFileSync(labels, 'utf8')),
    );
  });

  it('aggregates a raw transaction log again for assign, to the same reference day, with the same segments', async () => {
    const log = join(repoRoot, 'tests', 'fixtures', 'transactions_log.csv');
    const flags = ['--transactions', '--customer', 'CustomerID', '--date', 'InvoiceDate'];
    const { dataset } = await json<DatasetOut>(
      'import',
      log,
      ...flags,
      '--quantity',
      'Quantity',
      '--price',
      'UnitPrice',
      '--invoice',
      'InvoiceNo',
      '--derive',
      'log_monetary=log1p(monetary)',
    );
    const aggregate = dataset.recipe.steps[0];
    expect(aggregate).toMatchObject({ step: 'aggregate' });
    expect(dataset.recipe.columns.find((c) => c.name === 'recency_days')?.role).toBe('aggregated');
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      'recency_days,frequency,log_monetary',
      '--k',
      '3',
    );
    const labels = join(temp.dir, 'rfm-labels.csv');
    await cli('export', String(model.id), '--out', labels);
    const out = join(temp.dir, 'rfm-assigned.csv');
    const { assigned } = await json<{ assigned: { rows: number } }>('assign', String(model.id), log, '--out', out);
    expect(assigned.rows).toBe(dataset.rows);
    expect(segmentIds(readFileSync(out, 'utf8'))).toEqual(segmentIds(readFileSync(labels, 'utf8')));
    // Quintile scores rank one file's customers among themselves: a model on them cannot score another file.
    const ranked = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      'r_score,monetary',
      '--k',
      '2',
    );
    const refused = await runCli(['assign', String(ranked.model.id), log, '--out', out, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The model uses "r_score", which rank the customers of its training file');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../electron/services/store/database';
import { migrations } from '../../../electron/services/store/migrations';
import { getDataset, listDatasets, setValueColumn } from '../../../electron/services/store/datasets';
import { insertDataset } from '../../../electron/services/store/staging';
import { readSegmentValue } from '../../../electron/services/export/segmentValue';
import {
  addLogColumn,
  setColumnExcluded,
  setColumnKind,
  setColumnMeaning,
} from '../../../electron/services/store/columnFixes';
import { buildRecipe } from '../../../shared/import/recipe';
import { datasetRowPages, readFeatures } from '../../../electron/services/store/datasetRows';
import { getModel, insertModel, listModels, assignmentsByRow } from '../../../electron/services/store/models';
import { readTable } from '../../../electron/worker/import/pipeline';
import { trainSegments } from '../../../shared/ml/train';
import type { ParsedTable } from '../../../shared/worker/messages';

const dirs: string[] = [];
const tempDb = (): { db: Db; path: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'segment-store-'));
  dirs.push(dir);
  const path = join(dir, 'store.db');
  return { db: openDatabase(path), path };
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const csv = 'id,name,spend,visits\n1,"Robert\'); DROP TABLE datasets;--",10,2\n2,Ann,,3\n3,Bo,30,4\n4,Cy,35,1\n';

describe('store', () => {
  it('opens in WAL mode with foreign keys on, at the latest schema version', async () => {
    const { db } = tempDb();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', async () => {
    const { db, path } = tempDb();
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer version of Segment Studio/);
  });

  it('checks that migration versions increase', async () => {
    const { db } = tempDb();
    expect(() => migrate(db, [{ version: 2, description: 'x', up: () => {} }])).toThrow(/expected 1/);
    db.close();
  });

  it('stores a dataset as a real typed table, in file order', async () => {
    const { db } = tempDb();
    const summary = insertDataset(db, await readTable('people.csv', { text: csv }), {
      name: 'People',
      fileName: 'people.csv',
    });
    expect(summary).toMatchObject({ name: 'People', rows: 4 });
    const info = db.prepare(`PRAGMA table_info(dataset_${summary.id})`).all() as { name: string; type: string }[];
    expect(info.map((c) => c.type)).toEqual(['INTEGER', 'TEXT', 'TEXT', 'REAL', 'REAL']);
    const detail = getDataset(db, summary.id);
    expect(detail.preview[0]).toEqual(['1', "Robert'); DROP TABLE datasets;--", 10, 2]);
    expect(detail.preview[1]).toEqual(['2', 'Ann', null, 3]);
    const raw = readFeatures(db, summary.id, ['visits', 'spend']);
    expect(raw.rows).toBe(4);
    expect(raw.numeric.map((c) => [c.name, Array.from(c.values)])).toEqual([
      ['visits', [2, 3, 4, 1]],
      ['spend', [10, Number.NaN, 30, 35]],
    ]);
    expect(raw.categorical).toEqual([]);
    expect([...datasetRowPages(db, summary.id, 3)].flat().map((r) => r.rowId)).toEqual([1, 2, 3, 4]);
    db.close();
  });

  it('lands an import whole or not at all', async () => {
    const { db } = tempDb();
    insertDataset(db, await readTable('first.csv', { text: csv }), { name: 'First', fileName: 'first.csv' });
    const broken: ParsedTable = {
      rowCount: 2,
      delimiter: ',',
      // The second value is an object, which SQLite cannot bind: the insert fails half-way.
      columns: [{ name: 'a', kind: 'text', missing: 0, values: ['x', {} as unknown as string] }],
    };
    expect(() => insertDataset(db, broken, { name: 'Broken', fileName: 'broken.csv' })).toThrow();
    expect(listDatasets(db).map((d) => d.name)).toEqual(['First']);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'dataset_[0-9]*'")
      .all();
    expect(tables).toHaveLength(1);
    db.close();
  });

  it('names the column when a feature is unknown or not numeric', async () => {
    const { db } = tempDb();
    const { id } = insertDataset(db, await readTable('people.csv', { text: csv }), {
      name: 'People',
      fileName: 'people.csv',
    });
    expect(() => readFeatures(db, id, ['nope'])).toThrow(/no column "nope"/);
    expect(() => readFeatures(db, id, ['name'])).toThrow(
      /Column "name" of people.csv is text, not numeric or categorical/,
    );
    db.close();
  });

  it('stores a model with its segments and assignments, and deletes them with the dataset', async () => {
    const { db } = tempDb();
    const { id } = insertDataset(db, await readTable('people.csv', { text: csv }), {
      name: 'People',
      fileName: 'people.csv',
    });
    const raw = readFeatures(db, id, ['spend', 'visits']);
    const output = trainSegments({ raw, options: { scaling: 'standard' }, k: 2, seed: 0, nInit: 3 });
    const model = insertModel(db, {
      datasetId: id,
      name: 'Two',
      features: ['spend', 'visits'],
      seed: 0,
      nInit: 3,
      output,
    });
    expect(
      getModel(db, model.id)
        .segments.map((s) => s.size)
        .reduce((a, b) => a + b),
    ).toBe(4);
    expect(model.imputed).toEqual([{ feature: 'spend', count: 1, value: 25 }]);
    expect(assignmentsByRow(db, model.id).size).toBe(4);
    expect(listModels(db, id)).toHaveLength(1);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    expect(listModels(db)).toHaveLength(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM assignments').get()).toEqual({ n: 0 });
    db.close();
  });

  it('reads the features of 25,001 customers in pages, and stores every segment; refuses a damaged table', async () => {
    const { db } = tempDb();
    const rows = 25_001;
    const lines = ['id,spend,tier'];
    for (let i = 0; i < rows; i++)
      lines.push(`${i},${i % 97 === 0 ? '' : (i * 0.5).toString()},${['b', 'a', ''][i % 3]}`);
    const { id } = insertDataset(db, await readTable('many.csv', { text: lines.join('\n') }), {
      name: 'Many',
      fileName: 'many.csv',
    });
    const raw = readFeatures(db, id, ['spend', 'tier']);
    expect(raw.rows).toBe(rows);
    const spend = raw.numeric[0].values;
    expect(Array.from(spend).every((v, i) => (i % 97 === 0 ? Number.isNaN(v) : v === i * 0.5))).toBe(true);
    expect(raw.categorical[0].levels).toEqual(['a', 'b']);
    const codes = raw.categorical[0].codes;
    expect(Array.from(codes).every((c, i) => c === [1, 0, -1][i % 3])).toBe(true);
    const output = trainSegments({ raw, options: { scaling: 'standard' }, k: 3, seed: 0, nInit: 1 });
    const model = insertModel(db, {
      datasetId: id,
      name: 'Three',
      features: ['spend', 'tier'],
      seed: 0,
      nInit: 1,
      output,
    });
    const stored = db
      .prepare('SELECT row_id, cluster, distance FROM assignments WHERE model_id = ? ORDER BY row_id')
      .raw()
      .all(model.id) as number[][];
    expect(stored).toHaveLength(rows);
    expect(
      stored.every(
        ([rowId, cluster, distance], i) =>
          rowId === i + 1 && cluster === output.labels[i] && distance === output.distances[i],
      ),
    ).toBe(true);
    // A row gone from the table behind the dataset's back: refused, not read short.
    const table = (db.prepare('SELECT table_name FROM datasets WHERE id = ?').get(id) as { table_name: string })
      .table_name;
    db.prepare(`DELETE FROM ${table} WHERE row_id = 12345`).run();
    expect(() => readFeatures(db, id, ['spend'])).toThrow(/holds 25,000 customers where 25,001 were recorded/);
    db.close();
  });

  it('reads whole-number codes as categories (and back), recorded in the recipe; refuses fractions', async () => {
    const { db } = tempDb();
    const table = await readTable('wholesale.csv', {
      text: 'Region,Fresh,Share\n1,10,0.5\n2,20,1.5\n3,30,2\n1,40,1\n',
    });
    const recipe = buildRecipe('wholesale.csv', {}, table);
    const dataset = insertDataset(db, table, { name: 'w', fileName: 'wholesale.csv', recipe });
    const coded = setColumnKind(db, dataset.id, 'Region', 'categorical');
    expect(coded.columns[0]).toMatchObject({ name: 'Region', kind: 'categorical' });
    expect(coded.recipe?.options.kinds).toEqual({ Region: 'categorical' });
    expect(coded.recipe?.columns[0]).toEqual({
      name: 'Region',
      kind: 'categorical',
      role: 'file',
      meaning: null,
      label: 'Region',
    });
    const raw = readFeatures(db, dataset.id, ['Region']);
    expect(raw.categorical[0]).toMatchObject({ levels: ['1', '2', '3'], codes: Int32Array.from([0, 1, 2, 0]) });
    expect(() => setColumnKind(db, dataset.id, 'Share', 'categorical')).toThrow(/has fractions: only whole numbers/);
    expect(setColumnKind(db, dataset.id, 'Region', 'numeric').columns[0].kind).toBe('numeric');
  });

  it('keeps a column meaning and label in the recipe (and its options, for a replay) and in its models', async () => {
    const { db } = tempDb();
    const table = await readTable('family.csv', {
      text: 'Kidhome,Teenhome,MntWines\n0,1,10\n1,0,200\n2,1,40\n0,0,500\n',
    });
    const recipe = buildRecipe('family.csv', { labels: { MntWines: 'Wine' } }, table);
    expect(recipe.columns.map((c) => [c.label, c.meaning])).toEqual([
      ['Small children at home', 'children'],
      ['Teenagers at home', 'teenagers'],
      ['Wine', 'spend'],
    ]);
    const dataset = insertDataset(db, table, { name: 'f', fileName: 'family.csv', recipe });
    const features = ['Kidhome', 'MntWines'];
    const output = trainSegments({
      raw: readFeatures(db, dataset.id, features),
      options: { scaling: 'standard' },
      k: 2,
      seed: 0,
      nInit: 2,
      meanings: recipe,
    });
    const model = insertModel(db, { datasetId: dataset.id, name: 'm', features, seed: 0, nInit: 2, output });
    const changed = setColumnMeaning(db, dataset.id, 'Kidhome', 'none', 'Kids');
    expect(changed.recipe?.columns[0]).toMatchObject({ name: 'Kidhome', meaning: null, label: 'Kids' });
    expect(changed.recipe?.options).toMatchObject({
      meanings: { Kidhome: 'none' },
      labels: { Kidhome: 'Kids', MntWines: 'Wine' },
    });
    expect(getModel(db, model.id).recipe?.columns[0]).toMatchObject({ meaning: null, label: 'Kids' });
    expect(() => setColumnMeaning(db, dataset.id, 'Nope', 'income', 'x')).toThrow(/has no column "Nope"/);

    // The value table: a spend on one category is no customer's value; a column meaning "value" is;
    // the user's choice (or none) is kept with the dataset.
    expect(readSegmentValue(db, model.id, undefined).column).toBeNull();
    setColumnMeaning(db, dataset.id, 'Teenhome', 'value', 'Teenagers');
    expect(readSegmentValue(db, model.id, undefined).column).toBe('Teenhome');
    setValueColumn(db, dataset.id, 'Kidhome');
    expect(readSegmentValue(db, model.id, undefined).column).toBe('Kidhome');
    setValueColumn(db, dataset.id, null);
    expect(readSegmentValue(db, model.id, undefined).column).toBeNull();
    expect(readSegmentValue(db, model.id, 'MntWines').column).toBe('MntWines');
    expect(() => setValueColumn(db, dataset.id, 'Nope')).toThrow(/no numeric column "Nope"/);
    const old = insertDataset(db, table, { name: 'old', fileName: 'family.csv' });
    expect(() => setColumnMeaning(db, old.id, 'Kidhome', 'income', 'x')).toThrow(/import its file again/);
  });

  it("applies the data summary's fixes: a log(1 + x) column, a column left out and taken back", async () => {
    const { db } = tempDb();
    const dataset = insertDataset(db, await readTable('shop.csv', { text: csv }), {
      name: 'shop',
      fileName: 'shop.csv',
    });
    const logged = addLogColumn(db, dataset.id, 'spend');
    expect(logged.columns.at(-1)).toEqual({
      name: 'spend (log)',
      kind: 'numeric',
      missing: 1,
      note: 'derived: log1p(spend)',
    });
    const raw = readFeatures(db, dataset.id, ['spend (log)']);
    expect(Array.from(raw.numeric[0].values)).toEqual([Math.log1p(10), Number.NaN, Math.log1p(30), Math.log1p(35)]);
    expect(addLogColumn(db, dataset.id, 'spend').columns.at(-1)?.name).toBe('spend (log 2)');
    expect(() => addLogColumn(db, dataset.id, 'name')).toThrow('Column "name" is not numeric.');
    expect(setColumnExcluded(db, dataset.id, 'visits', true).columns.find((c) => c.name === 'visits')?.excluded).toBe(
      true,
    );
    expect(
      setColumnExcluded(db, dataset.id, 'visits', false).columns.find((c) => c.name === 'visits')?.excluded,
    ).toBeUndefined();
    expect(() => setColumnExcluded(db, dataset.id, 'nope', true)).toThrow('has no column "nope"');
    db.close();
  });

  it('migrates a version-3 store to date columns and keeps its datasets', async () => {
    const { db, path } = tempDb();
    db.close();
    // A store as version 3 left it, with one dataset.
    const v3path = path.replace('store.db', 'v3.db');
    const v3 = new Database(v3path);
    migrate(v3, migrations.slice(0, 3));
    v3.exec(`
      INSERT INTO datasets (id, name, file_name, table_name, row_count, created_at) VALUES (1, 'shop', 'shop.csv', 'dataset_1', 1, '2026-01-01');
      INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing, note) VALUES (1, 0, 'spend', 'c0', 'numeric', 0, 'n');
      CREATE TABLE dataset_1 (row_id INTEGER PRIMARY KEY, c0 REAL);
      INSERT INTO dataset_1 VALUES (1, 12.5);
    `);
    v3.close();
    const reopened = openDatabase(v3path);
    expect(reopened.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(getDataset(reopened, 1)).toMatchObject({
      name: 'shop',
      columns: [{ name: 'spend', kind: 'numeric', missing: 0, note: 'n' }],
      preview: [[12.5]],
    });
    reopened.exec(
      "INSERT INTO dataset_columns (dataset_id, position, name, sql_name, kind, missing) VALUES (1, 1, 'd', 'c1', 'date', 0)",
    );
    reopened.close();
  });
});

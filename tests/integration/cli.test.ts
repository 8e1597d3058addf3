import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import writeExcelFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';
import { loadReference } from '../helpers/fixtures';

const temp = tempDir('segment-cli-');
const db = join(temp.dir, 'cli.db');

const cli = (...args: string[]) => runCli(args, temp.dir);

beforeAll(requireBuild);
afterAll(temp.cleanup);

describe('segment-studio CLI', () => {
  const fixture = join(repoRoot, 'tests', 'fixtures', 'blobs_300.csv');
  let datasetId = 0;
  let modelId = 0;

  it('imports a CSV file (--json contract)', async () => {
    const { stdout, code } = await cli('import', fixture, '--name', 'Blobs', '--db', db, '--json');
    expect(code).toBe(0);
    const { dataset } = JSON.parse(stdout) as {
      dataset: { id: number; name: string; rows: number; columns: { name: string; kind: string; missing: number }[] };
    };
    expect(dataset).toMatchObject({ name: 'Blobs', rows: 300 });
    expect(dataset.columns[0]).toEqual({ name: 'customer_id', kind: 'identifier', missing: 0 });
    expect(dataset.columns.slice(1).every((c) => c.kind === 'numeric')).toBe(true);
    datasetId = dataset.id;
  });

  it("refuses an import argument the API would refuse, with the API's words", async () => {
    const { stderr, code } = await cli('import', fixture, '--name', 'x'.repeat(130), '--db', db);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'segment-studio: importDataset: Too big: expected string to have <=120 characters (name)',
    );
  });

  it('trains a model (--json contract) with the best of several k-means++ starts', async () => {
    const { reference } = loadReference('blobs_300');
    const { stdout, code } = await cli(
      'train',
      String(datasetId),
      '--features',
      reference.features.join(','),
      '--k',
      '3',
      '--seed',
      '7',
      '--db',
      db,
      '--json',
    );
    expect(code).toBe(0);
    const { model } = JSON.parse(stdout) as {
      model: {
        id: number;
        k: number;
        features: string[];
        inertia: number;
        silhouette: number;
        calinskiHarabasz: number;
        daviesBouldin: number;
        segments: { cluster: number; name: string; size: number }[];
      };
    };
    expect(model.k).toBe(3);
    expect(model.features).toEqual(reference.features);
    // The three blobs are well separated: the best start finds sklearn's k = 3 optimum.
    const k3 = reference.kmeans.find((r) => r.k === 3);
    expect(model.inertia).toBeCloseTo(k3?.inertia ?? 0, 6);
    expect(model.silhouette).toBeCloseTo(k3?.silhouette ?? 0, 9);
    expect(model.calinskiHarabasz).toBeCloseTo(k3?.calinski_harabasz ?? 0, 6);
    expect(model.daviesBouldin).toBeCloseTo(k3?.davies_bouldin ?? 0, 9);
    expect(model.segments.map((s) => s.size).reduce((a, b) => a + b)).toBe(300);
    expect(model.segments.map((s) => s.cluster)).toEqual([0, 1, 2]);
    // Names are suggested from the centroids (age, income, spending, visits): distinct and non-empty.
    expect(new Set(model.segments.map((s) => s.name)).size).toBe(3);
    expect(model.segments.every((s) => s.name.length > 0 && !/^Segment \d$/.test(s.name))).toBe(true);
    modelId = model.id;
  });

  it('gives the same segments for the same seed', async () => {
    const args = [
      'train',
      String(datasetId),
      '--features',
      'age,income_k',
      '--k',
      '4',
      '--seed',
      '3',
      '--db',
      db,
      '--json',
    ];
    const a = JSON.parse((await cli(...args)).stdout) as { model: { inertia: number; segments: unknown } };
    const b = JSON.parse((await cli(...args)).stdout) as { model: { inertia: number; segments: unknown } };
    expect(a.model.inertia).toBe(b.model.inertia);
    expect(a.model.segments).toEqual(b.model.segments);
  });

  it('sweeps k and recommends one (--json contract)', async () => {
    const { reference } = loadReference('blobs_300');
    const { stdout, code } = await cli(
      'sweep',
      String(datasetId),
      '--features',
      reference.features.join(','),
      '--k',
      '2-6',
      '--inits',
      '4',
      '--db',
      db,
      '--json',
    );
    expect(code).toBe(0);
    const sweep = JSON.parse(stdout) as {
      k: {
        k: number;
        inertia: number;
        silhouette: number;
        calinskiHarabasz: number;
        daviesBouldin: number;
        stability: number;
      }[];
      recommendedK: number;
      reason: string;
    };
    expect(sweep.k.map((p) => p.k)).toEqual([2, 3, 4, 5, 6]);
    for (const point of sweep.k) {
      for (const field of ['inertia', 'silhouette', 'calinskiHarabasz', 'daviesBouldin', 'stability'] as const) {
        expect(Number.isFinite(point[field])).toBe(true);
      }
    }
    expect(sweep.recommendedK).toBe(3);
    expect(sweep.reason).toMatch(/^3 segments: /);
  });

  it('trains with other scaling, log features and --inits', async () => {
    const { stdout, code } = await cli(
      'train',
      String(datasetId),
      '--features',
      'age,income_k',
      '--k',
      '3',
      '--scale',
      'robust',
      '--log',
      'income_k',
      '--inits',
      '3',
      '--db',
      db,
      '--json',
    );
    expect(code).toBe(0);
    const { model } = JSON.parse(stdout) as { model: { k: number; nInit: number } };
    expect(model).toMatchObject({ k: 3, nInit: 3 });
    const bad = await cli('train', String(datasetId), '--features', 'age', '--k', '3', '--scale', 'zscore', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/scaling/);
  });

  it('exports every customer with segment_id and segment, in import order', async () => {
    const out = join(temp.dir, 'labelled.csv');
    const { code } = await cli('export', String(modelId), '--out', out, '--db', db);
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    const source = readFileSync(fixture, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(301);
    expect(lines[0]).toBe(`${source[0]},segment_id,segment`);
    lines.slice(1).forEach((line, i) => {
      expect(line.startsWith(source[i + 1].split(',')[0] + ',')).toBe(true);
      expect(line).toMatch(/,[1-3],[A-Z][^,]+$/);
    });
  });

  it('shows segments with traits and strategies, and renames one (--json)', async () => {
    const before = JSON.parse((await cli('segments', String(modelId), '--db', db, '--json')).stdout) as {
      segments: {
        cluster: number;
        name: string;
        size: number;
        strategy: string;
        traits: { feature: string; text: string }[];
      }[];
    };
    expect(before.segments).toHaveLength(3);
    for (const s of before.segments) {
      expect(s.traits.length).toBeGreaterThan(0);
      expect(s.traits[0].text).toMatch(/standard deviations (above|below) average \(mean .+ vs .+\)/);
      expect(s.strategy.length).toBeGreaterThan(20);
    }
    const renamed = await cli('rename', String(modelId), '1', '<b>&"quotes"</b>', '--db', db);
    expect(renamed.code).toBe(0);
    const after = JSON.parse((await cli('segments', String(modelId), '--db', db, '--json')).stdout) as typeof before;
    expect(after.segments[1].name).toBe('<b>&"quotes"</b>');
    const out = join(temp.dir, 'renamed.csv');
    await cli('export', String(modelId), '--out', out, '--db', db);
    expect(readFileSync(out, 'utf8')).toContain(',2,"<b>&""quotes""</b>"');
    const bad = await cli('rename', String(modelId), '7', 'x', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/has no segment 7/);
  });

  it('assigns a file of customers exactly as the model labelled them, and names missing columns', async () => {
    const labelled = join(temp.dir, 'labelled-again.csv');
    await cli('export', String(modelId), '--out', labelled, '--db', db);
    const assigned = join(temp.dir, 'assigned.csv');
    const { stdout, code } = await cli('assign', String(modelId), fixture, '--out', assigned, '--db', db, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { assigned: { rows: number; sizes: { size: number }[] } };
    expect(summary.assigned.rows).toBe(300);
    expect(summary.assigned.sizes.reduce((a, b) => a + b.size, 0)).toBe(300);
    const segmentIds = (path: string, column: number) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[column]);
    const header = readFileSync(assigned, 'utf8').split('\r\n')[0].split(',');
    expect(header.slice(-3)).toEqual(['segment_id', 'segment', 'distance']);
    expect(segmentIds(assigned, 5)).toEqual(segmentIds(labelled, 5));

    // The same customers in an Excel workbook get the same segments.
    const [head, ...body] = readFileSync(fixture, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    const workbook = join(temp.dir, 'new-customers.xlsx');
    const sheet = [
      head.map((value) => ({ value })),
      ...body.map((row) => row.map((value, j) => (j === 0 ? { value } : { value: Number(value), type: Number }))),
    ];
    writeFileSync(workbook, await writeExcelFile(sheet).toBuffer());
    const fromExcel = join(temp.dir, 'assigned-xlsx.csv');
    expect((await cli('assign', String(modelId), workbook, '--out', fromExcel, '--db', db)).code).toBe(0);
    expect(segmentIds(fromExcel, 5)).toEqual(segmentIds(assigned, 5));

    const partial = join(temp.dir, 'partial.csv');
    writeFileSync(partial, 'customer_id,age,income\nX1,30,50\n');
    const bad = await cli('assign', String(modelId), partial, '--out', join(temp.dir, 'x.csv'), '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /partial\.csv lacks the model's columns "income_k", "spending_score", "visits_per_month"/,
    );
    // The worker writes --out itself: nothing is left under the name or beside it when it fails.
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('x.csv'))).toEqual([]);
    const nowhere = join(temp.dir, 'no-such-folder', 'out.csv');
    const unwritable = await cli('assign', String(modelId), fixture, '--out', nowhere, '--db', db);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain(`${nowhere} could not be written (ENOENT): check that its folder exists`);
  });

  it('exports the model as versioned JSON', async () => {
    const out = join(temp.dir, 'model.json');
    expect((await cli('model', 'export', String(modelId), '--out', out, '--db', db)).code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      format: string;
      version: number;
      k: number;
      centroidsScaled: number[][];
      preprocessing: { numeric: { name: string }[] };
      segments: { name: string }[];
    };
    expect(file).toMatchObject({ format: 'segment-studio-model', version: 1, k: 3 });
    expect(file.centroidsScaled).toHaveLength(3);
    expect(file.preprocessing.numeric.map((s) => s.name)).toEqual([
      'age',
      'income_k',
      'spending_score',
      'visits_per_month',
    ]);
    expect(file.segments[1].name).toBe('<b>&"quotes"</b>');
  });

  it('imports an exported model into a fresh store, which assigns the same segments to the same customers', async () => {
    const file = join(temp.dir, 'round-trip.json');
    await cli('model', 'export', String(modelId), '--out', file, '--db', db);
    const fresh = join(temp.dir, 'fresh.db');
    const imported = await cli('model', 'import', file, '--db', fresh, '--json');
    expect(imported.code).toBe(0);
    const { model } = JSON.parse(imported.stdout) as { model: { id: number; k: number; segments: { name: string }[] } };
    expect(model.k).toBe(3);
    expect(model.segments[1].name).toBe('<b>&"quotes"</b>');
    const there = join(temp.dir, 'assigned-fresh.csv');
    expect((await cli('assign', String(model.id), fixture, '--out', there, '--db', fresh)).code).toBe(0);
    const here = join(temp.dir, 'labelled-here.csv');
    await cli('export', String(modelId), '--out', here, '--db', db);
    const ids = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[5]);
    expect(ids(there)).toEqual(ids(here));

    const broken = join(temp.dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'segment-studio-model', version: 2 }));
    const refused = await cli('model', 'import', broken, '--db', fresh);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken\.json: only model files of version 1 can be read/);
  });

  it('refuses a model file whose parts disagree, naming the field', async () => {
    const file = join(temp.dir, 'whole.json');
    await cli('model', 'export', String(modelId), '--out', file, '--db', db);
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      features: string[];
      centroidsScaled: number[][];
      centroids: number[][];
      segments: { cluster: number; means: number[] }[];
      preprocessing: { columns: string[] };
      pca: { components: number[][] };
    };
    const variants: [string, (m: typeof good) => void, RegExp][] = [
      [
        'features',
        (m) => (m.features = [...m.features.slice(0, -1), 'something_else']),
        /features .*are not the columns the preprocessing describes.*\(at features\)/,
      ],
      ['duplicate', (m) => (m.features = [m.features[0], ...m.features]), /a feature is listed twice/],
      ['k', (m) => m.centroidsScaled.pop(), /centroidsScaled must be 3 × \d+ \(at centroidsScaled\)/],
      ['centroids', (m) => m.centroids[0].pop(), /centroids must be 3 × \d+ .*\(at centroids\)/],
      ['columns', (m) => m.preprocessing.columns.push('extra'), /centroidsScaled must be 3 × \d+/],
      ['clusters', (m) => (m.segments[2].cluster = 0), /clusters 0 to 2, each once \(at segments\)/],
      ['means', (m) => m.segments[1].means.push(1), /must have \d+ values \(at segments\.1\.means\)/],
      ['pca', (m) => m.pca.components[0].push(0), /components and mean .*\(at pca\)/],
    ];
    const fresh = join(temp.dir, 'fresh-disagree.db');
    for (const [name, spoil, message] of variants) {
      const copy = JSON.parse(JSON.stringify(good)) as typeof good;
      spoil(copy);
      const path = join(temp.dir, `disagree-${name}.json`);
      writeFileSync(path, JSON.stringify(copy));
      const refused = await cli('model', 'import', path, '--db', fresh);
      expect(refused.code, name).toBe(1);
      expect(refused.stderr, name).toMatch(message);
    }
    expect(JSON.parse((await cli('list', '--db', fresh, '--json')).stdout)).toEqual({ datasets: [] });
  });

  it('lists datasets and models (--json)', async () => {
    const { stdout } = await cli('list', '--db', db, '--json');
    const listing = JSON.parse(stdout) as { datasets: { id: number; models: { id: number; k: number }[] }[] };
    expect(listing.datasets[0].id).toBe(datasetId);
    expect(listing.datasets[0].models.map((m) => m.id)).toContain(modelId);
  });

  it('prints help for every command', async () => {
    for (const command of ['import', 'sweep', 'train', 'segments', 'rename', 'export', 'assign', 'model', 'list']) {
      const { stdout, code } = await cli(command, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(`segment-studio ${command}`);
    }
  });

  it.each([
    [['train', '1', '--features', 'nope', '--k', '3'], /no column "nope"/],
    [['train', '1', '--features', 'age', '--k', '1'], /k must be at least 2/],
    [['import', 'missing.csv'], /missing\.csv: no such file/],
    [['export', '999', '--out', 'x.csv'], /There is no model 999/],
    [['frobnicate'], /unknown command "frobnicate"/],
    // The API's own (zod) words, as the app's transports give them.
    [['sweep', '1', '--features', 'age', '--scale', 'bogus'], /sweepK: Invalid option: expected one of .*\(scaling\)/],
    [
      ['train', '1', '--features', 'age', '--k', '3', '--name', 'x'.repeat(200)],
      /trainModel: Too big: .*120 characters \(name\)/,
    ],
    [
      ['import', join(repoRoot, 'tests', 'corpus', 'tab.tsv'), '--sheet', 'y'.repeat(150)],
      /import options: Too big: .*100 characters \(sheet\)/,
    ],
  ])('fails with one clear line: %j', async (args, message) => {
    const { stderr, code } = await cli(...args, '--db', db);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('names why a file cannot be read: a link looping to itself, a folder', async () => {
    const loop = join(temp.dir, 'loop.csv');
    symlinkSync(loop, loop);
    const looped = await cli('import', loop, '--db', db);
    expect(looped.code).toBe(1);
    expect(looped.stderr).toMatch(/loop\.csv is a symbolic link that leads back to itself/);
    const folder = await cli('import', temp.dir, '--db', db);
    expect(folder.stderr).toMatch(/is a folder, not a file/);
  });

  it('imports an invoice-line log: distinct invoices, quantity × price, cancellations and lines without a customer counted', async () => {
    const log = join(repoRoot, 'tests', 'fixtures', 'transactions_log.csv');
    const reference = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'rfm.reference.json'), 'utf8')) as {
      lines: number;
      without_customer: number;
      cancelled_lines: number;
      exclude: Record<string, unknown>;
    };
    const result = await cli(
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
      '--db',
      db,
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const { dataset } = JSON.parse(result.stdout) as {
      dataset: { rows: number; import: { records: number; skipped: { reason: string; count: number }[] } };
    };
    expect(dataset.rows).toBe(Object.keys(reference.exclude).length);
    expect(dataset.import.records).toBe(reference.lines);
    expect(Object.fromEntries(dataset.import.skipped.map((s) => [s.reason, s.count]))).toEqual({
      'no-customer': reference.without_customer,
      cancelled: reference.cancelled_lines,
    });
  });

  it('leaves out transaction lines by value (--exclude), counted per filter in --json "transactions"', async () => {
    const log = join(repoRoot, 'tests', 'fixtures', 'transactions_log.csv');
    const reference = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'rfm.reference.json'), 'utf8')) as {
      lines: number;
      filtered: Record<string, unknown>;
      filtered_lines: number;
      filtered_without_customer: number;
      filtered_cancelled_lines: number;
    };
    const flags = [
      '--customer',
      'CustomerID',
      '--date',
      'InvoiceDate',
      '--quantity',
      'Quantity',
      '--price',
      'UnitPrice',
    ];
    const result = await cli(
      'import',
      log,
      '--transactions',
      ...flags,
      '--invoice',
      'InvoiceNo',
      '--exclude',
      'StockCode=POST,"BANK CHARGES, MANUAL"',
      '--db',
      db,
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const { dataset } = JSON.parse(result.stdout) as {
      dataset: { rows: number; transactions: Record<string, number>; recipe: { options: unknown } };
    };
    expect(dataset.rows).toBe(Object.keys(reference.filtered).length);
    const used =
      reference.lines -
      reference.filtered_lines -
      reference.filtered_without_customer -
      reference.filtered_cancelled_lines;
    expect(dataset.transactions).toEqual({
      read: reference.lines,
      used,
      customers: dataset.rows,
      cancellations: reference.filtered_cancelled_lines,
      filtered: reference.filtered_lines,
      missingCustomer: reference.filtered_without_customer,
    });
    expect(dataset.recipe.options).toMatchObject({
      transactions: { exclude: [{ column: 'StockCode', values: ['POST', 'BANK CHARGES, MANUAL'] }] },
    });
    const bad = await cli('import', log, '--transactions', ...flags, '--exclude', 'StockCode', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--exclude "StockCode": write COLUMN=VALUE[,VALUE…]');
  });

  it('imports a .csv.gz, streamed and unpacked from disk, as the CSV inside', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `C${i},${(i * 37) % 1000},${i % 9}`);
    const text = ['id,spend,visits', ...rows].join('\n') + '\n';
    const packed = join(temp.dir, 'big.csv.gz');
    writeFileSync(packed, gzipSync(text));
    const plain = join(temp.dir, 'big.csv');
    writeFileSync(plain, text);
    const fromGzip = await cli('import', packed, '--db', db, '--json');
    expect(fromGzip.code, fromGzip.stderr).toBe(0);
    const fromCsv = await cli('import', plain, '--db', db, '--json');
    const dataset = (out: string) => {
      const { dataset: d } = JSON.parse(out) as { dataset: { rows: number; columns: unknown; import: unknown } };
      return { rows: d.rows, columns: d.columns, import: d.import };
    };
    expect(dataset(fromGzip.stdout)).toEqual(dataset(fromCsv.stdout));
    expect(dataset(fromGzip.stdout).rows).toBe(60_000);
  });

  it('refuses k larger than the number of customers', async () => {
    const small = join(temp.dir, 'small.csv');
    writeFileSync(small, 'id,x,y\n1,1,2\n2,3,4\n3,5,6\n');
    const imported = JSON.parse((await cli('import', small, '--db', db, '--json')).stdout) as {
      dataset: { id: number };
    };
    const { stderr, code } = await cli(
      'train',
      String(imported.dataset.id),
      '--features',
      'x,y',
      '--k',
      '4',
      '--db',
      db,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/k = 4 is more segments than there are customers \(3\)/);
  });

  it('leaves the store intact when an import fails', async () => {
    const before = (await cli('list', '--db', db, '--json')).stdout;
    const { code, stderr } = await cli('import', join(repoRoot, 'tests', 'corpus', 'ragged.csv'), '--db', db);
    expect(code).toBe(1);
    expect(stderr).toContain('ragged.csv: row 3 does not have 3 fields');
    expect((await cli('list', '--db', db, '--json')).stdout).toBe(before);
    const skipped = await cli(
      'import',
      join(repoRoot, 'tests', 'corpus', 'ragged.csv'),
      '--skip-ragged',
      '--db',
      db,
      '--json',
    );
    expect(skipped.code).toBe(0);
    expect((JSON.parse(skipped.stdout) as { dataset: { rows: number } }).dataset.rows).toBe(2);
  });

  it('imports date columns and derives tenure and age from them', async () => {
    const { stdout, code } = await cli(
      'import',
      join(repoRoot, 'tests', 'corpus', 'dates.csv'),
      '--derive',
      'Tenure=tenure(signup)@2022-03-01',
      '--derive',
      'Age=age(birth_date)@2024-01-01',
      '--db',
      db,
      '--json',
    );
    expect(code).toBe(0);
    const { dataset } = JSON.parse(stdout) as { dataset: { id: number; columns: { name: string; kind: string }[] } };
    expect(dataset.columns.map((c) => [c.name, c.kind])).toEqual([
      ['customer_id', 'identifier'],
      ['signup', 'date'],
      ['birth_date', 'date'],
      ['spend', 'numeric'],
      ['Tenure', 'numeric'],
      ['Age', 'numeric'],
    ]);
  });

  it("imports with the wizard's choices from the command line: separator, decimal mark, encoding, derived columns", async () => {
    const file = join(repoRoot, 'tests', 'corpus', 'excel-de-windows1252.csv');
    const { stdout, code } = await cli(
      'import',
      file,
      '--delimiter',
      'semicolon',
      '--decimal',
      ',',
      '--encoding',
      'windows-1252',
      '--derive',
      'Pro Besuch=ratio(Umsatz,Besuche)',
      '--derive',
      'Log Umsatz=log1p(Umsatz)',
      '--db',
      db,
      '--json',
    );
    expect(code).toBe(0);
    const { dataset } = JSON.parse(stdout) as { dataset: { rows: number; columns: { name: string; kind: string }[] } };
    expect(dataset.rows).toBe(3);
    expect(dataset.columns.slice(-2)).toEqual([
      { name: 'Pro Besuch', kind: 'numeric', missing: 0 },
      { name: 'Log Umsatz', kind: 'numeric', missing: 0 },
    ]);
    const bad = await cli('import', file, '--delimiter', 'colon', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--delimiter must be , ; tab or pipe');
    const derive = await cli('import', file, '--derive', 'Total', '--db', db);
    expect(derive.code).toBe(1);
    expect(derive.stderr).toContain('--derive "Total"');
  });

  it('describes a dataset (--json contract)', async () => {
    const { stdout, code } = await cli('describe', String(datasetId), '--db', db, '--json');
    expect(code).toBe(0);
    const described = JSON.parse(stdout) as {
      dataset: number;
      rows: number;
      columns: { name: string; kind: string; count: number; missing: number; mean: number; median: number }[];
      correlation: { names: string[]; matrix: (number | null)[][] };
      warnings: { column: string; kind: string; message: string }[];
    };
    expect(described).toMatchObject({ dataset: datasetId, rows: 300 });
    expect(described.columns.length).toBeGreaterThan(1);
    expect(described.columns[0]).toMatchObject({ kind: 'numeric', count: 300, missing: 0 });
    expect(described.correlation.names).toHaveLength(described.correlation.matrix.length);
    expect(Array.isArray(described.warnings)).toBe(true);
  });

  it('imports a transaction log as one row per customer with RFM (--transactions)', async () => {
    const file = join(repoRoot, 'tests', 'corpus', 'transactions.csv');
    const { stdout, code, stderr } = await cli(
      'import',
      file,
      '--transactions',
      '--customer',
      'customer_id',
      '--date',
      'order_date',
      '--amount',
      'amount',
      '--category',
      'category',
      '--reference-date',
      '2024-04-01',
      '--db',
      db,
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { dataset } = JSON.parse(stdout) as { dataset: { rows: number; columns: { name: string; kind: string }[] } };
    expect(dataset.rows).toBe(3);
    expect(dataset.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'customer_id:identifier',
      'recency_days:numeric',
      'frequency:numeric',
      'monetary:numeric',
      'tenure_days:numeric',
      'average_order_value:numeric',
      'returns_count:numeric',
      'returns_value:numeric',
      'r_score:numeric',
      'f_score:numeric',
      'm_score:numeric',
      'rfm_group:categorical',
      'amount_fruit:numeric',
      'amount_meat:numeric',
      'amount_wine:numeric',
    ]);
    const usage = await cli('import', file, '--transactions', '--customer', 'customer_id', '--db', db);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--transactions needs --customer COL, --date COL and --amount COL');
  });
});

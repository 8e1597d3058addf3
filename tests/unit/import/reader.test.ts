import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPass, STREAM_SAMPLE_ROWS } from '../../../electron/worker/import/reader';
import { RecordScanner } from '../../../electron/worker/import/quotes';
import { importTable, readTable } from '../../../electron/worker/import/pipeline';
import { parseNumber, parseNumberFast } from '../../../electron/worker/import/numbers';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportStreamData } from '../../../shared/worker/messages';
import { AppError } from '../../../shared/errors';
import fc from 'fast-check';

const corpus = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url));

/** Stream a file and gather what reached the "store": the columns' values, batch after batch. */
async function streamed(
  bytes: Uint8Array,
  options: ImportOptions = {},
  pass: { notNumeric?: string[]; chunkBytes?: number } = {},
) {
  let schema: { name: string; numeric: boolean }[] = [];
  let values: (number | string | null)[][] = [];
  const sink = (data: ImportStreamData) => {
    if (data.type === 'schema') {
      schema = data.columns;
      values = schema.map(() => []);
    } else data.columns.forEach((c, j) => values[j].push(...Array.from(c as ArrayLike<number | string | null>)));
  };
  let result = await readPass('file.csv', { bytes }, options, sink, () => {}, pass);
  // As the app service does: a late byte that is not UTF-8 means reading it again in Windows-1252.
  if (result.retry?.encoding === 'Windows-1252' && !options.encoding) {
    result = await readPass('file.csv', { bytes }, { ...options, encoding: 'Windows-1252' }, sink, () => {}, pass);
  }
  return { result, schema, values };
}

async function streamedError(bytes: Uint8Array, options: ImportOptions = {}): Promise<AppError> {
  try {
    await streamed(bytes, options);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('no error');
}

async function inMemoryError(bytes: Uint8Array, options: ImportOptions = {}): Promise<AppError> {
  try {
    await readTable('file.csv', { bytes }, options);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('no error');
}

const normalise = (values: ArrayLike<number | string | null>) =>
  Array.from(values, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));

describe('streaming import', () => {
  it.each([
    'semicolon.csv',
    'tab.tsv',
    'pipe.txt',
    'quoted-bom.csv',
    'currency-us.csv',
    'excel-de-windows1252.csv',
    'unicode-text-utf16le.txt',
    'utf16be.txt',
    'formula-cells.csv',
    'text-in-number.csv',
    'duplicate-headers.csv',
    'transactions.csv',
    'dates.csv',
  ])('reads %s the same in 7-byte reads as in 4 MB reads', async (file) => {
    const bytes = corpus(file);
    const whole = await readTable(file, { bytes });
    // Small chunks: records, quoted line breaks and multi-byte characters are cut across reads.
    for (const chunkBytes of [7, 4 << 20]) {
      const { result, values } = await streamed(bytes, {}, { chunkBytes });
      expect(result.table).toBeDefined();
      const table = result.table!;
      expect(table.rowCount).toBe(whole.rowCount);
      expect(table.delimiter).toBe(whole.delimiter);
      expect(table.encoding).toBe(whole.encoding);
      expect(table.decimal).toBe(whole.decimal);
      expect(table.columns).toEqual(
        whole.columns.map(({ name, kind, missing, note }) => ({ name, kind, missing, note })),
      );
      whole.columns.forEach((c, j) => expect(normalise(values[j])).toEqual(normalise(c.values)));
    }
  });

  it.each(['empty.csv', 'header-only.csv', 'ragged.csv', 'unclosed-quote.csv', 'binary.bin'])(
    'refuses %s with the same error in one reading pass as through the whole pipeline',
    async (file) => {
      const bytes = corpus(file);
      const error = await streamedError(bytes);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe((await inMemoryError(bytes)).code);
    },
  );

  it('lists the first ragged rows, and skips them when asked', async () => {
    const lines = ['id,spend,visits', '1,10,2', '2,20', '3,30,4', '4,40', '5,50,6,7', '6,60,1'];
    const bytes = Buffer.from(lines.join('\n'));
    const message = 'file.csv: rows 3, 5, 6 do not have 3 fields (as in the header)';
    expect((await streamedError(bytes)).message).toContain(message);
    expect((await inMemoryError(bytes)).message).toContain(message);
    const { result, values } = await streamed(bytes, { skipRagged: true });
    expect(result.table).toMatchObject({ rowCount: 3, skipped: 3 });
    expect(values[1]).toEqual([10, 30, 60]);
    expect(await readTable('file.csv', { bytes }, { skipRagged: true })).toMatchObject({ rowCount: 3, skipped: 3 });
  });

  it('refuses more than 1,000 columns, naming the file', async () => {
    const header = Array.from({ length: 1001 }, (_, j) => `c${j}`).join(',');
    const bytes = Buffer.from(`${header}\n${Array.from({ length: 1001 }, () => '1').join(',')}\n`);
    expect((await streamedError(bytes)).message).toMatch(
      /^file\.csv has 1,001 columns; Segment Studio reads at most 1,000/,
    );
    expect((await inMemoryError(bytes)).message).toMatch(/^file\.csv has 1,001 columns/);
  });

  it('asks for a second pass when a late row is text in a column the first rows call numeric', async () => {
    const rows = Array.from({ length: STREAM_SAMPLE_ROWS + 2000 }, (_, i) => `C${i},${i === 11_000 ? 'unknown' : i}`);
    const bytes = Buffer.from(['id,spend', ...rows].join('\n'));
    const first = await streamed(bytes);
    expect(first.result.retry).toEqual({ encoding: 'UTF-8', notNumeric: ['spend'] });
    const second = await streamed(bytes, {}, first.result.retry);
    expect(second.schema).toEqual([
      { name: 'id', numeric: false },
      { name: 'spend', numeric: false },
    ]);
    const whole = await readTable('file.csv', { bytes });
    expect(second.result.table!.columns).toEqual(
      whole.columns.map(({ name, kind, missing, note }) => ({ name, kind, missing, note })),
    );
    expect(second.result.table!.columns[1].note).toContain('row 11002: "unknown" is not a number');
  });

  it('keeps a zero-padded number met far into the file, on the fast path, as written', async () => {
    // Beyond the first 4 MB read: those lines take the fast path for plain numbers.
    const rows = Array.from(
      { length: 150_000 },
      (_, i) =>
        `C${i},${i === 140_000 ? '01234' : String(10_000 + (i % 40))},${i === 145_000 ? '-0.5' : i % 7},${'x'.repeat(20)}`,
    );
    const bytes = Buffer.from(['id,PLZ,visits,note', ...rows].join('\n'));
    const table = await readTable('far.csv', { bytes });
    const plz = table.columns[1];
    expect(plz.kind).not.toBe('numeric');
    expect(plz.values[140_000]).toBe('01234');
    expect(plz.note).toMatch(/zero-padded codes/);
    // A minus with a zero before the mark is an ordinary number.
    expect(table.columns[2].kind).toBe('numeric');
    expect(table.columns[2].values[145_000]).toBe(-0.5);
  });

  it('keeps numbers written with leading zeros as codes (never losing a zero), early or late in the file', async () => {
    const rows = Array.from(
      { length: STREAM_SAMPLE_ROWS + 2000 },
      (_, i) => `${String(i + 1).padStart(6, '0')},${i === 11_000 ? '01234' : String(10_000 + (i % 40))},${i % 7}`,
    );
    const bytes = Buffer.from(['Code,PLZ,visits', ...rows].join('\n'));
    const first = await streamed(bytes);
    // PLZ is read as numbers in the first rows; its late "01234" asks for a second pass as text.
    expect(first.result.retry).toEqual({ encoding: 'UTF-8', notNumeric: ['PLZ'] });
    const second = await streamed(bytes, {}, first.result.retry);
    const columns = second.result.table!.columns;
    expect(columns[0]).toMatchObject({
      kind: 'identifier',
      note: 'zero-padded codes (like "0042"), unique in every row',
    });
    expect(columns[1]).toMatchObject({ kind: 'categorical' });
    expect(columns[1].note).toMatch(/^zero-padded codes \(like "0042"\), kept as written; 41 distinct values/);
    expect(columns[2].kind).toBe('numeric');
    expect(second.values[0][0]).toBe('000001');
    expect(second.values[1][11_000]).toBe('01234');
    // The pipeline (its second pass taken by itself) decides the same.
    const whole = await readTable('file.csv', { bytes });
    expect(columns).toEqual(whole.columns.map(({ name, kind, missing, note }) => ({ name, kind, missing, note })));
  });

  it('asks for Windows-1252 when a byte far into the file is not UTF-8', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `C${i},${i % 7},Name ${i}`);
    const text = Buffer.from(['id,visits,name', ...rows].join('\n'));
    const bytes = Buffer.concat([
      text,
      Buffer.from([0x0a, 0x43, 0x39, 0x2c, 0x31, 0x2c, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
    ]);
    const first = await readPass(
      'file.csv',
      { bytes },
      {},
      () => {},
      () => {},
      { chunkBytes: 64 << 10 },
    );
    expect(first.retry?.encoding).toBe('Windows-1252');
    const second = await streamed(bytes, {}, { chunkBytes: 64 << 10 });
    expect(second.result.table?.encoding).toBe('Windows-1252');
    expect(second.values[2].at(-1)).toBe('Müller');
  });

  it('cuts text only between records', async () => {
    const recordBoundary = (text: string) => new RecordScanner(',').boundary(text, false);
    expect(recordBoundary('a,b\n1,2\n3,')).toBe(8);
    expect(recordBoundary('a,"x\ny"\n1,"open\n')).toBe(8);
    expect(recordBoundary('a,"x\ny')).toBe(0);
  });

  it('reads plain numbers exactly as the full number parser', async () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9]{0,18}([.,][0-9]{0,12})?$/), fc.constantFrom('.', ','), (cell, mark) =>
        Object.is(parseNumberFast(cell, mark as '.' | ','), parseNumber(cell, mark as '.' | ',')),
      ),
      { numRuns: 20_000 },
    );
    for (const cell of ['0x1F', '5.', '.5', '-0', '1e5', '1,234.5', '1.234,5', ' 12', '12 %', '$3']) {
      for (const mark of ['.', ','] as const)
        expect(Object.is(parseNumberFast(cell, mark), parseNumber(cell, mark))).toBe(true);
    }
  });
});

describe('the fast path for text without quotes', () => {
  const run = async (bytes: Uint8Array, plain: boolean, chunkBytes: number, options: ImportOptions = {}) => {
    const batches: ImportStreamData[] = [];
    try {
      const result = await readPass(
        'f.csv',
        { bytes },
        options,
        (d) => batches.push(d),
        () => {},
        {
          chunkBytes,
          sampleRows: 3,
          plain,
        },
      );
      const columns: (number | string | null)[][] = [];
      for (const d of batches) {
        if (d.type === 'batch')
          d.columns.forEach((c, j) => (columns[j] ??= []).push(...normalise(c as ArrayLike<number | string | null>)));
      }
      return { result, schema: batches.find((d) => d.type === 'schema'), columns };
    } catch (error) {
      return { error: (error as AppError).code, message: (error as AppError).message };
    }
  };

  it('reads every cell exactly as papaparse does, whatever the cells, line ends and read size', async () => {
    const cell = fc.constantFrom(
      '',
      ' ',
      '1',
      '-5',
      '0.25',
      '.5',
      '5.',
      '1,5',
      '1,234.5',
      '1.234,5',
      '$12',
      '12 %',
      'NA',
      '-',
      'n/a',
      ' 7',
      '8 ',
      'abc',
      'Müller',
      '2024-03-31',
      '31/12/2024',
      '1e5',
      '123456789012345678',
    );
    const row = fc.array(cell, { minLength: 3, maxLength: 3 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        async (rows, newline, chunkBytes, skipRagged) => {
          const lines = ['id_col,a,b', 'x,1,2', 'y,3,4', 'z,5,6', ...rows];
          if (rows.length > 3) lines.splice(6, 0, 'ragged,1', ',,');
          const bytes = new TextEncoder().encode(lines.join(newline));
          const options = { skipRagged };
          expect(await run(bytes, true, chunkBytes, options)).toEqual(await run(bytes, false, chunkBytes, options));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('streamed cleaning and derived columns', () => {
  it('give the same table whatever the read size', async () => {
    const plans = ['gold', 'basic', 'basic', 'gold', 'silver'];
    const lines = ['id,spend,visits,plan,birth_year,signup'];
    for (let i = 0; i < 300; i++) {
      const spend = i % 17 === 0 ? '' : i === 5 ? '99999' : String((i * 37) % 500);
      const visits = i % 23 === 0 ? '' : String(i % 9);
      const plan = i === 7 ? 'platinum' : i % 13 === 0 ? '' : plans[i % 5];
      lines.push(`C${i},${spend},${visits},${plan},${1950 + (i % 50)},${1 + (i % 28)}/${1 + (i % 12)}/2022`);
    }
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const options: ImportOptions = {
      clean: {
        spend: { missing: 'median', capOutliers: true },
        plan: { missing: 'unknown', mergeRare: true },
        visits: { missing: 'drop' },
      },
      derive: [
        { name: 'Total', template: 'sum', columns: ['spend', 'visits'] },
        { name: 'Age', template: 'age', columns: ['birth_year'], reference: 2024 },
        { name: 'Tenure', template: 'tenure', columns: ['signup'] },
      ],
    };
    const whole = await readTable('file.csv', { bytes }, options);
    for (const chunkBytes of [97, 4 << 20]) {
      const schema: { name: string; numeric: boolean; original?: boolean }[] = [];
      const values: (number | string | null)[][] = [];
      const result = await importTable(
        'file.csv',
        { bytes },
        options,
        (d) => {
          if (d.type === 'schema') schema.push(...d.columns);
          else
            d.columns.forEach((c, j) => (values[j] ??= []).push(...normalise(c as ArrayLike<number | string | null>)));
        },
        () => {},
        undefined,
        { chunkBytes },
      );
      expect(result).toMatchObject({ rowCount: whole.rowCount, dropped: whole.dropped });
      expect(result.columns).toEqual(
        whole.columns.map(({ name, kind, missing, note }) => ({ name, kind, missing, note })),
      );
      expect(schema.filter((c) => !c.original).map((c) => c.name)).toEqual(whole.columns.map((c) => c.name));
      whole.columns.forEach((c, j) => expect(values[j]).toEqual(normalise(c.values)));
      // The file's values of the cleaned columns come after, as the gathered table keeps them.
      const originals = schema.flatMap((c, j) => (c.original ? [{ name: c.name, j }] : []));
      expect(originals.map((o) => o.name)).toEqual(['spend', 'plan']);
      for (const { name, j } of originals) {
        const original = whole.columns.find((c) => c.name === name)?.original;
        expect(original).toBeDefined();
        expect(values[j]).toEqual(normalise(original as ArrayLike<number | string | null>));
      }
      expect(result.steps).toEqual(whole.steps);
    }
  });
});

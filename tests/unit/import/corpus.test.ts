import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/worker/import/pipeline';
import { readAll } from '../../../electron/worker/import/passes';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportStreamData, ParsedTable, StreamedTable } from '../../../shared/worker/messages';
import type { ImportAccount } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';

/**
 * The bad-input corpus (tests/corpus/, most of it written by scripts/make-corpus.py): every file
 * with its expected outcome — what was read (records, stored, skipped by reason) or the error
 * (code and the words that name the row, column and remedy) — through both readers: the whole-file
 * reader and the streaming import, which must agree.
 */
interface Read {
  records: number;
  stored: number;
  skipped?: Partial<Record<ImportAccount['skipped'][number]['reason'], number[]>>;
  columns?: string[];
  encoding?: string;
  /** Kinds of some columns. */
  kinds?: Record<string, string>;
  /** Values of one column, as stored. */
  values?: [column: string, values: (string | number | null)[]];
  note?: [column: string, pattern: RegExp];
}
interface Refused {
  error: string;
  message: RegExp;
}
type Case = { file: string; options?: ImportOptions } & ({ read: Read } | { refused: Refused });

const CASES: Case[] = [
  // Quotes
  {
    file: 'stray-quote.csv',
    refused: { error: 'CSV_MALFORMED', message: /^file\.csv, row 3, column "note": .*--quotes literal/ },
  },
  {
    file: 'stray-quote.csv',
    options: { quotes: 'literal' },
    read: { records: 5, stored: 5, values: ['note', ['a', '"q"r', 'c', 'd', 'e']] },
  },
  {
    file: 'quote-text-after.csv',
    refused: { error: 'CSV_MALFORMED', message: /row 2, column "size": a field starts with a quote/ },
  },
  {
    file: 'quote-unclosed-last-row.csv',
    refused: { error: 'CSV_MALFORMED', message: /row 4, column "note": .*never closed/ },
  },
  {
    file: 'quote-runaway.csv',
    refused: { error: 'CSV_MALFORMED', message: /row 2, column "note": .*more than 100 lines/ },
  },
  { file: 'unclosed-quote.csv', refused: { error: 'CSV_MALFORMED', message: /row 2, column "spend"/ } },
  {
    file: 'quoted-multiline.csv',
    read: { records: 3, stored: 3, values: ['address', ['1 High St\nLondon', '2 Low Rd\r\nLeeds', 'plain']] },
  },
  {
    file: 'escaped-quotes.csv',
    read: { records: 3, stored: 3, values: ['said', ['He said "hi"', '"quoted"', 'plain']] },
  },
  {
    file: 'inch-marks-unquoted.csv',
    read: { records: 3, stored: 3, values: ['size', ['12" screen', '15" screen', '17"']] },
  },
  {
    file: 'quoted-separators.csv',
    read: { records: 3, stored: 3, values: ['city', ['Paris, France', 'Rome; Italy', 'Oslo']] },
  },
  { file: 'quoted-bom.csv', read: { records: 2, stored: 2 } },
  // Lines and blank rows
  { file: 'blank-lines.csv', read: { records: 6, stored: 3, skipped: { blank: [3, 5, 6] } } },
  { file: 'separator-only-rows.csv', read: { records: 5, stored: 3, skipped: { blank: [3, 5] } } },
  { file: 'crlf.csv', read: { records: 3, stored: 3, values: ['visits', [2, 3, 4]] } },
  { file: 'cr-only.csv', read: { records: 3, stored: 3, values: ['visits', [2, 3, 4]] } },
  { file: 'mixed-line-ends.csv', read: { records: 3, stored: 3, values: ['visits', [2, 3, 4]] } },
  { file: 'no-final-newline.csv', read: { records: 3, stored: 3, values: ['visits', [2, 3, 4]] } },
  { file: 'trailing-blank-lines.csv', read: { records: 4, stored: 2, skipped: { blank: [4, 5] } } },
  { file: 'leading-blank-lines.csv', read: { records: 2, stored: 2, columns: ['id', 'spend', 'visits'] } },
  { file: 'ragged-some.csv', refused: { error: 'CSV_RAGGED', message: /rows 3, 5 do not have 3 fields/ } },
  {
    file: 'ragged-some.csv',
    options: { skipRagged: true },
    read: { records: 5, stored: 3, skipped: { 'wrong-field-count': [3, 5] } },
  },
  { file: 'ragged.csv', refused: { error: 'CSV_RAGGED', message: /Skip rows with the wrong number of fields/ } },
  { file: 'empty.csv', refused: { error: 'FILE_EMPTY', message: /^file\.csv is empty/ } },
  { file: 'whitespace-only.csv', refused: { error: 'FILE_EMPTY', message: /is empty/ } },
  { file: 'header-only.csv', refused: { error: 'NO_ROWS', message: /a header row but no customers/ } },
  { file: 'header-only-crlf.csv', refused: { error: 'NO_ROWS', message: /a header row but no customers/ } },
  { file: 'header-and-blanks.csv', refused: { error: 'NO_ROWS', message: /a header row but no customers/ } },
  { file: 'one-column.csv', refused: { error: 'CSV_ONE_COLUMN', message: /only one column was found/ } },
  { file: 'too-many-columns.csv', refused: { error: 'TOO_MANY_COLUMNS', message: /1,001 columns/ } },
  // Separators, numbers, kinds
  { file: 'semicolon.csv', read: { records: 3, stored: 3, values: ['name', ['Anna', 'Bo; Jr', 'Cy']] } },
  { file: 'tab.tsv', read: { records: 2, stored: 2 } },
  { file: 'pipe.txt', read: { records: 2, stored: 2 } },
  { file: 'currency-us.csv', read: { records: 3, stored: 3, values: ['spend', [1200.5, 15, 1000]] } },
  { file: 'text-in-number.csv', read: { records: 4, stored: 4, values: ['income', ['100', null, 'abc', '400']] } },
  { file: 'formula-cells.csv', read: { records: 4, stored: 4 } },
  { file: 'duplicate-headers.csv', read: { records: 2, stored: 2 } },
  { file: 'dates.csv', read: { records: 4, stored: 4 } },
  { file: 'transactions.csv', read: { records: 6, stored: 6 } },
  { file: 'eda-warnings.csv', read: { records: 60, stored: 60 } },
  {
    file: 'overflow.csv',
    refused: { error: 'NUMBER_OVERFLOW', message: /row 3, column "spend": "1e309" is too large a number/ },
  },
  { file: 'overflow-negative.csv', refused: { error: 'NUMBER_OVERFLOW', message: /row 4, column "spend": "-1e400"/ } },
  { file: 'overflow-digits.csv', refused: { error: 'NUMBER_OVERFLOW', message: /row 3, column "spend"/ } },
  { file: 'thousands-separators.csv', read: { records: 3, stored: 3, values: ['spend', [1234.5, 12000, 999.99]] } },
  { file: 'decimal-comma-semicolon.csv', read: { records: 3, stored: 3, values: ['spend', [1234.5, 12.5, 999.99]] } },
  // Names
  {
    file: 'long-header.csv',
    read: {
      records: 3,
      stored: 3,
      note: [
        `${'Total spending on wine and related products '.repeat(3).slice(0, 119)}…`,
        /351 characters, so it is shortened to the first 120/,
      ],
    },
  },
  { file: 'blank-header-names.csv', read: { records: 3, stored: 3, columns: ['id', 'Column 2', 'spend'] } },
  { file: 'bidi-names.csv', read: { records: 3, stored: 3, values: ['name', ['\u202egnp.exe', 'שלום', 'مرحبا']] } },
  { file: 'emoji-names.csv', read: { records: 3, stored: 3, values: ['name', ['Ana 😀', 'Bo\u0308rk', '東京']] } },
  {
    file: 'formula-like-cells.csv',
    read: { records: 4, stored: 4, values: ['name', ['=SUM(A1:A9)', '+44 20 7946 0000', '@home', '-minus']] },
  },
  // Encodings
  {
    file: 'shift-jis.csv',
    refused: { error: 'ENCODING_UNCERTAIN', message: /probably Shift_JIS \(Japanese\).*--encoding Shift_JIS/ },
  },
  {
    file: 'shift-jis.csv',
    options: { encoding: 'Shift_JIS' },
    read: { records: 4, stored: 4, values: ['名前', ['山田太郎', '佐藤花子', '鈴木一郎', '田中さくら']] },
  },
  { file: 'euc-jp.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /probably EUC-JP/ } },
  {
    file: 'euc-jp.csv',
    options: { encoding: 'EUC-JP' },
    read: { records: 4, stored: 4, values: ['都市', ['東京', '大阪', '名古屋', '福岡']] },
  },
  { file: 'gbk.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /probably GB18030/ } },
  {
    file: 'gbk.csv',
    options: { encoding: 'GB18030' },
    read: { records: 4, stored: 4, values: ['城市', ['北京', '上海', '广州', '深圳']] },
  },
  { file: 'big5.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /Big5/ } },
  {
    file: 'big5.csv',
    options: { encoding: 'Big5' },
    read: { records: 4, stored: 4, values: ['城市', ['臺北', '高雄', '臺中', '臺南']] },
  },
  { file: 'euc-kr.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /probably EUC-KR \(Korean\)/ } },
  {
    file: 'euc-kr.csv',
    options: { encoding: 'EUC-KR' },
    read: { records: 4, stored: 4, values: ['도시', ['서울', '부산', '대구', '인천']] },
  },
  { file: 'cp1251.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /probably Windows-1251 \(Cyrillic\)/ } },
  { file: 'koi8-r.csv', refused: { error: 'ENCODING_UNCERTAIN', message: /probably KOI8-R/ } },
  {
    file: 'koi8-r.csv',
    options: { encoding: 'KOI8-R' },
    read: { records: 4, stored: 4, values: ['город', ['Москва', 'Казань', 'Самара', 'Пермь']] },
  },
  {
    file: 'latin1-french.csv',
    read: {
      records: 4,
      stored: 4,
      encoding: 'Windows-1252',
      values: ['nom', ['Hélène Müller', 'José Núñez', 'Françoise Noël', 'Zoë Brontë']],
    },
  },
  {
    file: 'excel-de-windows1252.csv',
    read: { records: 3, stored: 3, encoding: 'Windows-1252', values: ['Name', ['Müller', 'José', 'Françoise']] },
  },
  {
    file: 'unicode-text-utf16le.txt',
    read: { records: 2, stored: 2, encoding: 'UTF-16 LE', values: ['name', ['Zoë', 'Łukasz']] },
  },
  { file: 'utf16be.txt', read: { records: 2, stored: 2, encoding: 'UTF-16 BE', values: ['name', ['Zoë', 'Łukasz']] } },
  {
    file: 'utf16le-no-bom.txt',
    read: { records: 3, stored: 3, encoding: 'UTF-16 LE', values: ['name', ['Anna', 'Ben', 'Cleo']] },
  },
  {
    file: 'utf16be-no-bom.txt',
    read: { records: 3, stored: 3, encoding: 'UTF-16 BE', values: ['name', ['Anna', 'Ben', 'Cleo']] },
  },
  {
    file: 'invalid-utf8-chosen.csv',
    options: { encoding: 'UTF-8' },
    refused: { error: 'ENCODING_INVALID', message: /not valid UTF-8 \(Unicode\) text/ },
  },
  // Identifiers by name: CustomerID (Mall Customers) is not a feature
  {
    file: 'mall-customers-head.csv',
    read: { records: 5, stored: 5, kinds: { CustomerID: 'identifier', Age: 'numeric', Genre: 'categorical' } },
  },
  // Title rows above the header (and a header with blank names is not one)
  {
    file: 'header-mostly-blank-names.csv',
    read: { records: 3, stored: 3, columns: ['id', 'Column 2', 'Column 3', 'Column 4', 'spend'] },
  },
  { file: 'title-row.csv', read: { records: 3, stored: 3, columns: ['id', 'spend', 'visits'] } },
  {
    file: 'title-row.csv',
    options: { headerRow: 3 },
    read: { records: 3, stored: 3, columns: ['id', 'spend', 'visits'] },
  },
  {
    file: 'title-row.csv',
    options: { headerRow: 2 },
    refused: { error: 'HEADER_ROW_BLANK', message: /row 2 is blank/ },
  },
  // Not text at all
  { file: 'binary.bin', refused: { error: 'BINARY_FILE', message: /binary data/ } },
  { file: 'random.bin', refused: { error: 'BINARY_FILE', message: /binary data/ } },
  // A .csv.gz is unpacked and read as the CSV inside; a damaged one is named.
  { file: 'customers.csv.gz', read: { records: 2, stored: 2, values: ['spend', [10, 20]] } },
  {
    file: 'customers-damaged.csv.gz',
    refused: { error: 'BINARY_FILE', message: /compressed \(gzip\) file that cannot be unpacked/ },
  },
  { file: 'document.pdf', refused: { error: 'BINARY_FILE', message: /a PDF document/ } },
  { file: 'old-excel.xls', refused: { error: 'BINARY_FILE', message: /old Excel workbook \(\.xls\)/ } },
  { file: 'picture.csv', refused: { error: 'BINARY_FILE', message: /a PNG image/ } },
];

const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(`../../corpus/${name}`, import.meta.url)));

type Outcome =
  { table: ParsedTable | StreamedTable; values: Map<string, (string | number | null)[]> } | { error: AppError };

async function whole(bytes: Uint8Array, options: ImportOptions): Promise<Outcome> {
  try {
    const table = await readTable('file.csv', { bytes }, options);
    const values = new Map(
      table.columns.map((c) => [
        c.name,
        Array.from(c.values as ArrayLike<string | number | null>, (v) =>
          typeof v === 'number' && Number.isNaN(v) ? null : v,
        ),
      ]),
    );
    return { table, values };
  } catch (error) {
    return { error: error as AppError };
  }
}

async function streamed(bytes: Uint8Array, options: ImportOptions): Promise<Outcome> {
  let schema: { name: string }[] = [];
  let columns: (string | number | null)[][] = [];
  const sink = (data: ImportStreamData) => {
    if (data.type === 'schema') {
      schema = data.columns;
      columns = schema.map(() => []);
    } else
      data.columns.forEach((c, j) =>
        columns[j].push(
          ...Array.from(c as ArrayLike<string | number | null>, (v) =>
            typeof v === 'number' && Number.isNaN(v) ? null : v,
          ),
        ),
      );
  };
  try {
    // Small read chunks, so records and characters are cut across them; the slow path (papaparse) for every line.
    const { table } = await readAll('file.csv', { bytes }, options, sink, () => {}, { chunkBytes: 7, plain: false });
    return { table, values: new Map(schema.map((c, j) => [c.name, columns[j]])) };
  } catch (error) {
    return { error: error as AppError };
  }
}

function check(outcome: Outcome, c: Case): void {
  if ('refused' in c) {
    expect('error' in outcome ? outcome.error.code : 'read', c.file).toBe(c.refused.error);
    if ('error' in outcome) expect(outcome.error.message).toMatch(c.refused.message);
    return;
  }
  if ('error' in outcome) throw outcome.error;
  const { table, values } = outcome;
  const account = table.account as ImportAccount;
  expect([account.records, account.stored, table.rowCount]).toEqual([c.read.records, c.read.stored, c.read.stored]);
  const skipped = Object.fromEntries(account.skipped.map((s) => [s.reason, s.rows]));
  expect(skipped).toEqual(c.read.skipped ?? {});
  expect(account.records).toBe(account.stored + account.skipped.reduce((sum, s) => sum + s.count, 0));
  if (c.read.columns) expect(table.columns.map((col) => col.name)).toEqual(c.read.columns);
  for (const [name, kind] of Object.entries(c.read.kinds ?? {})) {
    expect(table.columns.find((col) => col.name === name)?.kind, name).toBe(kind);
  }
  if (c.read.encoding) expect(table.encoding).toBe(c.read.encoding);
  if (c.read.values) expect(values.get(c.read.values[0])).toEqual(c.read.values[1]);
  if (c.read.note) expect(table.columns.find((col) => col.name === c.read.note?.[0])?.note).toMatch(c.read.note[1]);
}

describe('workbooks in the corpus', () => {
  it('finds the header below a title row, and says so', async () => {
    const table = await readTable('title-rows.xlsx', { bytes: bytesOf('title-rows.xlsx') });
    expect(table.columns.map((c) => c.name)).toEqual(['Customer ID', 'Spend', 'Visits', 'Region']);
    expect(table.account).toEqual({
      records: 12,
      stored: 12,
      skipped: [],
      notes: ['row 1 above the header left out as a title ("Customer list — exported 2024-03-31")'],
    });
  });

  it('reports formula cells without calculated values by column', async () => {
    const table = await readTable('formula-no-values.xlsx', { bytes: bytesOf('formula-no-values.xlsx') });
    const column = table.columns.find((c) => c.name === 'spend_x2');
    expect(column?.missing).toBe(6);
    expect(column?.note).toMatch(/^6 formula cells that Excel never calculated \(first in row 2\), read as blank/);
    expect(table.account?.notes).toEqual([
      'column C ("spend_x2"): 6 formula cells that Excel never calculated (first in row 2), read as blank: open the workbook in Excel, let it calculate, save it and import it again',
    ]);
  });

  it('refuses a workbook cut short, and reads the sample workbook whole', async () => {
    await expect(readTable('truncated.xlsx', { bytes: bytesOf('truncated.xlsx') })).rejects.toThrow(
      /could not be read as an Excel workbook/,
    );
    const table = await readTable('customers.xlsx', { bytes: bytesOf('customers.xlsx') });
    expect([table.account?.records, table.account?.stored, table.sheet]).toEqual([30, 30, 'Customers']);
  });
});

describe('the bad-input corpus', () => {
  it('holds more than 50 files, each with an expected outcome', async () => {
    const workbooks = ['title-rows.xlsx', 'formula-no-values.xlsx', 'truncated.xlsx', 'customers.xlsx'];
    expect(new Set([...CASES.map((c) => c.file), ...workbooks]).size).toBeGreaterThan(50);
  });

  it.each(CASES.map((c) => [`${c.file}${c.options ? ` ${JSON.stringify(c.options)}` : ''}`, c] as const))(
    '%s',
    async (_, c) => {
      const bytes = bytesOf(c.file);
      check(await whole(bytes, c.options ?? {}), c);
      check(await streamed(bytes, c.options ?? {}), c);
    },
  );
});

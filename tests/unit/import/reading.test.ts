import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewImport, readTable } from '../../../electron/worker/import/pipeline';

const bytes = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url));
const parse = (name: string) => readTable(name, { bytes: bytes(name) });

describe('reading delimited files', () => {
  it.each([
    ['semicolon.csv', 'semicolon'],
    ['tab.tsv', 'tab'],
    ['pipe.txt', 'pipe'],
  ])('detects the separator of %s', async (file, delimiter) => {
    const table = await parse(file);
    expect(table.delimiter).toBe(delimiter);
    expect(table.rowCount).toBeGreaterThanOrEqual(2);
  });

  it('keeps separators inside quotes and counts blanks', async () => {
    const table = await parse('semicolon.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name', 'spend']);
    expect(table.columns[1].values).toEqual(['Anna', 'Bo; Jr', 'Cy']);
    expect(table.columns[2]).toMatchObject({ kind: 'numeric', missing: 1 });
    expect(Array.from(table.columns[2].values as Float64Array)).toEqual([10, 20, Number.NaN]);
  });

  it('reads quoted line breaks, doubled quotes and a BOM', async () => {
    const table = await parse('quoted-bom.csv');
    expect(table.columns[0].name).toBe('customer_id');
    expect(table.columns[0].kind).toBe('identifier');
    expect(table.columns[1].values).toEqual(['line one\r\nline two', 'say "hi", ok']);
  });

  it('names file and row for a row with missing fields', async () => {
    await expect(parse('ragged.csv')).rejects.toThrow(
      'ragged.csv: row 3 does not have 3 fields (as in the header). Fix it in the file, or choose "Skip rows with the wrong number of fields".',
    );
  });

  it('names the file for an unclosed quote', async () => {
    await expect(parse('unclosed-quote.csv')).rejects.toThrow(
      /^unclosed-quote\.csv, row 2, column "spend": a quote \(".*never closed.*--quotes literal/,
    );
  });

  it('rejects an empty file and a header without rows', async () => {
    await expect(parse('empty.csv')).rejects.toThrow('empty.csv is empty.');
    await expect(parse('header-only.csv')).rejects.toThrow('header-only.csv has a header row but no customers.');
  });

  it('says where text sits in a number column', async () => {
    const income = (await parse('text-in-number.csv')).columns[1];
    expect(income.kind).not.toBe('numeric');
    expect(income.note).toContain('row 4: "abc" is not a number');
    expect(income.missing).toBe(1);
  });

  it('makes duplicate and blank header names unique', async () => {
    expect((await parse('duplicate-headers.csv')).columns.map((c) => c.name)).toEqual([
      'id',
      'spend',
      'spend (2)',
      'Column 4',
    ]);
    expect((await parse('duplicate-headers.csv')).columns[2].note).toBe(
      '"spend" repeats in the header, so this column is called "spend (2)"; 2 numbers, 0 blank',
    );
  });

  it('refuses a file whose separator it cannot find', async () => {
    await expect(readTable('one.csv', { text: 'a b c\n1 2 3\n' })).rejects.toThrow(
      /one\.csv: only one column was found/,
    );
  });

  it('reads a European Excel export: Windows-1252, semicolons, decimal commas, euro and percent signs', async () => {
    const table = await parse('excel-de-windows1252.csv');
    expect(table.encoding).toBe('Windows-1252');
    expect(table.delimiter).toBe('semicolon');
    expect(table.columns[1].values).toEqual(['Müller', 'José', 'Françoise']);
    const [umsatz, rabatt, besuche] = table.columns.slice(2);
    expect(umsatz.kind).toBe('numeric');
    expect(Array.from(umsatz.values as Float64Array)).toEqual([1234.56, 99.9, 2000]);
    expect(umsatz.note).toContain('decimal comma');
    expect(umsatz.note).toContain('currency or % signs removed');
    expect(Array.from(rabatt.values as Float64Array)).toEqual([12, 5, Number.NaN]);
    expect(Array.from(besuche.values as Float64Array)).toEqual([3, 1, 7]);
  });

  it.each(['unicode-text-utf16le.txt', 'utf16be.txt'])("reads Excel's Unicode text (%s)", async (file) => {
    const table = await parse(file);
    expect(table.encoding).toMatch(/^UTF-16/);
    expect(table.columns[1].values).toEqual(['Zoë', 'Łukasz']);
    expect(Array.from(table.columns[2].values as Float64Array)).toEqual([10.5, 20]);
  });

  it('reads US currency with thousands separators', async () => {
    const spend = (await parse('currency-us.csv')).columns[1];
    expect(spend.kind).toBe('numeric');
    expect(Array.from(spend.values as Float64Array)).toEqual([1200.5, 15, 1000]);
  });

  it('refuses a binary file with a clear message', async () => {
    await expect(parse('binary.bin')).rejects.toThrow(/binary\.bin is not a text table: it contains binary data/);
  });
});

describe("reading with the wizard's choices", () => {
  const corpus = (name: string) => new Uint8Array(readFileSync(new URL(`../../corpus/${name}`, import.meta.url)));

  it('detects separator, encoding and decimal mark, and reports them for the preview', async () => {
    const preview = await previewImport('excel-de-windows1252.csv', { bytes: corpus('excel-de-windows1252.csv') });
    expect(preview).toMatchObject({ delimiterChar: ';', encoding: 'Windows-1252', decimal: ',', header: true });
    expect(preview.rows.length).toBeLessThanOrEqual(100);
    expect(preview.columns.every((c) => !c.ignored)).toBe(true);
  });

  it('reads with a chosen separator, encoding, decimal mark and no header row', async () => {
    const table = await readTable(
      'x.csv',
      { text: '1;2,5\n3;4,5\n5;6,5\n' },
      { delimiter: ';', decimal: ',', header: false },
    );
    expect(table.columns.map((c) => c.name)).toEqual(['Column 1', 'Column 2']);
    expect(table.rowCount).toBe(3);
    expect(Array.from(table.columns[1].values as Float64Array)).toEqual([2.5, 4.5, 6.5]);
    await expect(readTable('x.csv', { text: 'a;b\n1;2,5\n3;4,5\n' }, { delimiter: ',' })).rejects.toThrow(
      'x.csv: only one column was found ("a;b")',
    );
  });

  it('applies chosen kinds: ignore drops a column, numeric on text names the row and column', async () => {
    const csv = 'id,plan,spend\n1,gold,10\n2,basic,20\n3,gold,x\n';
    const table = await readTable('p.csv', { text: csv }, { kinds: { plan: 'ignore', spend: 'text' } });
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'identifier'],
      ['spend', 'text'],
    ]);
    await expect(readTable('p.csv', { text: csv }, { kinds: { spend: 'numeric' } })).rejects.toThrow(
      'p.csv, row 4, column "spend": "x" is not a number.',
    );
    const preview = await previewImport('p.csv', { text: 'id,plan\n1,a\n1,b\n2,c\n' }, { kinds: { plan: 'ignore' } });
    expect(preview.columns.find((c) => c.name === 'plan')?.ignored).toBe(true);
    expect(preview.columns.find((c) => c.name === 'id')?.duplicates).toBe(1);
  });

  it('decodes with a chosen encoding', async () => {
    const latin = new Uint8Array([
      0x6e, 0x61, 0x6d, 0x65, 0x2c, 0x76, 0x0a, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x31, 0x0a,
    ]);
    expect((await readTable('m.csv', { bytes: latin }, { encoding: 'Windows-1252' })).columns[0].values).toEqual([
      'Müller',
    ]);
  });
});

describe('Excel workbooks (.xlsx)', () => {
  const corpus = (name: string) => new Uint8Array(readFileSync(new URL(`../../corpus/${name}`, import.meta.url)));

  it('reads the first sheet that is a table, with accents, decimals and dates as ISO text', async () => {
    const table = await readTable('customers.xlsx', { bytes: corpus('customers.xlsx') });
    expect(table).toMatchObject({ sheets: ['Notes', 'Customers'], sheet: 'Customers', rowCount: 30 });
    const column = (name: string) => table.columns.find((c) => c.name === name);
    expect(column('Name')?.values.slice(0, 2)).toEqual(['Müller', 'José']);
    expect(column('Spend')?.kind).toBe('numeric');
    expect(Array.from(column('Spend')?.values as Float64Array).slice(0, 2)).toEqual([50, 87.25]);
    expect(column('Signup')?.values[0]).toBe('2020-01-01');
  });

  it('names the sheets when the one asked for is missing, and refuses a damaged workbook clearly', async () => {
    await expect(readTable('customers.xlsx', { bytes: corpus('customers.xlsx') }, { sheet: 'Nope' })).rejects.toThrow(
      'customers.xlsx has no sheet "Nope". Its sheets: Notes, Customers.',
    );
    await expect(readTable('truncated.xlsx', { bytes: corpus('truncated.xlsx') })).rejects.toThrow(
      /truncated\.xlsx could not be read as an Excel workbook .* damaged, cut short or password-protected/,
    );
    const preview = await previewImport('customers.xlsx', { bytes: corpus('customers.xlsx') }, { sheet: 'Customers' });
    expect(preview).toMatchObject({ sheets: ['Notes', 'Customers'], sheet: 'Customers', rowCount: 30 });
  });
});

describe('header row detection', () => {
  it('reads a file that starts with a customer without losing it, and keeps ordinary headers', async () => {
    const noHeader = await readTable('n.csv', { text: '1,10.5,2\n2,20,3\n3,30,1\n' });
    expect(noHeader.header).toBe(false);
    expect(noHeader.rowCount).toBe(3);
    expect(noHeader.columns.map((c) => c.name)).toEqual(['Column 1', 'Column 2', 'Column 3']);
    const withHeader = await readTable('h.csv', { text: 'id,spend\n1,10\n2,20\n' });
    expect(withHeader).toMatchObject({ header: true, rowCount: 2 });
    expect((await readTable('f.csv', { text: '1,10\n2,20\n' }, { header: true })).rowCount).toBe(1);
  });
});

describe('identifier names', () => {
  it.each(['customer_id', 'ID', 'Kundennummer', 'Kunden-Nr.', 'numéro client', 'numero_cliente', 'Client Code'])(
    '%s is an identifier',
    async (name) => {
      const table = await readTable('ids.csv', { text: `${name},spend\nA1,1\nA2,2\n` });
      expect(table.columns[0].kind).toBe('identifier');
    },
  );
  it.each(['idea', 'valid', 'customer_segment', 'Kunde'])('%s is not', async (name) => {
    const table = await readTable('ids.csv', { text: `${name},spend\nA1,1\nA2,2\n` });
    expect(table.columns[0].kind).not.toBe('identifier');
  });
});

describe('identifiers by name', () => {
  it('knows CustomerID, customerId, user id, client_no, Kunden-Nr; not paid, valid or covid', async () => {
    const { namedLikeIdentifier } = await import('../../../electron/worker/import/columnKinds');
    for (const name of [
      'CustomerID',
      'customerId',
      'UserID',
      'user id',
      'customer_id',
      'client_no',
      'Kunden-Nr',
      'ID',
      'id',
    ])
      expect(namedLikeIdentifier(name), name).toBe(true);
    for (const name of ['paid', 'valid', 'covid', 'Squid', 'android', 'Idle', 'identity_score'])
      expect(namedLikeIdentifier(name), name).toBe(false);
  });
});

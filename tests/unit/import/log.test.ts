import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/worker/import/pipeline';
import { streamLog } from '../../../electron/worker/import/log';
import type { ParsedTable } from '../../../shared/import/table';
import type { ImportOptions } from '../../../shared/import/options';

const log = new Uint8Array(readFileSync(new URL('../../fixtures/transactions_log.csv', import.meta.url)));
const spec = { customer: 'CustomerID', date: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice' };
const normalise = (values: ArrayLike<number | string | null>) =>
  Array.from(values, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));

/**
 * A transaction log streamed by the worker (two passes, any size) gives the same customers however
 * it is read — in 4 MB reads or in small ones that cut lines and characters, on the fast path or
 * through papaparse — in the same order, the same values to the last bit, the same account of every
 * line and the same recipe step. (What the values are is checked against pandas in rfm.test.ts.)
 */
const SMALL_READS = { chunkBytes: 1000, plain: false };
const same = (streamed: ParsedTable, whole: ParsedTable) => {
  expect(streamed.columns.map((c) => [c.name, c.kind, c.missing, c.note])).toEqual(
    whole.columns.map((c) => [c.name, c.kind, c.missing, c.note]),
  );
  streamed.columns.forEach((c, j) => expect(normalise(c.values), c.name).toEqual(normalise(whole.columns[j].values)));
  expect(streamed.account).toEqual(whole.account);
  expect(streamed.steps).toEqual(whole.steps);
  expect(streamed.rowCount).toBe(whole.rowCount);
};
describe('a transaction log streamed from a file', () => {
  const cases: [string, ImportOptions][] = [
    ['invoices, cancellations left out', { transactions: { ...spec, invoice: 'InvoiceNo' } }],
    ['cancellations netted', { transactions: { ...spec, invoice: 'InvoiceNo', returns: 'net' } }],
    ['purchase days, no invoice column', { transactions: spec }],
    [
      'row filters and a category, then cleaning and a derived column',
      {
        transactions: {
          ...spec,
          invoice: 'InvoiceNo',
          category: 'StockCode',
          exclude: [{ column: 'StockCode', values: ['POST'] }],
        },
        clean: { monetary: { capOutliers: true } },
        derive: [{ name: 'log_monetary', template: 'log1p', columns: ['monetary'] }],
      },
    ],
  ];
  it.each(cases)('%s: the same in small reads', async (_, options) => {
    const whole = await readTable('log.csv', { bytes: log }, options);
    same(await readTable('log.csv', { bytes: log }, options, undefined, SMALL_READS), whole);
    // Handed over as text, the same.
    same(await readTable('log.csv', { text: new TextDecoder().decode(log) }, options), whole);
  });

  it('reads days from timestamps (12/1/2010 8:26), the same in small reads', async () => {
    const lines = ['InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID'];
    for (let i = 0; i < 3000; i++) {
      lines.push(
        `${(i % 7 === 0 ? 'C' : '') + (500 + Math.floor(i / 3))},${1 + (i % 5)},${1 + (i % 12)}/${1 + (i % 27)}/2011 ${i % 24}:${String(i % 60).padStart(2, '0')},${(i % 13) / 4},${i % 11 === 0 ? '' : 100 + (i % 97)}`,
      );
    }
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const options: ImportOptions = { transactions: { ...spec, invoice: 'InvoiceNo' } };
    const whole = await readTable('log.csv', { bytes }, options);
    same(await readTable('log.csv', { bytes }, options, undefined, SMALL_READS), whole);
    expect(whole.steps?.[0]).toMatchObject({ dateOrder: 'mdy' });
  });

  it('names a line whose date is not a date, with its row', async () => {
    const text = 'customer,date,amount\nA,2024-01-01,5\n\nB,yesterday,3\n';
    await expect(
      streamLog(
        't.csv',
        { bytes: new TextEncoder().encode(text) },
        {
          transactions: { customer: 'customer', date: 'date', amount: 'amount' },
        },
        () => {},
      ),
    ).rejects.toThrow('t.csv, row 4, column "date": "yesterday" is not a date.');
  });
});

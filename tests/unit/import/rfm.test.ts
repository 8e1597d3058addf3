import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quintileScores, rfmGroup } from '../../../shared/import/rfmScores';
import { readTable } from '../../../electron/worker/import/pipeline';
import { isoDay, readDates } from '../../../shared/import/dates';

const blank = (c: string) => c.trim() === '';

describe('dates', () => {
  it('decides day/month order from the values and says why', async () => {
    const dmy = readDates(['03/01/2024', '15/02/2024'], blank);
    expect(dmy.order).toBe('dmy');
    expect(dmy.evidence).toContain('15/02/2024 in row 3: the first number is above 12');
    expect(isoDay(dmy.days[0])).toBe('2024-01-03');
    const mdy = readDates(['03/01/2024', '02/15/2024'], blank);
    expect(mdy.order).toBe('mdy');
    expect(isoDay(mdy.days[0])).toBe('2024-03-01');
    expect(readDates(['01/02/2024'], blank).evidence).toContain('day/month assumed');
    expect(isoDay(readDates(['01/02/2024'], blank, 'mdy').days[0])).toBe('2024-01-02');
  });

  it('reads ISO dates, dd-mm-yyyy, dd.mm.yy and Excel serials, and marks what is not a date', async () => {
    const read = readDates(['2024-03-31', '31-03-2024', '31.03.24', '45382', 'soon', ''], blank);
    expect(Array.from(read.days.slice(0, 4), isoDay)).toEqual(['2024-03-31', '2024-03-31', '2024-03-31', '2024-03-31']);
    expect(read.firstBad).toBe(4);
    expect(Number.isNaN(read.days[5])).toBe(true);
    expect(readDates(['31/02/2024'], blank).firstBad).toBe(0);
  });
});

describe('a transaction log as customers (RFM)', () => {
  const bytes = new Uint8Array(readFileSync(new URL('../../corpus/transactions.csv', import.meta.url)));

  it('gives recency, frequency, monetary, quantity and amount per category for each customer', async () => {
    const table = await readTable(
      'transactions.csv',
      { bytes },
      {
        transactions: {
          customer: 'customer_id',
          date: 'order_date',
          amount: 'amount',
          quantity: 'quantity',
          category: 'category',
          reference: '2024-04-01',
        },
      },
    );
    expect(table.rowCount).toBe(3);
    const col = (name: string): (string | number | null)[] =>
      Array.from((table.columns.find((c) => c.name === name)?.values ?? []) as ArrayLike<string | number | null>);
    expect(table.columns.map((c) => c.name)).toEqual([
      'customer_id',
      'recency_days',
      'frequency',
      'monetary',
      'tenure_days',
      'average_order_value',
      'returns_count',
      'returns_value',
      'r_score',
      'f_score',
      'm_score',
      'rfm_group',
      'quantity',
      'amount_fruit',
      'amount_meat',
      'amount_wine',
    ]);
    expect(col('customer_id')).toEqual(['C1', 'C2', 'C3']);
    expect(col('recency_days')).toEqual([4, 32, 31]);
    expect(col('frequency')).toEqual([3, 2, 1]);
    expect(col('monetary')).toEqual([50, 20, 100]);
    expect(col('quantity')).toEqual([4, 4, 4]);
    expect(col('amount_wine')).toEqual([12.5, 20, 0]);
    expect(table.transactions).toContain(
      '6 transaction lines of 3 customers; frequency = distinct purchase days; dates dmy',
    );
  });

  it('names the file, row and column of a date it cannot read, and a missing column', async () => {
    const text = 'customer,date,amount\nA,2024-01-01,5\nB,yesterday,6\n';
    await expect(
      readTable('t.csv', { text }, { transactions: { customer: 'customer', date: 'date', amount: 'amount' } }),
    ).rejects.toThrow('t.csv, row 3, column "date": "yesterday" is not a date.');
    await expect(
      readTable('t.csv', { text }, { transactions: { customer: 'client', date: 'date', amount: 'amount' } }),
    ).rejects.toThrow('t.csv has no column "client" for the customer.');
  });
});

describe('RFM as analysts compute it (scripts/rfm-reference.py, pandas)', () => {
  const reference = JSON.parse(
    readFileSync(new URL('../../fixtures/rfm.reference.json', import.meta.url), 'utf8'),
  ) as Record<'exclude' | 'net', Record<string, { recency_days: number; frequency: number; monetary: number }>> & {
    filtered: Record<string, Record<string, number>>;
    quintiles: { ids: string[]; values: number[]; up: number[]; down: number[] }[];
    lines: number;
    without_customer: number;
    cancelled_lines: number;
    filtered_lines: number;
    filtered_without_customer: number;
    filtered_cancelled_lines: number;
  };
  const log = new Uint8Array(readFileSync(new URL('../../fixtures/transactions_log.csv', import.meta.url)));
  const spec = {
    customer: 'CustomerID',
    date: 'InvoiceDate',
    quantity: 'Quantity',
    price: 'UnitPrice',
    invoice: 'InvoiceNo',
  };

  it.each(['exclude', 'net'] as const)(
    'frequency = distinct invoices, monetary = quantity × price, cancellations %s, every line accounted for',
    async (returns) => {
      const table = await readTable('log.csv', { bytes: log }, { transactions: { ...spec, returns } });
      const column = (name: string) => table.columns.find((c) => c.name === name)?.values as ArrayLike<number>;
      const ids = table.columns.find((c) => c.name === 'CustomerID')?.values as string[];
      const expected = reference[returns];
      expect([...ids].sort()).toEqual(Object.keys(expected).sort());
      ids.forEach((id, r) => {
        expect(column('frequency')[r], id).toBe(expected[id].frequency);
        expect(column('recency_days')[r], id).toBe(expected[id].recency_days);
        const monetary = column('monetary')[r];
        expect(Math.abs(monetary - expected[id].monetary)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected[id].monetary)),
        );
      });
      const account = table.account;
      expect(account?.records).toBe(reference.lines);
      expect(account?.skipped.find((s) => s.reason === 'no-customer')?.count).toBe(reference.without_customer);
      expect(account?.skipped.find((s) => s.reason === 'cancelled')?.count).toBe(
        returns === 'exclude' ? reference.cancelled_lines : undefined,
      );
    },
  );

  it('leaves out lines by value first (row filters), and gives tenure, order value and returns per customer', async () => {
    const table = await readTable(
      'log.csv',
      { bytes: log },
      {
        transactions: { ...spec, exclude: [{ column: 'StockCode', values: ['POST', 'BANK CHARGES'] }] },
      },
    );
    const column = (name: string) => table.columns.find((c) => c.name === name)?.values as ArrayLike<number>;
    const ids = table.columns.find((c) => c.name === 'CustomerID')?.values as string[];
    const expected = reference.filtered;
    expect([...ids].sort()).toEqual(Object.keys(expected).sort());
    const measures = [
      'r_score',
      'f_score',
      'm_score',
      'recency_days',
      'frequency',
      'monetary',
      'tenure_days',
      'average_order_value',
      'returns_count',
      'returns_value',
    ];
    ids.forEach((id, r) => {
      for (const name of measures) {
        const want = expected[id][name];
        expect(Math.abs(column(name)[r] - want), `${id} ${name}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(want)),
        );
      }
    });
    const account = table.account;
    expect(account?.records).toBe(reference.lines);
    const skip = (reason: string) => account?.skipped.find((s) => s.reason === reason);
    expect(skip('filtered')?.count).toBe(reference.filtered_lines);
    expect(skip('filtered')?.message).toBe(
      `${reference.filtered_lines} transaction lines with "StockCode" "POST", "BANK CHARGES" left out, as chosen (a row filter: not purchases)`,
    );
    expect(skip('no-customer')?.count).toBe(reference.filtered_without_customer);
    expect(skip('cancelled')?.count).toBe(reference.filtered_cancelled_lines);
    expect(account?.transactions?.lines).toBe(
      reference.lines -
        reference.filtered_lines -
        reference.filtered_without_customer -
        reference.filtered_cancelled_lines,
    );
  });

  it('scores quintiles as pandas qcut on ranks (ties in id order), at every size and with ties', async () => {
    for (const { ids, values, up, down } of reference.quintiles) {
      expect(Array.from(quintileScores(values, ids) ?? []), `n = ${ids.length}`).toEqual(up);
      expect(Array.from(quintileScores(values, ids, true) ?? []), `n = ${ids.length}`).toEqual(down);
    }
    expect(quintileScores([3], ['a'])).toBeNull();
  });

  it('names the RFM group of every R and F score by the usual map', async () => {
    expect(rfmGroup(5, 5)).toBe('Champions');
    expect(rfmGroup(1, 1)).toBe('Lost');
    expect(rfmGroup(2, 1)).toBe('Hibernating');
    expect(rfmGroup(1, 5)).toBe("Can't lose them");
    expect(rfmGroup(5, 1)).toBe('New');
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(rfmGroup(r, f)).not.toBe('Unscored');
  });

  it('without an invoice column counts distinct purchase days, and says so', async () => {
    const table = await readTable(
      'log.csv',
      { bytes: log },
      {
        transactions: { customer: 'CustomerID', date: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice' },
      },
    );
    expect(table.columns.find((c) => c.name === 'frequency')?.note).toBe(
      'distinct purchase days (no invoice column chosen)',
    );
  });
});

describe('netted cancellations', () => {
  it('count the lines of a customer who only returned things, instead of dropping them unsaid', async () => {
    const log = [
      'invoice,customer,date,qty,price',
      '1,A,2024-01-02,2,5',
      'C2,A,2024-01-03,-1,5',
      'C3,B,2024-01-04,-3,2',
      '4,C,2024-01-05,1,9',
    ].join('\n');
    const table = await readTable(
      'returns.csv',
      { text: log },
      {
        transactions: {
          customer: 'customer',
          date: 'date',
          quantity: 'qty',
          price: 'price',
          invoice: 'invoice',
          returns: 'net',
        },
      },
    );
    expect(table.columns.find((c) => c.name === 'customer')?.values).toEqual(['A', 'C']);
    expect(Array.from(table.columns.find((c) => c.name === 'monetary')?.values as Float64Array)).toEqual([5, 9]);
    expect(table.account?.records).toBe(4);
    expect(table.account?.skipped).toEqual([
      {
        reason: 'cancelled',
        message:
          '1 cancellation line (returns) of customers with no purchase left out: there is nothing to net them against',
        count: 1,
        rows: [4],
      },
    ]);
  });
});

/**
 * A transaction log of any size made into customers in the worker, without holding it: two
 * passes of the reader over the file (a delimited file or a sheet). The first finds how its dates
 * are written (deciding day/month order over every distinct date) and its categories; the second
 * sums every line into its customer with `LogAggregator` — the same customers to the last bit
 * whatever the read size (a test holds it), and equal to pandas. Memory grows with the customers and
 * their invoices, not with the lines. The account names what became of every line; the recipe's
 * cleaning and derived columns follow in the pipeline (`steps.ts`).
 */
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ParsedTable } from '../../../shared/worker/messages';
import { dayKey, readDates } from '../../../shared/import/dates';
import { cellText, customersTable, detached, LogAggregator } from '../../../shared/import/rfm';
import { importAccount, recordRows, skipTally, SkipTally } from '../../../shared/import/account';
import type { ImportAccount } from '../../../shared/domain';
import type { RecipeStep } from '../../../shared/import/recipe';
import { readBatches, type Cells, type Retry } from './passes';
import type { ReadSource } from './reader';

const text = cellText;

export async function streamLog(
  fileName: string,
  source: ReadSource,
  options: ImportOptions,
  progress: (fraction: number, message: string) => void,
  ready: () => Promise<void> = () => Promise.resolve(),
  /** The reader's settings for tests (read size, fast path). */
  retry: Retry = {},
): Promise<ParsedTable> {
  const spec = options.transactions;
  if (!spec) throw new AppError('INTERNAL', 'streamLog reads transaction logs only.');
  // The log's own columns as read; its date column as written (its order is decided over every date).
  const read: ImportOptions = {
    ...options,
    transactions: undefined,
    clean: undefined,
    derive: undefined,
    kinds: { ...options.kinds, [spec.date]: 'text' },
  };
  const index = (names: string[], name: string, role: string): number => {
    const j = names.indexOf(name);
    if (j < 0) {
      throw new AppError(
        'UNKNOWN_COLUMN',
        // Only the log's own columns are read, so the others cannot be listed here: never a partial list.
        `${fileName} has no column "${name}" for the ${role}: check the column's name in the file's header.`,
      );
    }
    return j;
  };
  const filterSets = (spec.exclude ?? []).map((f) => new Set(f.values.map((v) => v.trim())));

  // Only the log's own columns are read, and no distinct values counted: memory stays with the customers.
  // The reader refuses a missing one, listing the file's columns.
  const only = [
    { name: spec.customer, role: 'customer' },
    { name: spec.date, role: 'date' },
    { name: spec.amount, role: 'amount' },
    { name: spec.quantity, role: 'quantity' },
    { name: spec.price, role: 'unit price' },
    { name: spec.invoice, role: 'invoice' },
    { name: spec.category, role: 'category' },
    ...(spec.exclude ?? []).map((f) => ({ name: f.column, role: 'row filter' })),
  ].filter((c): c is { name: string; role: string } => c.name !== undefined);

  // Pass 1: the distinct dates (in the order they first appear) and the categories of the lines kept.
  const firstSeen = new Map<string, number>();
  const categories = new Set<string>();
  const first = await readBatches(
    fileName,
    source,
    read,
    { ...retry, only, noDistinct: true },
    (names, columns, rows, record) => {
      const dates = columns[index(names, spec.date, 'date')] as (string | null)[];
      const category = spec.category ? columns[index(names, spec.category, 'category')] : null;
      const filters = (spec.exclude ?? []).map((f) => columns[index(names, f.column, 'row filter')]);
      for (let i = 0; i < rows; i++) {
        const day = dayKey(text(dates[i]));
        if (day !== '' && !firstSeen.has(day)) firstSeen.set(detached(day), record + i);
        if (category && !filters.some((cells, j) => filterSets[j].has(text(cells[i]).trim()))) {
          const c = text(category[i]);
          if (c && !categories.has(c)) categories.add(detached(c));
        }
      }
    },
    (f, m) => progress(f / 2, m),
    ready,
  );
  const account = first.table.account as ImportAccount;
  const skippedRows = account.skipped.every((s) => s.rows.length === s.count)
    ? account.skipped.flatMap((s) => s.rows)
    : null;
  const rowOf = (record: number): number | null =>
    recordRows([record], first.table.firstRecordRow ?? 2, skippedRows)?.[0] ?? null;
  const distinct = [...firstSeen.keys()];
  const reading = readDates(distinct, (c) => c.trim() === '', spec.dateOrder);
  if (reading.firstBad >= 0) {
    const row = rowOf(firstSeen.get(distinct[reading.firstBad]) as number);
    throw new AppError(
      'NOT_A_DATE',
      `${fileName}, ${row !== null ? `row ${row}` : 'a row'}, column "${spec.date}": "${distinct[reading.firstBad]}" is not a date.`,
    );
  }
  // The evidence names the row where the file first shows the order.
  const evidence = reading.evidence.replace(/ in row (\d+)/, (_, i: string) => {
    const row = rowOf(firstSeen.get(distinct[Number(i) - 2]) as number);
    return row !== null ? ` in row ${row}` : '';
  });
  const dayOf = new Map(distinct.map((d, i) => [d, reading.days[i]]));
  let reference = Number.NaN;
  if (spec.reference) {
    const parsed = readDates([spec.reference], () => false, 'ymd');
    if (parsed.firstBad >= 0) {
      throw new AppError('NOT_A_DATE', `The reference date "${spec.reference}" is not a date (use YYYY-MM-DD).`);
    }
    reference = parsed.days[0];
  }

  // Pass 2: every line into its customer.
  const aggregator = new LogAggregator(spec, [...categories].sort());
  let has = { quantities: false, prices: false };
  const numeric = (columns: Cells[], names: string[], name: string | undefined, role: string): Float64Array | null => {
    if (!name) return null;
    const cells = columns[index(names, name, role)];
    if (!(cells instanceof Float64Array)) {
      throw new AppError('COLUMN_NOT_NUMERIC', `${fileName}: the ${role} column "${name}" is not numeric.`);
    }
    return cells;
  };
  const second = await readBatches(
    fileName,
    source,
    first.options,
    first.retry,
    (names, columns, rows, record) => {
      const customer = columns[index(names, spec.customer, 'customer')];
      const dates = columns[index(names, spec.date, 'date')];
      const quantities = numeric(columns, names, spec.quantity, 'quantity');
      const prices = numeric(columns, names, spec.price, 'unit price');
      const amounts = prices ? null : numeric(columns, names, spec.amount, 'amount');
      if (!amounts && !(prices && quantities)) {
        throw new AppError(
          'MISSING_COLUMN',
          `${fileName}: say which column holds each line's amount, or which hold its quantity and unit price (amount = quantity × price).`,
        );
      }
      has = { quantities: quantities !== null, prices: prices !== null };
      const invoice = spec.invoice ? columns[index(names, spec.invoice, 'invoice')] : null;
      const category = spec.category ? columns[index(names, spec.category, 'category')] : null;
      const filters = (spec.exclude ?? []).map((f) => columns[index(names, f.column, 'row filter')]);
      for (let i = 0; i < rows; i++) {
        const q = quantities ? quantities[i] : Number.NaN;
        const day = dayKey(text(dates[i]));
        aggregator.add(record + i, {
          filter: filters.findIndex((cells, j) => aggregator.filterSets[j].has(text(cells[i]).trim())),
          customer: text(customer[i]),
          day: day === '' ? Number.NaN : (dayOf.get(day) as number),
          quantity: q,
          amount: prices && quantities ? q * prices[i] : (amounts as Float64Array)[i],
          invoice: invoice ? text(invoice[i]).trim() : '',
          category: category ? text(category[i]) : '',
        });
      }
    },
    (f, m) => progress(0.5 + f / 2, m),
    ready,
  );
  const records = (second.table.account as ImportAccount).records;
  const summary = aggregator.summary(reference, { order: reading.order, evidence }, second.table.rowCount, has);
  const customers = customersTable(spec, summary);

  // Every line accounted for.
  const tally = (part: { count: number; first: number[] }) => {
    const t = new SkipTally();
    t.count = part.count;
    t.rows.push(...(recordRows(part.first, first.table.firstRecordRow ?? 2, skippedRows) ?? []));
    return t;
  };
  const filteredLines = customers.filtered.reduce((sum, f) => sum + f.count, 0);
  const steps: RecipeStep[] = [
    {
      step: 'aggregate',
      reference: customers.reference,
      dateOrder: customers.dateOrder,
      lines: second.table.rowCount - customers.withoutCustomer.count - customers.cancelled.count - filteredLines,
      customers: customers.rowCount,
      note: customers.note,
    },
  ];
  const finalAccount = importAccount(fileName, {
    records,
    stored: customers.rowCount,
    blank: skipTally(second.table.account as ImportAccount, 'blank'),
    wrongFieldCount: skipTally(second.table.account as ImportAccount, 'wrong-field-count'),
    noCustomer: Object.assign(tally(customers.withoutCustomer), { column: spec.customer }),
    cancelled: tally(customers.cancelled),
    filtered: customers.filtered.map((f) => Object.assign(tally(f), { column: f.column, values: f.values })),
    cancelledNetted: spec.returns === 'net',
    transactions: {
      lines: second.table.rowCount - customers.withoutCustomer.count - customers.cancelled.count - filteredLines,
      customers: customers.rowCount,
    },
    notes: (second.table.account as ImportAccount).notes,
  });
  return {
    account: finalAccount,
    rowCount: customers.rowCount,
    skipped: second.table.skipped,
    transactions: customers.note,
    delimiter: second.table.delimiter,
    delimiterChar: second.table.delimiterChar,
    decimal: second.table.decimal,
    header: second.table.header,
    encoding: second.table.encoding,
    steps,
    ...(second.table.sheets ? { sheets: second.table.sheets, sheet: second.table.sheet } : {}),
    columns: customers.columns as ParsedTable['columns'],
  };
}

/**
 * A transaction log (invoice lines) into one row per customer with RFM — recency in days before a
 * reference date, frequency (distinct invoices, or distinct purchase days without an invoice
 * column: never invoice lines), monetary (the total of the line amounts: an amount column, or
 * quantity × unit price) — plus total quantity and the amount per category. Cancellations (an
 * invoice starting with "C", a negative quantity or amount) are left out by default, or netted.
 * As the analysts' notebooks compute it (scripts/rfm-reference.py checks it against pandas).
 */
import { AppError } from '../errors';
import { isoDay, readDates, type DateOrder } from './dates';
import type { TableColumn } from './transform';
import { quintileScores, rfmGroup } from './rfmScores';

export interface TransactionSpec {
  customer: string;
  date: string;
  /** The line's amount; without it, quantity × unit price (`price`). */
  amount?: string;
  quantity?: string;
  /** The unit price: with `quantity`, the line amount is quantity × price. */
  price?: string;
  /** The invoice (order) a line belongs to: frequency counts distinct invoices. */
  invoice?: string;
  /** Cancellations: left out ("exclude", the default) or netted against purchases ("net"). */
  returns?: 'exclude' | 'net';
  /** An invoice starting with this is a cancellation (default "C"); so is a negative quantity or amount. */
  cancelPrefix?: string;
  category?: string;
  /** ISO date recency is counted to; default: the day after the last purchase in the file. */
  reference?: string;
  dateOrder?: DateOrder;
  /** Lines left out by value, before anything else (postage, bank charges: not purchases). */
  exclude?: { column: string; values: string[] }[];
}

const column = (columns: TableColumn[], name: string, role: string, fileName: string): TableColumn => {
  const found = columns.find((c) => c.name === name);
  if (!found) {
    throw new AppError(
      'UNKNOWN_COLUMN',
      `${fileName} has no column "${name}" for the ${role}. Columns: ${columns.map((c) => c.name).join(', ')}.`,
    );
  }
  return found;
};

const text = (v: string | number | null): string =>
  v === null ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v;

export function transactionsToCustomers(
  fileName: string,
  columns: TableColumn[],
  rowCount: number,
  spec: TransactionSpec,
): {
  columns: TableColumn[];
  rowCount: number;
  note: string;
  /** The day recency counts to (ISO), and how the log's dates were read: what a replay must reuse. */
  reference: string;
  dateOrder: DateOrder;
  /** Lines with a blank customer (they belong to no one): how many, and the first few (0-based). */
  withoutCustomer: { count: number; first: number[] };
  /**
   * Cancellation lines left out — all of them with returns "exclude"; with "net", those of customers
   * who have no purchase at all — how many, and the first few (0-based).
   */
  cancelled: { count: number; first: number[] };
  /** Lines left out by each row filter (the first filter a line matches counts it), with the first few. */
  filtered: { column: string; values: string[]; count: number; first: number[] }[];
} {
  const id = column(columns, spec.customer, 'customer', fileName);
  const dateColumn = column(columns, spec.date, 'date', fileName);
  const numericColumn = (name: string | undefined, role: string): Float64Array | null => {
    if (!name) return null;
    const found = column(columns, name, role, fileName);
    if (!(found.values instanceof Float64Array)) {
      throw new AppError('COLUMN_NOT_NUMERIC', `${fileName}: the ${role} column "${name}" is not numeric.`);
    }
    return found.values;
  };
  const quantities = numericColumn(spec.quantity, 'quantity');
  const prices = numericColumn(spec.price, 'unit price');
  const amountValues = prices ? null : numericColumn(spec.amount, 'amount');
  if (!amountValues && !(prices && quantities)) {
    throw new AppError(
      'MISSING_COLUMN',
      `${fileName}: say which column holds each line's amount, or which hold its quantity and unit price (amount = quantity × price).`,
    );
  }
  const invoice = spec.invoice ? column(columns, spec.invoice, 'invoice', fileName) : null;
  const prefix = spec.cancelPrefix ?? 'C';
  const netReturns = spec.returns === 'net';
  const category = spec.category ? column(columns, spec.category, 'category', fileName) : null;
  const cells = Array.from({ length: rowCount }, (_, r) => text(dateColumn.values[r]));
  const dates = readDates(cells, (c) => c.trim() === '', spec.dateOrder);
  if (dates.firstBad >= 0) {
    throw new AppError(
      'NOT_A_DATE',
      `${fileName}, row ${dates.firstBad + 2}, column "${spec.date}": "${cells[dates.firstBad]}" is not a date.`,
    );
  }
  let reference = Number.NaN;
  if (spec.reference) {
    const parsed = readDates([spec.reference], () => false, 'ymd');
    if (parsed.firstBad >= 0)
      throw new AppError('NOT_A_DATE', `The reference date "${spec.reference}" is not a date (use YYYY-MM-DD).`);
    reference = parsed.days[0];
  }
  const filterCells = (spec.exclude ?? []).map((f) => ({
    cells: column(columns, f.column, 'row filter', fileName).values,
    set: new Set(f.values.map((v) => v.trim())),
  }));
  const filteredOut = (r: number) => filterCells.some((f) => f.set.has(text(f.cells[r]).trim()));
  // The categories of the lines kept (a filtered category gets no column of zeros).
  const categories = category
    ? [
        ...new Set(
          Array.from({ length: rowCount }, (_, r) => (filteredOut(r) ? '' : text(category.values[r]))).filter(Boolean),
        ),
      ].sort()
    : [];
  interface Acc {
    last: number;
    /** The day of the first purchase (tenure counts from it). */
    first: number;
    purchases: Set<string | number>;
    /** Rows of its netted cancellation lines (0-based). */
    returnRows: number[];
    total: number;
    quantity: number;
    byCategory: number[];
  }
  const customers = new Map<string, Acc>();
  const withoutCustomer = { count: 0, first: [] as number[] };
  const cancelled = { count: 0, first: [] as number[], netted: 0 };
  const filters = (spec.exclude ?? []).map((f) => ({
    column: f.column,
    values: f.values,
    cells: column(columns, f.column, 'row filter', fileName).values,
    set: new Set(f.values.map((v) => v.trim())),
    count: 0,
    first: [] as number[],
  }));
  // Each customer's cancellation lines (returns), whatever the policy: how many, and their value.
  const returnsOf = new Map<string, { count: number; value: number }>();
  for (let r = 0; r < rowCount; r++) {
    const filter = filters.find((f) => f.set.has(text(f.cells[r]).trim()));
    if (filter) {
      filter.count++;
      if (filter.first.length < 10) filter.first.push(r);
      continue;
    }
    const key = text(id.values[r]);
    if (key.trim() === '') {
      if (withoutCustomer.first.length < 10) withoutCustomer.first.push(r);
      withoutCustomer.count++;
      continue;
    }
    const q = quantities ? quantities[r] : Number.NaN;
    const lineAmount = prices && quantities ? q * prices[r] : (amountValues as Float64Array)[r];
    const value = Number.isNaN(lineAmount) ? 0 : lineAmount;
    const invoiceId = invoice ? text(invoice.values[r]).trim() : '';
    const cancellation = (prefix !== '' && invoiceId.startsWith(prefix)) || q < 0 || value < 0;
    if (cancellation) {
      const returned = returnsOf.get(key) ?? { count: 0, value: 0 };
      returned.count++;
      returned.value += Math.abs(value);
      returnsOf.set(key, returned);
    }
    if (cancellation && !netReturns) {
      if (cancelled.first.length < 10) cancelled.first.push(r);
      cancelled.count++;
      continue;
    }
    let acc = customers.get(key);
    if (!acc) {
      acc = {
        last: -Infinity,
        first: Infinity,
        purchases: new Set(),
        returnRows: [],
        total: 0,
        quantity: 0,
        byCategory: new Array<number>(categories.length).fill(0),
      };
      customers.set(key, acc);
    }
    acc.total += value;
    if (!Number.isNaN(q)) acc.quantity += q;
    if (category) {
      const c = categories.indexOf(text(category.values[r]));
      if (c >= 0) acc.byCategory[c] += value;
    }
    if (cancellation) {
      // Netted: it takes its amount back, but is not a purchase and does not make a customer recent.
      cancelled.netted++;
      acc.returnRows.push(r);
      continue;
    }
    acc.purchases.add(invoice ? invoiceId : dates.days[r]);
    if (dates.days[r] > acc.last) acc.last = dates.days[r];
    if (dates.days[r] < acc.first) acc.first = dates.days[r];
  }
  // By default recency counts to the day after the last purchase kept (as analysts' notebooks do).
  if (Number.isNaN(reference)) {
    let last = -Infinity;
    for (const acc of customers.values()) if (acc.purchases.size > 0 && acc.last > last) last = acc.last;
    reference = last + 1;
  }
  // A customer whose every line was a netted cancellation has no purchase: no recency to give.
  // Their lines are left out and counted with the cancellations, never dropped unsaid.
  const keys: string[] = [];
  for (const [key, acc] of customers) {
    if (acc.purchases.size > 0) keys.push(key);
    else {
      cancelled.netted -= acc.returnRows.length;
      cancelled.count += acc.returnRows.length;
      for (const r of acc.returnRows) if (cancelled.first.length < 10) cancelled.first.push(r);
    }
  }
  cancelled.first.sort((a, b) => a - b);
  const filtered = filters.reduce((sum, f) => sum + f.count, 0);
  const amountName = prices ? 'amount' : (spec.amount as string);
  const amountWords = prices ? `${spec.quantity} × ${spec.price}` : (spec.amount as string);
  const numeric = (name: string, values: number[], note: string): TableColumn => ({
    name,
    kind: 'numeric',
    missing: 0,
    note,
    values: Float64Array.from(values),
  });
  const out: TableColumn[] = [
    { name: spec.customer, kind: 'identifier', missing: 0, note: 'one row per customer', values: keys },
    numeric(
      'recency_days',
      keys.map((k) => reference - (customers.get(k) as Acc).last),
      `days before ${isoDay(reference)}`,
    ),
    numeric(
      'frequency',
      keys.map((k) => (customers.get(k) as Acc).purchases.size),
      invoice ? `distinct invoices ("${spec.invoice}")` : 'distinct purchase days (no invoice column chosen)',
    ),
    numeric(
      'monetary',
      keys.map((k) => (customers.get(k) as Acc).total),
      `total ${amountWords}${netReturns ? ', cancellations netted' : ''}`,
    ),
  ];
  const accOf = (k: string) => customers.get(k) as Acc;
  out.push(
    numeric(
      'tenure_days',
      keys.map((k) => reference - accOf(k).first),
      `days from the first purchase to ${isoDay(reference)}`,
    ),
    numeric(
      'average_order_value',
      keys.map((k) => accOf(k).total / accOf(k).purchases.size),
      `monetary / frequency`,
    ),
    numeric(
      'returns_count',
      keys.map((k) => returnsOf.get(k)?.count ?? 0),
      `cancellation lines (${netReturns ? 'netted' : 'left out of monetary'})`,
    ),
    numeric(
      'returns_value',
      keys.map((k) => returnsOf.get(k)?.value ?? 0),
      `value of the cancellation lines (${netReturns ? 'netted' : 'left out of monetary'})`,
    ),
  );
  // The classic quintile scores and named groups (ties by customer id, as pandas over an id-sorted table).
  const r = quintileScores(
    keys.map((k) => reference - accOf(k).last),
    keys,
    true,
  );
  const f = quintileScores(
    keys.map((k) => accOf(k).purchases.size),
    keys,
  );
  const m = quintileScores(
    keys.map((k) => accOf(k).total),
    keys,
  );
  if (r && f && m) {
    out.push(
      numeric(
        'r_score',
        Array.from(r),
        'recency quintile, 5 = bought most recently (ranks the customers of this file)',
      ),
      numeric('f_score', Array.from(f), 'frequency quintile, 5 = buys most often (ranks the customers of this file)'),
      numeric('m_score', Array.from(m), 'monetary quintile, 5 = spends most (ranks the customers of this file)'),
      {
        name: 'rfm_group',
        kind: 'categorical',
        missing: 0,
        note: 'the usual RFM group of the R and F scores (Champions, Loyal, … Lost)',
        values: keys.map((_, i) => rfmGroup(r[i], f[i])),
      },
    );
  }
  if (quantities)
    out.push(
      numeric(
        'quantity',
        keys.map((k) => (customers.get(k) as Acc).quantity),
        `total ${spec.quantity}`,
      ),
    );
  categories.forEach((name, c) =>
    out.push(
      numeric(
        `${amountName}_${name}`,
        keys.map((k) => (customers.get(k) as Acc).byCategory[c]),
        `total ${amountWords} in ${name}`,
      ),
    ),
  );
  return {
    columns: out,
    rowCount: keys.length,
    reference: isoDay(reference),
    dateOrder: dates.order,
    withoutCustomer,
    cancelled: { count: cancelled.count, first: cancelled.first },
    filtered: filters.map(({ column: name, values, count, first }) => ({ column: name, values, count, first })),
    note:
      `${rowCount - withoutCustomer.count - cancelled.count - filtered} transaction lines of ${keys.length} customers` +
      filters
        .filter((f) => f.count > 0)
        .map((f) => ` (${f.count} lines with "${f.column}" ${f.values.map((v) => `"${v}"`).join(', ')} left out)`)
        .join('') +
      `${withoutCustomer.count > 0 ? ` (${withoutCustomer.count} lines without a customer left out)` : ''}` +
      `${cancelled.count > 0 ? `; ${cancelled.count} cancellation lines left out` : ''}` +
      `${cancelled.netted > 0 ? `; ${cancelled.netted} cancellation lines netted against purchases` : ''}` +
      `; frequency = ${invoice ? 'distinct invoices' : 'distinct purchase days'}; dates ${dates.order} (${dates.evidence}); recency to ${isoDay(reference)}`,
  };
}

/**
 * A transaction log (one row per purchase) into one row per customer with RFM — recency in days
 * before a reference date, frequency (purchases), monetary (total amount) — plus total quantity and
 * the amount per category: the classic input for retail segmentation.
 */
import { AppError } from '../errors';
import { isoDay, readDates, type DateOrder } from './dates';
import type { TableColumn } from './transform';

export interface TransactionSpec {
  customer: string;
  date: string;
  amount: string;
  quantity?: string;
  category?: string;
  /** ISO date recency is counted to; default: the day after the last purchase in the file. */
  reference?: string;
  dateOrder?: DateOrder;
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
  /** Lines with a blank customer (they belong to no one): how many, and the first few (0-based). */
  withoutCustomer: { count: number; first: number[] };
} {
  const id = column(columns, spec.customer, 'customer', fileName);
  const dateColumn = column(columns, spec.date, 'date', fileName);
  const amount = column(columns, spec.amount, 'amount', fileName);
  if (!(amount.values instanceof Float64Array)) {
    throw new AppError('COLUMN_NOT_NUMERIC', `${fileName}: the amount column "${spec.amount}" is not numeric.`);
  }
  const quantity = spec.quantity ? column(columns, spec.quantity, 'quantity', fileName) : null;
  if (quantity && !(quantity.values instanceof Float64Array)) {
    throw new AppError('COLUMN_NOT_NUMERIC', `${fileName}: the quantity column "${spec.quantity}" is not numeric.`);
  }
  const category = spec.category ? column(columns, spec.category, 'category', fileName) : null;
  const cells = Array.from({ length: rowCount }, (_, r) => text(dateColumn.values[r]));
  const dates = readDates(cells, (c) => c.trim() === '', spec.dateOrder);
  if (dates.firstBad >= 0) {
    throw new AppError(
      'NOT_A_DATE',
      `${fileName}, row ${dates.firstBad + 2}, column "${spec.date}": "${cells[dates.firstBad]}" is not a date.`,
    );
  }
  let last = -Infinity;
  for (const d of dates.days) if (d > last) last = d;
  let reference = last + 1;
  if (spec.reference) {
    const parsed = readDates([spec.reference], () => false, 'ymd');
    if (parsed.firstBad >= 0)
      throw new AppError('NOT_A_DATE', `The reference date "${spec.reference}" is not a date (use YYYY-MM-DD).`);
    reference = parsed.days[0];
  }
  const categories = category
    ? [...new Set(Array.from({ length: rowCount }, (_, r) => text(category.values[r])).filter(Boolean))].sort()
    : [];
  interface Acc {
    last: number;
    count: number;
    total: number;
    quantity: number;
    byCategory: number[];
  }
  const customers = new Map<string, Acc>();
  const withoutCustomer = { count: 0, first: [] as number[] };
  const amounts = amount.values;
  for (let r = 0; r < rowCount; r++) {
    const key = text(id.values[r]);
    if (key.trim() === '') {
      if (withoutCustomer.first.length < 10) withoutCustomer.first.push(r);
      withoutCustomer.count++;
      continue;
    }
    let acc = customers.get(key);
    if (!acc) {
      acc = {
        last: -Infinity,
        count: 0,
        total: 0,
        quantity: 0,
        byCategory: new Array<number>(categories.length).fill(0),
      };
      customers.set(key, acc);
    }
    const value = Number.isNaN(amounts[r]) ? 0 : amounts[r];
    acc.count++;
    acc.total += value;
    if (dates.days[r] > acc.last) acc.last = dates.days[r];
    if (quantity) {
      const q = (quantity.values as Float64Array)[r];
      if (!Number.isNaN(q)) acc.quantity += q;
    }
    if (category) {
      const c = categories.indexOf(text(category.values[r]));
      if (c >= 0) acc.byCategory[c] += value;
    }
  }
  const keys = [...customers.keys()];
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
      keys.map((k) => (customers.get(k) as Acc).count),
      'purchases',
    ),
    numeric(
      'monetary',
      keys.map((k) => (customers.get(k) as Acc).total),
      `total ${spec.amount}`,
    ),
  ];
  if (quantity)
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
        `${spec.amount}_${name}`,
        keys.map((k) => (customers.get(k) as Acc).byCategory[c]),
        `total ${spec.amount} in ${name}`,
      ),
    ),
  );
  return {
    columns: out,
    rowCount: keys.length,
    withoutCustomer,
    note: `${rowCount - withoutCustomer.count} transactions of ${keys.length} customers${withoutCustomer.count > 0 ? ` (${withoutCustomer.count} lines without a customer left out)` : ''}; dates ${dates.order} (${dates.evidence}); recency to ${isoDay(reference)}`,
  };
}

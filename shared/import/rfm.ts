/**
 * A transaction log (invoice lines) into one row per customer with RFM — recency in days before a
 * reference date, frequency (distinct invoices, or distinct purchase days without an invoice
 * column: never invoice lines), monetary (the total of the line amounts: an amount column, or
 * quantity × unit price) — plus total quantity and the amount per category. Cancellations (an
 * invoice starting with "C", a negative quantity or amount) are left out by default, or netted.
 * As the analysts' notebooks compute it (scripts/rfm-reference.py checks it against pandas).
 */
import { isoDay, type DateOrder } from './dates';
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

/** A log cell as the aggregator reads it: blank (null, NaN) as "", a number as JavaScript writes it. */
export const cellText = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v;

/** A transaction log made into customers: their table, and every line accounted for. */
export interface AggregatedLog {
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
}

/**
 * A string kept for long (a customer's key, an invoice): copied, so that it does not keep alive the
 * big chunk of the file it was cut from (V8 keeps a slice of 13 characters or more as a view).
 */
export const detached = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1));

/** One line of a log, as the aggregator reads it. */
export interface LogLine {
  /** The first row filter the line matches, or −1. */
  filter: number;
  customer: string;
  /** Its day number (NaN when blank). */
  day: number;
  /** Its quantity (NaN without one) and amount (quantity × price, or the amount column; NaN when blank). */
  quantity: number;
  amount: number;
  invoice: string;
  category: string;
}

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

/**
 * A log's lines summed per customer, one line at a time — the same code whether the log is in
 * memory (a preview, a workbook, `assign`) or streamed from a file of any size by the worker:
 * filters first, then lines without a customer, then cancellations (left out, or netted); each
 * customer's purchases (distinct invoices or days), totals, quantity, amount per category, returns.
 */
export class LogAggregator {
  readonly filterSets: Set<string>[];
  private readonly customers = new Map<string, Acc>();
  private readonly withoutCustomer = { count: 0, first: [] as number[] };
  private readonly cancelled = { count: 0, first: [] as number[], netted: 0 };
  private readonly filtered: { column: string; values: string[]; count: number; first: number[] }[];
  // Each customer's cancellation lines (returns), whatever the policy: how many, and their value.
  private readonly returnsOf = new Map<string, { count: number; value: number }>();
  private readonly categoryIndex: Map<string, number>;
  private readonly prefix: string;
  private readonly netReturns: boolean;
  private readonly byInvoice: boolean;

  constructor(
    spec: TransactionSpec,
    private readonly categories: string[],
  ) {
    this.filterSets = (spec.exclude ?? []).map((f) => new Set(f.values.map((v) => v.trim())));
    this.filtered = (spec.exclude ?? []).map((f) => ({ column: f.column, values: f.values, count: 0, first: [] }));
    this.categoryIndex = new Map(categories.map((c, i) => [c, i]));
    this.prefix = spec.cancelPrefix ?? 'C';
    this.netReturns = spec.returns === 'net';
    this.byInvoice = spec.invoice !== undefined;
  }

  /** Line `r` (0-based, as the log counts its records). */
  add(r: number, line: LogLine): void {
    if (line.filter >= 0) {
      const filter = this.filtered[line.filter];
      filter.count++;
      if (filter.first.length < 10) filter.first.push(r);
      return;
    }
    const key = line.customer;
    if (key.trim() === '') {
      if (this.withoutCustomer.first.length < 10) this.withoutCustomer.first.push(r);
      this.withoutCustomer.count++;
      return;
    }
    const q = line.quantity;
    const value = Number.isNaN(line.amount) ? 0 : line.amount;
    const cancellation = (this.prefix !== '' && line.invoice.startsWith(this.prefix)) || q < 0 || value < 0;
    if (cancellation) {
      let returned = this.returnsOf.get(key);
      if (!returned) {
        returned = { count: 0, value: 0 };
        this.returnsOf.set(detached(key), returned);
      }
      returned.count++;
      returned.value += Math.abs(value);
    }
    if (cancellation && !this.netReturns) {
      if (this.cancelled.first.length < 10) this.cancelled.first.push(r);
      this.cancelled.count++;
      return;
    }
    let acc = this.customers.get(key);
    if (!acc) {
      const kept = detached(key);
      acc = {
        last: -Infinity,
        first: Infinity,
        purchases: new Set(),
        returnRows: [],
        total: 0,
        quantity: 0,
        byCategory: new Array<number>(this.categories.length).fill(0),
      };
      this.customers.set(kept, acc);
    }
    acc.total += value;
    if (!Number.isNaN(q)) acc.quantity += q;
    const c = this.categoryIndex.get(line.category);
    if (c !== undefined) acc.byCategory[c] += value;
    if (cancellation) {
      // Netted: it takes its amount back, but is not a purchase and does not make a customer recent.
      this.cancelled.netted++;
      acc.returnRows.push(r);
      return;
    }
    const purchase = this.byInvoice ? line.invoice : line.day;
    if (!acc.purchases.has(purchase)) acc.purchases.add(typeof purchase === 'string' ? detached(purchase) : purchase);
    if (line.day > acc.last) acc.last = line.day;
    if (line.day < acc.first) acc.first = line.day;
  }

  /** Every customer's totals and the lines' accounting. */
  summary(
    reference: number,
    dates: { order: DateOrder; evidence: string },
    lines: number,
    has: { quantities: boolean; prices: boolean },
  ): LogSummary {
    const totals: CustomerTotals[] = [];
    for (const [key, acc] of this.customers) {
      totals.push({
        key,
        last: acc.last,
        first: acc.first,
        purchases: acc.purchases.size,
        total: acc.total,
        quantity: acc.quantity,
        byCategory: acc.byCategory,
        returns: this.returnsOf.get(key) ?? { count: 0, value: 0 },
        returnRows: acc.returnRows,
      });
    }
    return {
      customers: totals,
      categories: this.categories,
      reference,
      dates,
      lines,
      withoutCustomer: this.withoutCustomer,
      cancelled: this.cancelled,
      filtered: this.filtered,
      quantities: has.quantities,
      prices: has.prices,
    };
  }
}

/** One customer's totals over the lines of a log (in memory, or summed by SQL in the store). */
export interface CustomerTotals {
  key: string;
  /** Days of the last and first purchase (−Infinity / Infinity without one). */
  last: number;
  first: number;
  /** Distinct invoices (or purchase days) among the purchases. */
  purchases: number;
  total: number;
  quantity: number;
  byCategory: number[];
  /** The customer's cancellation lines (returns), whatever the policy. */
  returns: { count: number; value: number };
  /** Its netted cancellation lines (0-based), counted as left out when it has no purchase. */
  returnRows: number[];
}

/** Every customer's totals and the lines' accounting: what the customers' table is made of. */
export interface LogSummary {
  /** In the order of their first line that counts (their row order in the table). */
  customers: CustomerTotals[];
  categories: string[];
  /** The reference day (a day number), NaN for the default: the day after the last purchase. */
  reference: number;
  dates: { order: DateOrder; evidence: string };
  lines: number;
  withoutCustomer: { count: number; first: number[] };
  cancelled: { count: number; first: number[]; netted: number };
  filtered: { column: string; values: string[]; count: number; first: number[] }[];
  quantities: boolean;
  prices: boolean;
}

/**
 * The customers' table from their totals: recency, frequency, monetary, tenure, order value,
 * returns, the quintile scores and groups, quantity and the amount per category, with notes.
 */
export function customersTable(spec: TransactionSpec, summary: LogSummary): AggregatedLog {
  const { withoutCustomer, categories, dates } = summary;
  const cancelled = { ...summary.cancelled, first: [...summary.cancelled.first] };
  const netReturns = spec.returns === 'net';
  const invoice = spec.invoice !== undefined;
  let reference = summary.reference;
  // By default recency counts to the day after the last purchase kept (as analysts' notebooks do).
  if (Number.isNaN(reference)) {
    let last = -Infinity;
    for (const c of summary.customers) if (c.purchases > 0 && c.last > last) last = c.last;
    reference = last + 1;
  }
  // A customer whose every line was a netted cancellation has no purchase: no recency to give.
  // Their lines are left out and counted with the cancellations, never dropped unsaid.
  const kept: CustomerTotals[] = [];
  for (const c of summary.customers) {
    if (c.purchases > 0) kept.push(c);
    else {
      cancelled.netted -= c.returnRows.length;
      cancelled.count += c.returnRows.length;
      for (const r of c.returnRows) if (cancelled.first.length < 10) cancelled.first.push(r);
    }
  }
  cancelled.first.sort((a, b) => a - b);
  const keys = kept.map((c) => c.key);
  const filters = summary.filtered;
  const filtered = filters.reduce((sum, f) => sum + f.count, 0);
  const amountName = summary.prices ? 'amount' : (spec.amount as string);
  const amountWords = summary.prices ? `${spec.quantity} × ${spec.price}` : (spec.amount as string);
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
      kept.map((c) => reference - c.last),
      `days before ${isoDay(reference)}`,
    ),
    numeric(
      'frequency',
      kept.map((c) => c.purchases),
      invoice ? `distinct invoices ("${spec.invoice}")` : 'distinct purchase days (no invoice column chosen)',
    ),
    numeric(
      'monetary',
      kept.map((c) => c.total),
      `total ${amountWords}${netReturns ? ', cancellations netted' : ''}`,
    ),
    numeric(
      'tenure_days',
      kept.map((c) => reference - c.first),
      `days from the first purchase to ${isoDay(reference)}`,
    ),
    numeric(
      'average_order_value',
      kept.map((c) => c.total / c.purchases),
      `monetary / frequency`,
    ),
    numeric(
      'returns_count',
      kept.map((c) => c.returns.count),
      `cancellation lines (${netReturns ? 'netted' : 'left out of monetary'})`,
    ),
    numeric(
      'returns_value',
      kept.map((c) => c.returns.value),
      `value of the cancellation lines (${netReturns ? 'netted' : 'left out of monetary'})`,
    ),
  ];
  // The classic quintile scores and named groups (ties by customer id, as pandas over an id-sorted table).
  const r = quintileScores(
    kept.map((c) => reference - c.last),
    keys,
    true,
  );
  const f = quintileScores(
    kept.map((c) => c.purchases),
    keys,
  );
  const m = quintileScores(
    kept.map((c) => c.total),
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
  if (summary.quantities) {
    out.push(
      numeric(
        'quantity',
        kept.map((c) => c.quantity),
        `total ${spec.quantity}`,
      ),
    );
  }
  categories.forEach((name, ci) =>
    out.push(
      numeric(
        `${amountName}_${name}`,
        kept.map((c) => c.byCategory[ci]),
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
    filtered: filters,
    note:
      `${summary.lines - withoutCustomer.count - cancelled.count - filtered} transaction lines of ${keys.length} customers` +
      filters
        .filter((fl) => fl.count > 0)
        .map((fl) => ` (${fl.count} lines with "${fl.column}" ${fl.values.map((v) => `"${v}"`).join(', ')} left out)`)
        .join('') +
      `${withoutCustomer.count > 0 ? ` (${withoutCustomer.count} lines without a customer left out)` : ''}` +
      `${cancelled.count > 0 ? `; ${cancelled.count} cancellation lines left out` : ''}` +
      `${cancelled.netted > 0 ? `; ${cancelled.netted} cancellation lines netted against purchases` : ''}` +
      `; frequency = ${invoice ? 'distinct invoices' : 'distinct purchase days'}; dates ${dates.order} (${dates.evidence}); recency to ${isoDay(reference)}`,
  };
}

import { AppError } from '../errors';
import type { ImportAccount, ImportSkip } from '../domain';

/** Row numbers kept per reason: enough to find them in the file. */
export const ROWS_LISTED = 10;

/** A tally of skipped records with the first row numbers. */
export class SkipTally {
  count = 0;
  readonly rows: number[] = [];
  add(row: number): void {
    this.count++;
    if (this.rows.length < ROWS_LISTED) this.rows.push(row);
  }
}

/** The tally of one reason an account already holds (to build an account on top of it). */
export function skipTally(account: ImportAccount, reason: ImportSkip['reason']): SkipTally {
  const tally = new SkipTally();
  const skip = account.skipped.find((s) => s.reason === reason);
  if (skip) {
    tally.count = skip.count;
    tally.rows.push(...skip.rows);
  }
  return tally;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export interface AccountParts {
  records: number;
  stored: number;
  blank?: SkipTally;
  wrongFieldCount?: SkipTally;
  /** Rows dropped by cleaning, and the columns set to "drop rows with blanks". */
  dropped?: { count: number; rows: number[]; columns: string[] };
  noCustomer?: SkipTally & { column?: string };
  /** Cancellation lines of a transaction log, left out. */
  cancelled?: SkipTally;
  /** Transaction lines left out by each row filter (e.g. StockCode POST). */
  filtered?: (SkipTally & { column: string; values: string[] })[];
  /** Cancellations were netted: those left out are of customers with no purchase. */
  cancelledNetted?: boolean;
  transactions?: { lines: number; customers: number };
  notes?: string[];
}

/**
 * What the import did with every record, checked: records = stored (or transaction lines) + skips,
 * and a transaction log's customers − rows dropped by cleaning = stored. A mismatch is a bug that
 * would lose rows silently, so it stops the import.
 */
export function importAccount(fileName: string, parts: AccountParts): ImportAccount {
  const skipped: ImportSkip[] = [];
  if (parts.blank && parts.blank.count > 0) {
    skipped.push({
      reason: 'blank',
      message: `${plural(parts.blank.count, 'blank row', 'blank rows')} (no value in any column) left out`,
      count: parts.blank.count,
      rows: parts.blank.rows,
    });
  }
  if (parts.wrongFieldCount && parts.wrongFieldCount.count > 0) {
    skipped.push({
      reason: 'wrong-field-count',
      message:
        `${plural(parts.wrongFieldCount.count, 'row', 'rows')} with the wrong number of fields left out, as chosen ` +
        '(fix them in the file to keep them)',
      count: parts.wrongFieldCount.count,
      rows: parts.wrongFieldCount.rows,
    });
  }
  if (parts.noCustomer && parts.noCustomer.count > 0) {
    skipped.push({
      reason: 'no-customer',
      message:
        `${plural(parts.noCustomer.count, 'transaction line', 'transaction lines')} without a customer` +
        `${parts.noCustomer.column ? ` ("${parts.noCustomer.column}" blank)` : ''} left out: they belong to no customer`,
      count: parts.noCustomer.count,
      rows: parts.noCustomer.rows,
    });
  }
  for (const filter of parts.filtered ?? []) {
    if (filter.count === 0) continue;
    skipped.push({
      reason: 'filtered',
      message:
        `${plural(filter.count, 'transaction line', 'transaction lines')} with "${filter.column}" ` +
        `${filter.values.map((v) => `"${v}"`).join(', ')} left out, as chosen (a row filter: not purchases)`,
      count: filter.count,
      rows: filter.rows,
    });
  }
  if (parts.cancelled && parts.cancelled.count > 0) {
    skipped.push({
      reason: 'cancelled',
      message: parts.cancelledNetted
        ? `${plural(parts.cancelled.count, 'cancellation line', 'cancellation lines')} (returns) of customers with no purchase left out: there is nothing to net them against`
        : `${plural(parts.cancelled.count, 'cancellation line', 'cancellation lines')} (returns) left out (to net them against purchases instead: --returns net, or the wizard's choice)`,
      count: parts.cancelled.count,
      rows: parts.cancelled.rows,
    });
  }
  if (parts.dropped && parts.dropped.count > 0)
    skipped.push(droppedSkip(parts.dropped, parts.transactions !== undefined));
  return checked(fileName, {
    records: parts.records,
    stored: parts.stored,
    skipped,
    notes: parts.notes ?? [],
    ...(parts.transactions ? { transactions: parts.transactions } : {}),
  });
}

function droppedSkip(dropped: NonNullable<AccountParts['dropped']>, customers: boolean): ImportSkip {
  return {
    reason: 'blank-dropped',
    message:
      `${plural(dropped.count, customers ? 'customer' : 'row', customers ? 'customers' : 'rows')} ` +
      `with a blank in ${dropped.columns.map((c) => `"${c}"`).join(', ')} dropped, as chosen in cleaning`,
    count: dropped.count,
    rows: dropped.rows,
  };
}

/** An account with the rows (or a log's customers) that cleaning dropped, checked again. */
export function accountWithDropped(
  fileName: string,
  account: ImportAccount,
  dropped: NonNullable<AccountParts['dropped']>,
): ImportAccount {
  if (dropped.count === 0) return account;
  return checked(fileName, {
    ...account,
    stored: account.stored - dropped.count,
    skipped: [...account.skipped, droppedSkip(dropped, account.transactions !== undefined)],
  });
}

/** The account, if it adds up. */
function checked(fileName: string, account: ImportAccount): ImportAccount {
  const { skipped } = account;
  const lineSkips = skipped.filter((s) => s.reason !== 'blank-dropped').reduce((sum, s) => sum + s.count, 0);
  const dropped = skipped.filter((s) => s.reason === 'blank-dropped').reduce((sum, s) => sum + s.count, 0);
  const adds = account.transactions
    ? account.records === account.transactions.lines + lineSkips &&
      account.transactions.customers - dropped === account.stored
    : account.records === account.stored + lineSkips + dropped;
  if (!adds) {
    throw new AppError(
      'ROWS_UNACCOUNTED',
      `${fileName}: the import does not account for every row (${account.records} records, ${account.stored} stored, ` +
        `${lineSkips + dropped} left out). Nothing was imported; please report this file.`,
    );
  }
  return account;
}

/** One line a person reads: "5 records: 4 stored, 1 blank row left out". */
export function accountSentence(account: ImportAccount): string {
  const head = account.transactions
    ? `${plural(account.records, 'record', 'records')}: ${plural(account.transactions.lines, 'transaction line', 'transaction lines')} made ${plural(account.transactions.customers, 'customer', 'customers')}, ${plural(account.stored, 'row', 'rows')} stored`
    : `${plural(account.records, 'record', 'records')}: ${plural(account.stored, 'row', 'rows')} stored`;
  return [
    head,
    ...account.skipped.map(
      (s) =>
        s.message + (s.rows.length > 0 ? ` (rows ${s.rows.join(', ')}${s.count > s.rows.length ? ', …' : ''})` : ''),
    ),
  ].join('; ');
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The sentence and the notes, as people read them: "3 records: 3 rows stored. Row 1 above the header …". */
export function accountText(account: ImportAccount): string {
  return [accountSentence(account), ...account.notes].map(capitalised).join('. ') + '.';
}

/**
 * The file rows of records (0-based, in the order read) when the rows left out before them are
 * all known (`skippedRows`: every blank or ragged row's number); null when some are not listed,
 * so no row number is ever guessed.
 */
export function recordRows(records: number[], firstRecordRow: number, skippedRows: number[] | null): number[] | null {
  if (skippedRows === null) return null;
  const skipped = [...skippedRows].sort((a, b) => a - b);
  return [...records]
    .sort((a, b) => a - b)
    .map((record) => {
      let row = firstRecordRow + record;
      for (const s of skipped) if (s <= row) row++;
      return row;
    });
}

import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportStreamData, StreamedTable } from '../../../shared/worker/messages';
import {
  cleanTable,
  columnsTransformed,
  deriveWithSteps,
  keptRows,
  type TableColumn,
} from '../../../shared/import/transform';
import { STREAM_BATCH_ROWS } from './reader';
import { accountWithDropped, ROWS_LISTED } from '../../../shared/import/account';
import type { ImportAccount } from '../../../shared/domain';
import type { Pass, Progress, Sink } from './passes';

type Schema = Extract<ImportStreamData, { type: 'schema' }>['columns'];

/**
 * The recipe's cleaning and derived columns, streamed, in two passes over what the reader (or a
 * transaction log's stage) gives. The first keeps whole only the columns those steps read, and
 * learns and applies them there (`cleanTable`, `deriveWithSteps`); the second passes every column
 * again and sends each kept row with its cleaned and derived values. Memory grows with the columns
 * being cleaned (8 bytes a number), not with the file. Without such steps it is one pass.
 */
export async function withSteps(
  fileName: string,
  pass: Pass,
  options: ImportOptions,
  sink: Sink,
  progress: Progress,
  /** The rows are a transaction log's customers: rows cleaning drops have no row in the file. */
  { fromLog }: { fromLog: boolean },
): Promise<StreamedTable> {
  const cleaning = options.clean ?? {};
  const derived = options.derive ?? [];
  const involved = columnsTransformed(cleaning, derived);
  if (involved.size === 0) return pass(sink, progress);

  // Pass 1: the involved columns, whole.
  let schema: Schema = [];
  let kept: number[] = [];
  const whole: (number | string | null)[][] = [];
  const table = await pass(
    (data) => {
      if (data.type === 'schema') {
        // A derived column may not take the name of any of the file's columns (nor of one made before it).
        for (const feature of derived) {
          if (data.columns.some((c) => c.name === feature.name)) {
            throw new AppError(
              'DUPLICATE_COLUMN',
              `Derived feature "${feature.name}": a column with that name exists.`,
            );
          }
        }
        schema = data.columns;
        kept = schema.flatMap((c, j) => (involved.has(c.name) ? [j] : []));
        for (const j of kept) whole[j] = [];
        return;
      }
      for (const j of kept) {
        const target = whole[j];
        const values = data.columns[j];
        for (let i = 0; i < data.rows; i++) target.push(values[i]);
      }
    },
    (fraction, message) => progress(fraction / 2, message),
  );
  const columns: TableColumn[] = kept.map((j) => ({
    ...table.columns[j],
    values: schema[j].numeric ? Float64Array.from(whole[j] as number[]) : (whole[j] as (string | null)[]),
  }));
  whole.length = 0;
  const keep = keptRows(columns, table.rowCount, cleaning);
  const cleaned = cleanTable(fileName, columns, table.rowCount, cleaning);
  const { columns: finished, steps: derivedSteps } = deriveWithSteps(cleaned.columns, cleaned.rowCount, derived);
  const byName = new Map(finished.map((c) => [c.name, c]));
  const added = finished.slice(cleaned.columns.length);

  // The stored table: the file's columns in their order (cleaned where asked), then the derived ones.
  // Then the file's values of the columns cleaning changed (exports write them), from the file itself.
  const out: { name: string; numeric: boolean; from: number | TableColumn; original?: boolean }[] = [
    ...schema.map((c, j) => {
      const replaced = kept.includes(j) ? byName.get(c.name) : undefined;
      return replaced
        ? { name: c.name, numeric: replaced.values instanceof Float64Array, from: replaced }
        : { name: c.name, numeric: c.numeric, from: j };
    }),
    ...added.map((c) => ({ name: c.name, numeric: true, from: c })),
    ...schema.flatMap((c, j) =>
      kept.includes(j) && byName.get(c.name)?.original
        ? [{ name: c.name, numeric: c.numeric, from: j, original: true }]
        : [],
    ),
  ];
  sink({
    type: 'schema',
    columns: out.map(({ name, numeric, original }) => ({ name, numeric, ...(original ? { original } : {}) })),
  });

  // Pass 2: every column again; kept rows only, with the cleaned and derived values.
  let row = 0;
  let keptIndex = 0;
  let batch = newBatch(out);
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    sink({
      type: 'batch',
      rows: size,
      columns: batch.map((c) => (c instanceof Float64Array ? c.subarray(0, size) : c)),
    });
    batch = newBatch(out);
    size = 0;
  };
  await pass(
    (data) => {
      if (data.type === 'schema') return;
      // Per output column: where its values come from (this batch's column, or the whole one).
      const sources = out.map((column) =>
        typeof column.from === 'number'
          ? { batch: data.columns[column.from], whole: null }
          : { batch: null, whole: column.from.values },
      );
      for (let i = 0; i < data.rows; i++, row++) {
        if (keep[row] === 0) continue;
        for (let o = 0; o < sources.length; o++) {
          const { batch: part, whole: all } = sources[o];
          const value = part ? part[i] : (all as ArrayLike<number | string | null>)[keptIndex];
          const target = batch[o];
          if (target instanceof Float64Array) target[size] = value as number;
          else target.push(value as string | null);
        }
        keptIndex++;
        size++;
        if (size === STREAM_BATCH_ROWS) flush();
      }
    },
    (fraction, message) => progress(0.5 + fraction / 2, message),
  );
  flush();
  return {
    ...table,
    account:
      table.account &&
      withDropped(fileName, table.account, keep, cleaning, fromLog ? null : (table.firstRecordRow ?? 2)),
    rowCount: cleaned.rowCount,
    dropped: cleaned.dropped,
    steps: [...(table.steps ?? []), ...cleaned.steps, ...derivedSteps],
    columns: out.flatMap((column) => {
      if (column.original) return [];
      if (typeof column.from === 'number') return table.columns[column.from];
      const { name, kind, missing, note } = column.from;
      return { name, kind, missing, ...(note !== undefined ? { note } : {}) };
    }),
  };
}

/**
 * The first pass's account with the rows cleaning dropped. Their row numbers are exact when every
 * record skipped before them is listed (a customer's row is then the first record's row, plus its
 * position, plus the skipped rows above it); otherwise, and for customers made from a log (no row
 * of theirs is in the file: `firstRecordRow` null), only their count is given.
 */
function withDropped(
  fileName: string,
  account: ImportAccount,
  keep: Uint8Array,
  cleaning: NonNullable<ImportOptions['clean']>,
  firstRecordRow: number | null,
): ImportAccount {
  const count = keep.length - keep.reduce((a, b) => a + b, 0);
  if (count === 0) return account;
  const allListed = firstRecordRow !== null && account.skipped.every((s) => s.rows.length === s.count);
  const skippedRows = account.skipped.flatMap((s) => s.rows).sort((a, b) => a - b);
  const rows: number[] = [];
  for (
    let r = 0, row = firstRecordRow ?? 0, k = 0;
    allListed && r < keep.length && rows.length < ROWS_LISTED;
    r++, row++
  ) {
    while (k < skippedRows.length && skippedRows[k] <= row) {
      if (skippedRows[k] === row) row++;
      k++;
    }
    if (keep[r] === 0) rows.push(row);
  }
  return accountWithDropped(fileName, account, {
    count,
    rows,
    columns: Object.entries(cleaning)
      .filter(([, c]) => c.missing === 'drop')
      .map(([name]) => name),
  });
}

function newBatch(out: { numeric: boolean }[]): (Float64Array | (string | null)[])[] {
  return out.map((c) => (c.numeric ? new Float64Array(STREAM_BATCH_ROWS) : []));
}

import type { ImportOptions } from '../../../shared/import/options';
import type { ImportStreamData, ImportStreamResult, StreamSource } from '../../../shared/worker/messages';
import {
  cleanTable,
  columnsTransformed,
  deriveWithSteps,
  keptRows,
  type TableColumn,
} from '../../../shared/import/transform';
import { STREAM_BATCH_ROWS, streamCsv } from './streamCsv';
import { importAccount, ROWS_LISTED, skipTally } from '../../../shared/import/account';
import type { ImportAccount } from '../../../shared/domain';

type Schema = Extract<ImportStreamData, { type: 'schema' }>['columns'];

/**
 * A streamed import with the wizard's cleaning and derived columns, in two passes over the file.
 * The first keeps whole only the columns those steps read, and applies them exactly as the
 * whole-table reader does (`cleanTable`, `deriveColumns`); the second streams every column again
 * and sends each kept row with its cleaned and derived values. Memory grows with the columns
 * being cleaned (8 bytes a number), not with the file. Without such steps it is one pass.
 */
export async function streamTransformed(
  fileName: string,
  source: StreamSource,
  options: ImportOptions,
  sink: (data: ImportStreamData) => void,
  progress: (fraction: number, message: string) => void = () => {},
  retry: Parameters<typeof streamCsv>[5] = {},
  ready: () => Promise<void> = () => Promise.resolve(),
): Promise<ImportStreamResult> {
  const cleaning = options.clean ?? {};
  const derived = options.derive ?? [];
  const involved = columnsTransformed(cleaning, derived);
  if (involved.size === 0) return streamCsv(fileName, source, options, sink, progress, retry, ready);

  // Pass 1: the involved columns, whole.
  let schema: Schema = [];
  let kept: number[] = [];
  const whole: (number | string | null)[][] = [];
  const first = await streamCsv(
    fileName,
    source,
    options,
    (data) => {
      if (data.type === 'schema') {
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
    retry,
    ready,
  );
  if (!first.table) return first;
  const table = first.table;
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
  const second = await streamCsv(
    fileName,
    source,
    options,
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
    retry,
    ready,
  );
  if (!second.table) return second;
  flush();
  return {
    table: {
      ...table,
      account: table.account && withDropped(fileName, table.account, keep, cleaning, table.firstRecordRow ?? 2),
      rowCount: cleaned.rowCount,
      dropped: cleaned.dropped,
      steps: [...cleaned.steps, ...derivedSteps],
      columns: out.flatMap((column) => {
        if (column.original) return [];
        if (typeof column.from === 'number') return table.columns[column.from];
        const { name, kind, missing, note } = column.from;
        return { name, kind, missing, ...(note !== undefined ? { note } : {}) };
      }),
    },
  };
}

/**
 * The first pass's account with the rows cleaning dropped. Their row numbers are exact when every
 * record skipped before them is listed (a customer's row is then the first record's row, plus its
 * position, plus the skipped rows above it); otherwise only their count is given.
 */
function withDropped(
  fileName: string,
  account: ImportAccount,
  keep: Uint8Array,
  cleaning: NonNullable<ImportOptions['clean']>,
  firstRecordRow: number,
): ImportAccount {
  const count = keep.length - keep.reduce((a, b) => a + b, 0);
  if (count === 0) return account;
  const allListed = account.skipped.every((s) => s.rows.length === s.count);
  const skippedRows = account.skipped.flatMap((s) => s.rows).sort((a, b) => a - b);
  const rows: number[] = [];
  for (let r = 0, row = firstRecordRow, k = 0; allListed && r < keep.length && rows.length < ROWS_LISTED; r++, row++) {
    while (k < skippedRows.length && skippedRows[k] <= row) {
      if (skippedRows[k] === row) row++;
      k++;
    }
    if (keep[r] === 0) rows.push(row);
  }
  return importAccount(fileName, {
    records: account.records,
    stored: account.stored - count,
    blank: skipTally(account, 'blank'),
    wrongFieldCount: skipTally(account, 'wrong-field-count'),
    dropped: {
      count,
      rows,
      columns: Object.entries(cleaning)
        .filter(([, c]) => c.missing === 'drop')
        .map(([name]) => name),
    },
    notes: account.notes,
  });
}

function newBatch(out: { numeric: boolean }[]): (Float64Array | (string | null)[])[] {
  return out.map((c) => (c.numeric ? new Float64Array(STREAM_BATCH_ROWS) : []));
}

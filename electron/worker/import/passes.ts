/**
 * Passes over a table, the pipeline's building blocks (see pipeline.ts): the reader's pass taken
 * again when a late row changes a column's type, its batches by column, a table in memory as a pass.
 */
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ImportStreamData, ParsedTable, StreamedTable } from '../../../shared/worker/messages';
import { readPass, type ReadSource } from './reader';
import { tableBatches, withoutValues } from '../../../shared/import/table';

export type Progress = (fraction: number, message: string) => void;
export type Sink = (data: ImportStreamData) => void;
/** Corrections for a pass taken again, and the reader's test settings (see `readPass`). */
export type Retry = NonNullable<Parameters<typeof readPass>[5]>;

/** A batch's cells of one column: numbers for a numeric column, texts for the others. */
export type Cells = Float64Array | (string | null)[];

/** A stage's input: one pass over a table, sending its schema and batches to the sink. */
export type Pass = (sink: Sink, progress: Progress) => Promise<StreamedTable>;

/**
 * One reading pass, taken again when a late row changes a column's type or the file's encoding
 * (the sink then sees a new schema and starts over). Returns the table and what the pass that
 * succeeded read with, so a second pass over the same file reads it the same way at once.
 */
export async function readAll(
  fileName: string,
  source: ReadSource,
  options: ImportOptions,
  sink: Sink,
  progress: Progress,
  retry: Retry = {},
  ready: () => Promise<void> = () => Promise.resolve(),
): Promise<{ table: StreamedTable; options: ImportOptions; retry: Retry }> {
  let read = options;
  let corrections = retry;
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await readPass(fileName, source, read, sink, progress, corrections, ready);
    if (result.table) return { table: result.table, options: read, retry: corrections };
    progress(0, "Reading the file again: a later row changed a column's type");
    read = { ...read, encoding: result.retry.encoding ?? read.encoding };
    corrections = { ...corrections, notNumeric: result.retry.notNumeric };
  }
  throw new AppError('IMPORT_FAILED', `${fileName} could not be read consistently; please report this file.`);
}

/**
 * Reading passes whose batches go to `take` (column names, cells, rows, the first row's position):
 * what the transaction log's stage reads with.
 */
export function readBatches(
  fileName: string,
  source: ReadSource,
  options: ImportOptions,
  retry: Retry,
  take: (names: string[], columns: Cells[], rows: number, first: number) => void,
  progress: Progress,
  ready: () => Promise<void>,
) {
  let names: string[] = [];
  let record = 0;
  return readAll(
    fileName,
    source,
    options,
    (data) => {
      if (data.type === 'schema') {
        names = data.columns.map((c) => c.name);
        record = 0;
        return;
      }
      take(names, data.columns, data.rows, record);
      record += data.rows;
    },
    progress,
    retry,
    ready,
  );
}

/** A table held in memory as a pass (a transaction log's customers go on to the cleaning this way). */
export function tablePass(table: ParsedTable): Pass {
  return async (sink) => {
    sink({
      type: 'schema',
      columns: table.columns.map((c) => ({ name: c.name, numeric: c.values instanceof Float64Array })),
    });
    for (const batch of tableBatches(
      table.columns.map((c) => c.values),
      table.rowCount,
    ))
      sink(batch);
    return withoutValues(table);
  };
}

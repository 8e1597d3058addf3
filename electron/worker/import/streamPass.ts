import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ParsedTable, StreamedTable, StreamSource } from '../../../shared/worker/messages';
import { streamCsv } from './streamCsv';

/** A batch's cells of one column: numbers for a numeric column, texts for the others. */
export type Cells = Float64Array | (string | null)[];

/** One streamed pass; a late row that changes a column's type takes the pass again, as imports do. */
export async function streamPass(
  fileName: string,
  source: StreamSource,
  options: ImportOptions,
  retry: { notNumeric?: string[]; only?: string[]; noDistinct?: boolean },
  take: (names: string[], columns: Cells[], rows: number, first: number) => void,
  progress: (fraction: number, message: string) => void,
  ready: () => Promise<void>,
): Promise<{ table: StreamedTable; retry: { notNumeric?: string[] }; options: ImportOptions }> {
  let read = options;
  let corrections = retry;
  for (let attempt = 0; attempt < 3; attempt++) {
    let names: string[] = [];
    let record = 0;
    const result = await streamCsv(
      fileName,
      source,
      read,
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
      corrections,
      ready,
    );
    if (result.table) return { table: result.table, retry: corrections, options: read };
    read = { ...read, encoding: result.retry.encoding ?? read.encoding };
    corrections = { ...corrections, notNumeric: result.retry.notNumeric };
  }
  throw new AppError('IMPORT_FAILED', `${fileName} could not be read consistently; please report this file.`);
}

/**
 * A delimited file read whole by the streaming import's reader (its kinds, numbers, dates, account
 * and errors — the same as an import of the file), its columns gathered as they stream: what
 * `assign` reads a raw file with. Numbers grow in doubling arrays, 8 bytes a value.
 */
export async function readStreamedTable(
  fileName: string,
  source: StreamSource,
  options: ImportOptions,
  progress: (fraction: number, message: string) => void = () => {},
): Promise<ParsedTable> {
  let numbers: Float64Array[] = [];
  let texts: (string | null)[][] = [];
  let numeric: boolean[] = [];
  let rows = 0;
  const { table } = await streamPass(
    fileName,
    source,
    options,
    {},
    (_names, columns, count, first) => {
      // A pass taken again starts over.
      if (first === 0) {
        numbers = columns.map((c) =>
          c instanceof Float64Array ? new Float64Array(Math.max(count, 1024)) : new Float64Array(0),
        );
        texts = columns.map(() => []);
        numeric = columns.map((c) => c instanceof Float64Array);
      }
      columns.forEach((cells, j) => {
        if (cells instanceof Float64Array) {
          if (first + count > numbers[j].length) {
            const grown = new Float64Array(Math.max(first + count, numbers[j].length * 2));
            grown.set(numbers[j].subarray(0, first));
            numbers[j] = grown;
          }
          numbers[j].set(cells, first);
        } else for (const cell of cells) texts[j].push(cell);
      });
      rows = first + count;
    },
    progress,
    () => Promise.resolve(),
  );
  if (rows !== table.rowCount)
    throw new AppError('INTERNAL', `${fileName}: ${rows} rows gathered of ${table.rowCount}.`);
  const { columns, ...rest } = table as StreamedTable;
  return {
    ...rest,
    columns: columns.map((c, j) => ({
      ...c,
      values: numeric[j] ? numbers[j].slice(0, rows) : (texts[j] ?? (c.kind === 'numeric' ? new Float64Array(0) : [])),
    })),
  };
}

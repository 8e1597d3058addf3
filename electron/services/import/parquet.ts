/**
 * Parquet files (hyparquet: pure JavaScript, no native parts): read a row group at a time into the
 * same table reader workbooks use, with each column's kind taken from the file's schema — numbers
 * stay numbers, dates and timestamps are dates — and labelled customers written as Parquet
 * (hyparquet-writer), numbers as DOUBLE and text as UTF-8 strings.
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ParsedTable } from '../../../shared/worker/messages';
import { tableFromRows, type ParseProgress } from './parseCsv';

/** A Parquet file: "PAR1" at its start. */
export const isParquet = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;

const NUMERIC = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE', 'INT96']);

function cell(value: unknown, date: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return date ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export async function readParquet(
  fileName: string,
  bytes: Uint8Array,
  progress: ParseProgress,
  options: ImportOptions,
): Promise<ParsedTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new AppError(
      'BINARY_FILE',
      `${fileName} could not be read as a Parquet file (${(error as Error).message}): it may be damaged or cut short.`,
    );
  }
  const fields = parquetSchema(metadata).children.map((child) => child.element);
  const names = fields.map((f) => f.name);
  const isDate = fields.map(
    (f) =>
      f.converted_type === 'DATE' ||
      f.logical_type?.type === 'DATE' ||
      f.converted_type?.startsWith('TIMESTAMP') === true ||
      f.logical_type?.type === 'TIMESTAMP',
  );
  // Kinds from the schema (the user's choices win): numbers are numbers, dates are dates.
  const kinds: NonNullable<ImportOptions['kinds']> = {};
  fields.forEach((f, j) => {
    if (isDate[j]) kinds[f.name] = 'date';
    else if (f.type && NUMERIC.has(f.type)) kinds[f.name] = 'numeric';
  });
  const rows: string[][] = [names];
  const total = Number(metadata.num_rows);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    await parquetRead({
      file: buffer,
      rowStart: start,
      rowEnd: end,
      rowFormat: 'array',
      onComplete: (data: unknown[][]) => {
        for (const row of data) rows.push(row.map((v, j) => cell(v, isDate[j])));
      },
    });
    start = end;
    progress(total > 0 ? start / total : 1, `Read ${start.toLocaleString('en')} of ${total.toLocaleString('en')} rows`);
  }
  const table = tableFromRows(fileName, rows, 'parquet', progress, {
    ...options,
    kinds: { ...kinds, ...options.kinds },
  });
  return { ...table, delimiter: 'parquet' };
}

/** Labelled customers as a Parquet file: numbers as DOUBLE (blank: null), anything else as text. */
export function parquetBytes(header: string[], rows: (string | number | null)[][]): Uint8Array {
  const columnData = header.map((name, j) => {
    const numeric = rows.every((r) => r[j] === null || typeof r[j] === 'number');
    return numeric
      ? { name, type: 'DOUBLE' as const, data: rows.map((r) => r[j] as number | null) }
      : { name, type: 'STRING' as const, data: rows.map((r) => (r[j] === null ? null : String(r[j]))) };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/**
 * Files whose structure is not a stream of lines — an Excel workbook, a Parquet file — read into
 * rows of cells (text, as a delimited file's are), which the one reader (`readPass`) then reads
 * exactly as it reads a delimited file's rows: the same header and title rows, the same kinds,
 * numbers, dates, account and errors.
 */
import readExcelFile from 'read-excel-file/node';
import { strFromU8, unzipSync } from 'fflate';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import { columnLetters } from '../../services/export/xlsxStream';
import { isParquet, isWorkbook } from '../../../shared/import/fileKind';
import { blankRow } from './lines';

export interface SheetRows {
  /** The table's name in messages: the file, and the sheet read. */
  label: string;
  /** How the table was written: "Excel sheet" or "parquet". */
  format: 'Excel sheet' | 'parquet';
  /** Every row, blank ones included (numbered as the sheet numbers them), as wide as the widest. */
  rows: string[][];
  /** A workbook's sheets, and the one read. */
  sheets?: string[];
  sheet?: string;
  /** Kinds the file itself declares (a Parquet schema); the user's choices win over them. */
  kinds?: NonNullable<ImportOptions['kinds']>;
  /** Notes on columns by their header cell's position (a workbook's formulas never calculated). */
  columnNotes: Map<number, string>;
  /** Notes for the import's account. */
  notes: string[];
}

/** Whether the file is read as rows of a sheet (a workbook or a Parquet file) rather than as text. */
export const isSheetFile = (fileName: string, bytes: Uint8Array): boolean =>
  isWorkbook(fileName, bytes) || isParquet(bytes);

export async function sheetRows(
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions,
  progress: (fraction: number, message: string) => void,
): Promise<SheetRows> {
  return isParquet(bytes) ? parquetRows(fileName, bytes, progress) : workbookRows(fileName, bytes, options, progress);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A loop, not Math.max(...): a spread of 100,000 rows overflows the call stack. */
function padded(rows: string[][]): string[][] {
  let width = 0;
  for (const row of rows) if (row.length > width) width = row.length;
  return rows.map((r) => (r.length < width ? [...r, ...new Array<string>(width - r.length).fill('')] : r));
}

/**
 * An Excel workbook (.xlsx): the sheet chosen, or the first that looks like a table; Excel dates
 * become ISO dates. Errors name the file and what to do.
 */
async function workbookRows(
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions,
  progress: (fraction: number, message: string) => void,
): Promise<SheetRows> {
  progress(0, `Opening the workbook ${fileName}`);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readExcelFile(Buffer.from(bytes))) as { sheet: string; data: unknown[][] }[];
  } catch (error) {
    throw new AppError(
      'XLSX_UNREADABLE',
      `${fileName} could not be read as an Excel workbook (${(error as Error).message}). It may be damaged, ` +
        'cut short or password-protected: open it in Excel, save it again (without a password), and retry.',
    );
  }
  if (sheets.length === 0) throw new AppError('XLSX_EMPTY', `${fileName} has no sheets.`);
  const names = sheets.map((s) => s.sheet);
  // Without a choice: the first sheet that looks like a table (a first row of two or more cells).
  const tabular = sheets.find((s) => {
    const first = s.data.find((row) => row.some((cell) => cellText(cell).trim() !== ''));
    return (first ?? []).filter((cell) => cellText(cell).trim() !== '').length >= 2;
  });
  const chosen = options.sheet === undefined ? (tabular ?? sheets[0]) : sheets.find((s) => s.sheet === options.sheet);
  if (!chosen) {
    throw new AppError(
      'SHEET_NOT_FOUND',
      `${fileName} has no sheet "${options.sheet}". Its sheets: ${names.join(', ')}.`,
    );
  }
  const rows = padded(chosen.data.map((row) => row.map(cellText)));
  if (!rows.some((row) => !blankRow(row))) {
    throw new AppError('FILE_EMPTY', `${fileName}, sheet "${chosen.sheet}" is empty.`);
  }
  // Formulas the workbook never calculated are read as blanks: say so, column by column.
  const columnNotes = new Map<number, string>();
  const notes: string[] = [];
  const headerRow = rows.find((row) => !blankRow(row)) ?? [];
  for (const [column, found] of formulasWithoutValues(bytes, names.indexOf(chosen.sheet))) {
    const name = headerRow[column]?.trim() ?? '';
    const words =
      `${found.count} formula cell${found.count === 1 ? '' : 's'} that Excel never calculated (first in row ${found.firstRow}), ` +
      'read as blank: open the workbook in Excel, let it calculate, save it and import it again';
    columnNotes.set(column, words);
    notes.push(`column ${columnLetters(column)}${name ? ` ("${name}")` : ''}: ${words}`);
  }
  return {
    label: `${fileName} (sheet "${chosen.sheet}")`,
    format: 'Excel sheet',
    rows,
    sheets: names,
    sheet: chosen.sheet,
    columnNotes,
    notes,
  };
}

/**
 * Cells of a workbook's sheet (by position) that hold a formula but no cached value, by column
 * (0 = A): what a program that writes formulas without calculating them leaves, and what every
 * reader (read-excel-file included) sees as blank. Read from the sheet's XML.
 */
export function formulasWithoutValues(
  bytes: Uint8Array,
  sheetIndex: number,
): Map<number, { count: number; firstRow: number }> {
  const found = new Map<number, { count: number; firstRow: number }>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'xl/workbook.xml' || f.name.startsWith('xl/_rels/') || f.name.startsWith('xl/worksheets/sheet'),
    });
  } catch {
    return found;
  }
  const workbook = files['xl/workbook.xml'] ? strFromU8(files['xl/workbook.xml']) : '';
  const ids = [...workbook.matchAll(/<sheet\b[^>]*\br:id="([^"]+)"/g)].map((m) => m[1]);
  const rels = files['xl/_rels/workbook.xml.rels'] ? strFromU8(files['xl/_rels/workbook.xml.rels']) : '';
  const target =
    new RegExp(`<Relationship\\b[^>]*Id="${ids[sheetIndex] ?? '-'}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${ids[sheetIndex] ?? '-'}"`).exec(rels)?.[1];
  const path = target
    ? `xl/${target.replace(/^\/?xl\//, '').replace(/^\//, '')}`
    : `xl/worksheets/sheet${sheetIndex + 1}.xml`;
  if (!files[path]) return found;
  const sheet = strFromU8(files[path]);
  for (const cell of sheet.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const inner = cell[2] ?? '';
    if (!inner.includes('<f') || /<v>[^<]/.test(inner) || inner.includes('<is>')) continue;
    const ref = /\br="([A-Z]+)(\d+)"/.exec(cell[1]);
    if (!ref) continue;
    let column = 0;
    for (const letter of ref[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
    const entry = found.get(column - 1) ?? { count: 0, firstRow: Number(ref[2]) };
    entry.count++;
    found.set(column - 1, entry);
  }
  return found;
}

const NUMERIC = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE', 'INT96']);

function parquetCell(value: unknown, date: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return date ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * A Parquet file (hyparquet: pure JavaScript, no native parts), a row group at a time, with each
 * column's kind taken from the file's schema — numbers stay numbers, dates and timestamps are dates.
 */
async function parquetRows(
  fileName: string,
  bytes: Uint8Array,
  progress: (fraction: number, message: string) => void,
): Promise<SheetRows> {
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
  const isDate = fields.map(
    (f) =>
      f.converted_type === 'DATE' ||
      f.logical_type?.type === 'DATE' ||
      f.converted_type?.startsWith('TIMESTAMP') === true ||
      f.logical_type?.type === 'TIMESTAMP',
  );
  const kinds: NonNullable<ImportOptions['kinds']> = {};
  fields.forEach((f, j) => {
    if (isDate[j]) kinds[f.name] = 'date';
    else if (f.type && NUMERIC.has(f.type)) kinds[f.name] = 'numeric';
  });
  const rows: string[][] = [fields.map((f) => f.name)];
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
        for (const row of data) rows.push(row.map((v, j) => parquetCell(v, isDate[j])));
      },
    });
    start = end;
    progress(total > 0 ? start / total : 1, `Read ${start.toLocaleString('en')} of ${total.toLocaleString('en')} rows`);
  }
  return { label: fileName, format: 'parquet', rows, kinds, columnNotes: new Map(), notes: [] };
}

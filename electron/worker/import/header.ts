import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import { isMissing } from './columnKinds';
import { parseNumber } from './numbers';
import { blankRow } from './lines';

/**
 * Finding a table's header: whether the first row is one, title rows above it, names made unique
 * and not too long, and the checks every reader makes (no customers, one column, too many).
 */

/** Longest column name kept (longer ones are shortened, and the column's note says so). */
export const COLUMN_NAME_LIMIT = 120;

const shortened = (name: string): string =>
  name.length <= COLUMN_NAME_LIMIT
    ? name
    : `${Array.from(name)
        .slice(0, COLUMN_NAME_LIMIT - 1)
        .join('')}…`;

export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = shortened(h.trim()) || `Column ${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

const numberLike = (cell: string): boolean =>
  !isMissing(cell) && (!Number.isNaN(parseNumber(cell, '.')) || !Number.isNaN(parseNumber(cell, ',')));

/**
 * Whether the first row is a header: it is not when one of its cells is a number in a column whose
 * next rows are numbers too (a file that starts with a customer). Otherwise it is.
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length < 2) return true;
  const sample = rows.slice(1, 51);
  return !rows[0].some(
    (cell, j) => numberLike(cell) && sample.every((row) => isMissing(row[j] ?? '') || numberLike(row[j] ?? '')),
  );
}

/** A repeated header is renamed "spend (2)", a very long one shortened; its evidence says so. */
export function headerNote(raw: string | undefined, name: string, note?: string): string | undefined {
  const original = (raw ?? '').trim();
  if (original === '' || original === name) return note;
  const why =
    original.length > COLUMN_NAME_LIMIT
      ? `the file names this column with ${original.length.toLocaleString('en')} characters, so it is shortened to the first ${COLUMN_NAME_LIMIT}`
      : `"${original}" repeats in the header, so this column is called "${name}"`;
  return `${why}${note ? `; ${note}` : ''}`;
}

/** Most columns a file may have (wider tables are exports of everything, not customer tables). */
export const MAX_COLUMNS = 1000;

export function tooManyColumns(fileName: string, count: number): AppError {
  return new AppError(
    'TOO_MANY_COLUMNS',
    `${fileName} has ${count.toLocaleString('en')} columns; Segment Studio reads at most ${MAX_COLUMNS.toLocaleString('en')}. ` +
      'Keep the columns you need (delete the others in Excel) and save it again.',
  );
}

const filledCells = (row: readonly string[]): number => row.reduce((n, cell) => n + (cell.trim() === '' ? 0 : 1), 0);

/**
 * Title rows above the header (an export's "Customer list, March 2024" and the like): the leading
 * rows that fill one cell, or have fewer fields than the table's rows. Up to 10; none when the
 * table is narrower than three columns.
 */
export function titleRowsAbove(rows: readonly string[][]): number {
  let width = 0;
  const lengths = new Map<number, number>();
  for (const row of rows.slice(0, 30)) {
    width = Math.max(width, filledCells(row));
    lengths.set(row.length, (lengths.get(row.length) ?? 0) + 1);
  }
  if (width < 3) return 0;
  // The table's usual number of fields (a title line in a CSV has fewer, even with a comma in it).
  const fields = [...lengths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  // One filled cell (a title, a date line), or fewer fields than the table's rows (a CSV title line,
  // even with a comma in it). A header with blank names still fills more than one cell and has the
  // table's number of fields, so it is never taken for a title.
  const title = (row: readonly string[]) => filledCells(row) <= 1 || (row.length < fields && filledCells(row) < width);
  let k = 0;
  while (k < Math.min(10, rows.length - 2) && title(rows[k])) k++;
  return k;
}

/**
 * Where the header is among the non-blank rows (numbered as the file numbers them): the row the
 * user chose (`options.headerRow`), or below any title rows; 0 without a header.
 */
export function headerIndex(fileName: string, rows: string[][], rowNumbers: number[], options: ImportOptions): number {
  if (options.header === false) return 0;
  if (options.headerRow !== undefined) {
    const at = rowNumbers.indexOf(options.headerRow);
    if (at < 0) {
      throw new AppError(
        'HEADER_ROW_BLANK',
        `${fileName}: row ${options.headerRow} is blank or past the end, so it cannot be the header. Choose another row.`,
      );
    }
    return at;
  }
  return titleRowsAbove(rows);
}

/** What the rows above the header were, for the import's notes. */
export function titleNote(rows: string[][], rowNumbers: number[], count: number): string {
  const first = rows[0]
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '')
    .join(', ');
  return `${count === 1 ? 'row' : 'rows'} ${rowNumbers.slice(0, count).join(', ')} above the header left out as a title ("${first.slice(0, 60)}")`;
}

/**
 * The header (detected unless chosen; blank names become "Column N", repeats "name (2)") of rows
 * read from a file, with the checks every reader makes: no customers, one column, too many.
 */
export function readHeader(
  fileName: string,
  rows: string[][],
  options: ImportOptions,
): { hasHeader: boolean; header: string[] } {
  const hasHeader = options.header ?? detectHeader(rows);
  const width = rows[0]?.length ?? 0;
  const header = hasHeader ? uniqueHeaders(rows[0] ?? []) : Array.from({ length: width }, (_, j) => `Column ${j + 1}`);
  if (header.length > MAX_COLUMNS) throw tooManyColumns(fileName, header.length);
  if (rows.length <= (hasHeader ? 1 : 0)) {
    throw new AppError('NO_ROWS', `${fileName} has a header row but no customers.`);
  }
  if (header.length < 2) {
    throw new AppError(
      'CSV_ONE_COLUMN',
      `${fileName}: only one column was found ("${header[0]}"). Is the file separated by something other than , ; tab or |?`,
    );
  }
  return { hasHeader, header };
}

/**
 * Where a table starts in the rows read from a file: the non-blank rows with each one's number in
 * the file, title rows above the header taken off (and described for the import's notes).
 */
export function tableStart(
  fileName: string,
  fileRows: string[][],
  options: ImportOptions,
): { rows: string[][]; rowNumbers: number[]; titles: string | null } {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  fileRows.forEach((row, i) => {
    if (!blankRow(row)) {
      rows.push(row);
      rowNumbers.push(i + 1);
    }
  });
  if (rows.length === 0) throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
  const count = headerIndex(fileName, rows, rowNumbers, options);
  if (count === 0) return { rows, rowNumbers, titles: null };
  const titles = titleNote(rows, rowNumbers, count);
  return { rows: rows.slice(count), rowNumbers: rowNumbers.slice(count), titles };
}

import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { FileSource, ParsedColumn, ParsedTable } from '../../../shared/worker/messages';
import type { ImportOptions } from '../../../shared/import/options';
import { decodeText } from './decode';
import { inferColumn, isMissing } from './columnKinds';
import { parseNumber } from './numbers';
import { cleanTable, deriveColumns, type TableColumn } from '../../../shared/import/transform';
import { transactionsToCustomers } from '../../../shared/import/rfm';
import { DATE_ORDER_WORDS, isoDay, readDates } from '../../../shared/import/dates';

export type ParseProgress = (fraction: number, message: string) => void;

export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Read a delimited text file (comma, semicolon, tab or pipe, detected by papaparse) whose first
 * row is the header, into typed columns. Errors name the file, the row (1 = the header) and,
 * where it applies, the column.
 */
export function parseCsv(
  fileName: string,
  content: string,
  progress: ParseProgress = () => {},
  options: ImportOptions = {},
): ParsedTable {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '') throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
  progress(0, `Reading ${fileName}`);
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimiter: options.delimiter ?? '',
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new AppError(
      'CSV_MALFORMED',
      `${fileName}, row ${(quoteError.row ?? 0) + 1}: ${quoteError.message.toLowerCase()} (a quoted field is not closed).`,
    );
  }
  return tableFromRows(fileName, parsed.data, parsed.meta.delimiter, progress, options);
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

/** A repeated header is renamed "spend (2)"; its evidence says so. */
export function headerNote(raw: string | undefined, name: string, note?: string): string | undefined {
  const original = (raw ?? '').trim();
  if (original === '' || original === name) return note;
  return `"${original}" repeats in the header, so this column is called "${name}"${note ? `; ${note}` : ''}`;
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

/** Rows whose number of fields differs from the header's: the first few, and what to do. */
export function raggedRowsError(fileName: string, rows: number[], width: number, hasHeader: boolean): AppError {
  const listed = rows.slice(0, 5);
  return new AppError(
    'CSV_RAGGED',
    `${fileName}: ${listed.length === 1 ? `row ${listed[0]} does` : `rows ${listed.join(', ')}${rows.length > 5 ? ' and more' : ''} do`} not have ${width} fields ` +
      `(as in ${hasHeader ? 'the header' : 'the first row'}). Fix ${listed.length === 1 ? 'it' : 'them'} in the file, ` +
      'or choose "Skip rows with the wrong number of fields".',
  );
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

/** A cell of a column the user set to numbers or dates that is not one: file, row, column, and what to do. */
export function wrongCellError(
  fileName: string,
  row: number,
  column: string,
  cell: string,
  kind: 'number' | 'date',
): AppError {
  return new AppError(
    kind === 'number' ? 'NOT_A_NUMBER' : 'NOT_A_DATE',
    `${fileName}, row ${row}, column "${column}": "${cell.trim().slice(0, 40)}" is not a ${kind}. ` +
      'Choose another kind for this column, or fix the cell.',
  );
}

/**
 * Rows of cells (from a CSV file or an Excel sheet) into typed columns, with the wizard's choices
 * (header row, kinds, cleaning, derived features) applied.
 */
export function tableFromRows(
  fileName: string,
  rows: string[][],
  delimiter: string,
  progress: ParseProgress,
  options: ImportOptions,
): ParsedTable {
  const parsed = { meta: { delimiter } };
  const { hasHeader, header } = readHeader(fileName, rows, options);
  const first = hasHeader ? 1 : 0;
  const ragged: number[] = [];
  for (let r = first; r < rows.length && ragged.length <= 5; r++) {
    if (rows[r].length !== header.length) ragged.push(r + 1);
  }
  let skipped = 0;
  if (ragged.length > 0) {
    if (!options.skipRagged) throw raggedRowsError(fileName, ragged, header.length, hasHeader);
    const kept = rows.filter((row, r) => r < first || row.length === header.length);
    skipped = rows.length - kept.length;
    rows = kept;
    if (rows.length <= first) throw new AppError('NO_ROWS', `${fileName}: no row has ${header.length} fields.`);
  }
  progress(0.5, 'Recognising column types');
  const rowCount = rows.length - first;
  const marks = new Set<string>();
  const columns: ParsedColumn[] = [];
  header.forEach((name, j) => {
    const chosen = options.kinds?.[name];
    if (chosen === 'ignore') return;
    const cells = new Array<string>(rowCount);
    let missing = 0;
    for (let r = 0; r < rowCount; r++) {
      const cell = rows[r + first][j];
      cells[r] = cell;
      if (isMissing(cell)) missing++;
    }
    const inferred = inferColumn(
      name,
      cells,
      first + 1,
      parsed.meta.delimiter === ';',
      options.decimal,
      options.dateOrder,
    );
    let kind = chosen ?? inferred.kind;
    let numbers = inferred.numbers;
    let note = inferred.note;
    if (kind === 'numeric' && !numbers) {
      // The user says it is a number column: every non-blank cell must read as one.
      const mark = options.decimal ?? (parsed.meta.delimiter === ';' ? ',' : '.');
      numbers = new Float64Array(rowCount);
      for (let r = 0; r < rowCount; r++) {
        const cell = cells[r];
        numbers[r] = isMissing(cell) ? Number.NaN : parseNumber(cell, mark);
        if (!isMissing(cell) && Number.isNaN(numbers[r]))
          throw wrongCellError(fileName, r + first + 1, name, cell, 'number');
      }
      note = `set to numeric; ${rowCount - missing} numbers, ${missing} blank`;
    } else if (chosen && chosen !== 'numeric') {
      numbers = undefined;
      if (chosen !== inferred.kind) note = `set to ${chosen}${inferred.note ? `; ${inferred.note}` : ''}`;
      kind = chosen;
    }
    if (kind === 'numeric' && inferred.mark) marks.add(inferred.mark);
    let values: ParsedColumn['values'] =
      kind === 'numeric' && numbers ? numbers : cells.map((c) => (isMissing(c) ? null : c.trim()));
    // A transaction log's date column is read by the RFM step itself (with its own order and evidence).
    if (kind === 'date' && name !== options.transactions?.date) {
      // Stored as ISO days (2024-03-31), whatever the file wrote.
      let days = inferred.dates?.days;
      if (!days) {
        // Set to dates by the user: every cell must be one.
        const reading = readDates(cells, isMissing, options.dateOrder);
        if (reading.firstBad >= 0) {
          throw wrongCellError(fileName, reading.firstBad + first + 1, name, cells[reading.firstBad], 'date');
        }
        note = `set to date; ${DATE_ORDER_WORDS[reading.order]}`;
        days = reading.days;
      }
      values = Array.from(days, (d) => (Number.isNaN(d) ? null : isoDay(d)));
    }
    columns.push({ name, kind, missing, note: hasHeader ? headerNote(rows[0][j], name, note) : note, values });
  });
  if (columns.length === 0) throw new AppError('NO_COLUMNS', `${fileName}: every column is ignored.`);
  const finished = applyTransforms(fileName, columns, rowCount, options);
  progress(1, `${finished.rowCount} customers, ${finished.columns.length} columns`);
  return {
    rowCount: finished.rowCount,
    dropped: finished.dropped,
    skipped,
    transactions: finished.transactions,
    delimiter: DELIMITER_NAMES[parsed.meta.delimiter] ?? parsed.meta.delimiter,
    delimiterChar: parsed.meta.delimiter,
    decimal: options.decimal ?? (marks.has(',') ? ',' : '.'),
    header: hasHeader,
    columns: finished.columns as ParsedColumn[],
  };
}

/** The wizard's cleaning, then its derived features (see shared/import/transform.ts). */
export function applyTransforms(fileName: string, columns: ParsedColumn[], rowCount: number, options: ImportOptions) {
  let result = { columns: columns as TableColumn[], rowCount, dropped: 0 };
  let transactions: string | undefined;
  if (options.transactions) {
    const customers = transactionsToCustomers(fileName, result.columns, rowCount, options.transactions);
    result = { columns: customers.columns, rowCount: customers.rowCount, dropped: 0 };
    transactions = customers.note;
  }
  if (options.clean && Object.keys(options.clean).length > 0) {
    result = cleanTable(fileName, result.columns, rowCount, options.clean);
  }
  if (options.derive && options.derive.length > 0) {
    result = { ...result, columns: deriveColumns(result.columns, result.rowCount, options.derive) };
  }
  return { ...result, transactions };
}

/** Read a file given as text or bytes (bytes are decoded by `decodeText`, or as the options say). */
export function readCsv(
  fileName: string,
  source: FileSource,
  progress: ParseProgress = () => {},
  options: ImportOptions = {},
): ParsedTable {
  if ('text' in source) return parseCsv(fileName, source.text, progress, options);
  const { text, encoding } = decodeText(source.bytes, fileName, options.encoding);
  return { ...parseCsv(fileName, text, progress, options), encoding };
}

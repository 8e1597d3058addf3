import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { FileSource, ParsedColumn, ParsedTable } from '../../../shared/worker/messages';
import type { ImportOptions } from '../../../shared/import/options';
import { decodeText } from './decode';
import { inferColumn, isMissing } from './columnKinds';
import { isOverflow, parseNumber } from './numbers';
import { cleanTable, deriveColumns, keptRows, type TableColumn } from '../../../shared/import/transform';
import { importAccount, ROWS_LISTED, SkipTally } from '../../../shared/import/account';
import { transactionsToCustomers } from '../../../shared/import/rfm';
import { DATE_ORDER_WORDS, isoDay, readDates } from '../../../shared/import/dates';
import { QuoteProblem, quoteError, RecordScanner } from './quotes';

export type ParseProgress = (fraction: number, message: string) => void;

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
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '') throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
  if (carriageReturnLines(text)) text = text.replace(/\r/g, '\n');
  progress(0, `Reading ${fileName}`);
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const literal = options.quotes === 'literal';
  try {
    new RecordScanner(delimiter, literal).boundary(text, true);
  } catch (error) {
    if (error instanceof QuoteProblem) {
      const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0));
      const header = options.header === false ? null : literalRows(firstLine, delimiter)[0];
      throw quoteError(fileName, error, header ?? null);
    }
    throw error;
  }
  if (literal) {
    const rows = literalRows(text, delimiter, true);
    return tableFromRows(fileName, rows, delimiter, progress, options, ['quotes read as ordinary characters']);
  }
  // Blank lines are kept here so that rows are numbered as in the file and counted as left out.
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter });
  const lastRow = parsed.data.at(-1);
  if (lastRow && lastRow.length === 1 && lastRow[0] === '' && /\n$/.test(text)) parsed.data.pop();
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) {
    // The scanner has refused every malformed quote; papaparse disagreeing would be a bug, never a silent loss.
    throw new AppError(
      'CSV_MALFORMED',
      `${fileName}, near row ${(quote.row ?? 0) + 1}: ${quote.message.toLowerCase()}. Fix the quote in the file, or ` +
        'choose "Read quotes as ordinary characters" (--quotes literal).',
    );
  }
  return tableFromRows(fileName, parsed.data, delimiter, progress, options);
}

/**
 * Lines ended by a carriage return alone (old Mac exports, some Excel for Mac "CSV" files): read as
 * line breaks. Decided on the start of the text: no line feed in it, but carriage returns.
 */
export function carriageReturnLines(text: string): boolean {
  const head = text.slice(0, 1 << 16);
  return head.indexOf('\n') < 0 && head.indexOf('\r') >= 0;
}

/** The separator of delimited text (, ; tab |), as papaparse guesses it from the first rows. */
export function guessDelimiter(text: string): string {
  const head = text.slice(0, 1 << 20);
  return (
    Papa.parse<string[]>(head, { preview: 200, delimitersToGuess: [',', ';', '\t', '|'], skipEmptyLines: true }).meta
      .delimiter || ','
  );
}

/**
 * Lines split at the separator with every quote kept as a character (the "read quotes literally"
 * choice); empty lines are left out unless `keepBlank` (then they are rows of one empty cell).
 */
export function literalRows(text: string, delimiter: string, keepBlank = false): string[][] {
  const rows: string[][] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const record = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (record !== '' || keepBlank) rows.push(record.split(delimiter));
  }
  return rows;
}

/** A row of blank cells (a blank line, or only separators), which every reader leaves out and counts. */
export function blankRow(row: readonly string[]): boolean {
  const first = row[0] ?? '';
  if (first.length > 0 && first.charCodeAt(0) > 32) return false;
  return row.every((cell) => cell.trim() === '');
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

const filledCells = (row: readonly string[]): number => row.reduce((n, cell) => n + (cell.trim() === '' ? 0 : 1), 0);

/**
 * Title rows above the header (an export's "Customer list, March 2024" and the like): the leading
 * rows that fill at most half as many cells as the widest of the first rows, or have fewer fields
 * than the table's rows. Up to 10; none when the table is narrower than three columns.
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
  const title = (row: readonly string[]) =>
    filledCells(row) <= Math.floor(width / 2) || (row.length < fields && filledCells(row) < width);
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

/** A cell of a column the user set to numbers or dates that is not one: file, row, column, and what to do. */
export function wrongCellError(
  fileName: string,
  row: number,
  column: string,
  cell: string,
  kind: 'number' | 'date',
): AppError {
  if (isOverflow(cell)) return overflowError(fileName, row, column, cell);
  return new AppError(
    kind === 'number' ? 'NOT_A_NUMBER' : 'NOT_A_DATE',
    `${fileName}, row ${row}, column "${column}": "${cell.trim().slice(0, 40)}" is not a ${kind}. ` +
      'Choose another kind for this column, or fix the cell.',
  );
}

/** A number too large to hold: never stored as infinity, never taken for text. */
export function overflowError(fileName: string, row: number, column: string, cell: string): AppError {
  return new AppError(
    'NUMBER_OVERFLOW',
    `${fileName}, row ${row}, column "${column}": "${cell.trim().slice(0, 40)}" is too large a number to hold ` +
      '(beyond ±1.8 × 10^308). Nothing was imported. Fix the cell (a typing error or a broken export), or leave the column out.',
  );
}

/**
 * Rows of cells (from a CSV file or an Excel sheet) into typed columns, with the wizard's choices
 * (header row, kinds, cleaning, derived features) applied.
 */
export function tableFromRows(
  fileName: string,
  fileRows: string[][],
  delimiter: string,
  progress: ParseProgress,
  options: ImportOptions,
  notes: string[] = [],
): ParsedTable {
  const parsed = { meta: { delimiter } };
  // Blank rows are left out and counted; `rowNumbers` keeps each remaining row's number in the file.
  let rows: string[][] = [];
  let rowNumbers: number[] = [];
  fileRows.forEach((row, i) => {
    if (!blankRow(row)) {
      rows.push(row);
      rowNumbers.push(i + 1);
    }
  });
  if (rows.length === 0) throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
  const titles = headerIndex(fileName, rows, rowNumbers, options);
  if (titles > 0) {
    notes = [...notes, titleNote(rows, rowNumbers, titles)];
    rows = rows.slice(titles);
    rowNumbers = rowNumbers.slice(titles);
  }
  const { hasHeader, header } = readHeader(fileName, rows, options);
  const first = hasHeader ? 1 : 0;
  // Records start after the header (blank rows above it are not records).
  const firstRecord = hasHeader ? rowNumbers[0] : 0;
  const records = fileRows.length - firstRecord;
  const blank = new SkipTally();
  for (let i = firstRecord; i < fileRows.length; i++) if (blankRow(fileRows[i])) blank.add(i + 1);
  const ragged: number[] = [];
  for (let r = first; r < rows.length && ragged.length <= 5; r++) {
    if (rows[r].length !== header.length) ragged.push(rowNumbers[r]);
  }
  const wrongFieldCount = new SkipTally();
  if (ragged.length > 0) {
    if (!options.skipRagged) throw raggedRowsError(fileName, ragged, header.length, hasHeader);
    const keptRows: string[][] = [];
    const keptNumbers: number[] = [];
    rows.forEach((row, r) => {
      if (r < first || row.length === header.length) {
        keptRows.push(row);
        keptNumbers.push(rowNumbers[r]);
      } else wrongFieldCount.add(rowNumbers[r]);
    });
    rows = keptRows;
    rowNumbers = keptNumbers;
    if (rows.length <= first) throw new AppError('NO_ROWS', `${fileName}: no row has ${header.length} fields.`);
  }
  const skipped = wrongFieldCount.count;
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
      else if (isOverflow(cell)) throw overflowError(fileName, rowNumbers[r + first], name, cell);
    }
    const inferred = inferColumn(
      name,
      cells,
      rowNumbers[first] ?? first + 1,
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
          throw wrongCellError(fileName, rowNumbers[r + first], name, cell, 'number');
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
          throw wrongCellError(fileName, rowNumbers[reading.firstBad + first], name, cells[reading.firstBad], 'date');
        }
        note = `set to date; ${DATE_ORDER_WORDS[reading.order]}`;
        days = reading.days;
      }
      values = Array.from(days, (d) => (Number.isNaN(d) ? null : isoDay(d)));
    }
    columns.push({ name, kind, missing, note: hasHeader ? headerNote(rows[0][j], name, note) : note, values });
  });
  if (columns.length === 0) throw new AppError('NO_COLUMNS', `${fileName}: every column is ignored.`);
  const finished = applyTransforms(fileName, columns, rowCount, options, rowNumbers.slice(first));
  progress(1, `${finished.rowCount} customers, ${finished.columns.length} columns`);
  const account = importAccount(fileName, {
    records,
    stored: finished.rowCount,
    blank,
    wrongFieldCount,
    dropped: finished.droppedRows,
    noCustomer: finished.noCustomer,
    transactions:
      finished.customersMade === undefined
        ? undefined
        : { lines: rowCount - (finished.noCustomer?.count ?? 0), customers: finished.customersMade },
    notes,
  });
  return {
    account,
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

/**
 * The wizard's cleaning, then its derived features (see shared/import/transform.ts); with
 * `rowNumbers` (each row's number in the file), the rows cleaning drops are named by them.
 */
export function applyTransforms(
  fileName: string,
  columns: ParsedColumn[],
  rowCount: number,
  options: ImportOptions,
  rowNumbers?: number[],
) {
  let result = { columns: columns as TableColumn[], rowCount, dropped: 0 };
  let transactions: string | undefined;
  let noCustomer: (SkipTally & { column?: string }) | undefined;
  let customersMade: number | undefined;
  if (options.transactions) {
    const customers = transactionsToCustomers(fileName, result.columns, rowCount, options.transactions);
    result = { columns: customers.columns, rowCount: customers.rowCount, dropped: 0 };
    transactions = customers.note;
    customersMade = customers.rowCount;
    noCustomer = Object.assign(new SkipTally(), { column: options.transactions.customer });
    noCustomer.count = customers.withoutCustomer.count;
    noCustomer.rows.push(...customers.withoutCustomer.first.map((r) => rowNumbers?.[r] ?? r + 1));
  }
  let droppedRows: { count: number; rows: number[]; columns: string[] } | undefined;
  if (options.clean && Object.keys(options.clean).length > 0) {
    const dropColumns = Object.entries(options.clean)
      .filter(([, c]) => c.missing === 'drop')
      .map(([name]) => name);
    const keep = dropColumns.length > 0 ? keptRows(result.columns, result.rowCount, options.clean) : null;
    result = cleanTable(fileName, result.columns, result.rowCount, options.clean);
    if (keep && result.dropped > 0) {
      const rows: number[] = [];
      // Customers made from a transaction log have no row in the file.
      for (let r = 0; r < keep.length && rows.length < ROWS_LISTED && !options.transactions; r++) {
        if (keep[r] === 0) rows.push(rowNumbers?.[r] ?? r + 1);
      }
      droppedRows = { count: result.dropped, rows, columns: dropColumns };
    }
  }
  if (options.derive && options.derive.length > 0) {
    result = { ...result, columns: deriveColumns(result.columns, result.rowCount, options.derive) };
  }
  return { ...result, transactions, noCustomer, customersMade, droppedRows };
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

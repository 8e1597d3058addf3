import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { FileSource, ParsedColumn, ParsedTable } from '../../../shared/worker/messages';
import { delimiterName, type ImportOptions } from '../../../shared/import/options';
import { decodeText } from './decode';
import { inferColumn, isMissing } from './columnKinds';
import { isOverflow, parseNumber } from './numbers';
import { cleanTable, deriveWithSteps, keptRows, type TableColumn } from '../../../shared/import/transform';
import type { RecipeStep } from '../../../shared/import/recipe';
import { importAccount, ROWS_LISTED, SkipTally } from '../../../shared/import/account';
import { transactionsToCustomers } from '../../../shared/import/rfm';
import { DATE_ORDER_WORDS, isoDay, readDates } from '../../../shared/import/dates';
import { headerNote, readHeader, tableStart } from './header';
import { blankRow, carriageReturnLines, guessDelimiter, literalRows } from './lines';
import { overflowError, raggedRowsError, wrongCellError } from './cellErrors';
import { parserQuoteError, QuoteProblem, quoteError, RecordScanner } from './quotes';

export type ParseProgress = (fraction: number, message: string) => void;

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
    throw parserQuoteError(fileName, (quote.row ?? 0) + 1, quote.message);
  }
  return tableFromRows(fileName, parsed.data, delimiter, progress, options);
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
  // Blank rows are left out (and counted below); `rowNumbers` keeps each remaining row's number in the file.
  const start = tableStart(fileName, fileRows, options);
  let { rows, rowNumbers } = start;
  if (start.titles) notes = [...notes, start.titles];
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
    progress(
      0.5 + (0.5 * j) / header.length,
      `Recognising column types: column ${j + 1} of ${header.length}, ${rowCount.toLocaleString('en')} rows`,
    );
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
    cancelled: finished.cancelled,
    filtered: finished.filtered,
    cancelledNetted: options.transactions?.returns === 'net',
    transactions:
      finished.customersMade === undefined
        ? undefined
        : {
            lines:
              rowCount -
              (finished.noCustomer?.count ?? 0) -
              (finished.cancelled?.count ?? 0) -
              (finished.filtered ?? []).reduce((sum, f) => sum + f.count, 0),
            customers: finished.customersMade,
          },
    notes,
  });
  return {
    account,
    rowCount: finished.rowCount,
    dropped: finished.dropped,
    skipped,
    transactions: finished.transactions,
    delimiter: delimiterName(parsed.meta.delimiter),
    delimiterChar: parsed.meta.delimiter,
    decimal: options.decimal ?? (marks.has(',') ? ',' : '.'),
    header: hasHeader,
    steps: finished.steps,
    // Without transforms each stored row is a record: its number in the file (the preview's account names rows).
    ...(finished.rowCount === rowCount && !options.transactions
      ? { rowNumbers: Int32Array.from(rowNumbers.slice(first)) }
      : {}),
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
  /** Each row's number in the file; null when rows are not the file's (customers made from a log). */
  rowNumbers?: number[] | null,
) {
  let result = { columns: columns as TableColumn[], rowCount, dropped: 0 };
  let transactions: string | undefined;
  let noCustomer: (SkipTally & { column?: string }) | undefined;
  let cancelled: SkipTally | undefined;
  let filtered: (SkipTally & { column: string; values: string[] })[] | undefined;
  let customersMade: number | undefined;
  const steps: RecipeStep[] = [];
  if (options.transactions) {
    const customers = transactionsToCustomers(fileName, result.columns, rowCount, options.transactions);
    result = { columns: customers.columns, rowCount: customers.rowCount, dropped: 0 };
    steps.push({
      step: 'aggregate',
      reference: customers.reference,
      dateOrder: customers.dateOrder,
      lines:
        rowCount -
        customers.withoutCustomer.count -
        customers.cancelled.count -
        customers.filtered.reduce((sum, f) => sum + f.count, 0),
      customers: customers.rowCount,
      note: customers.note,
    });
    transactions = customers.note;
    customersMade = customers.rowCount;
    noCustomer = Object.assign(new SkipTally(), { column: options.transactions.customer });
    noCustomer.count = customers.withoutCustomer.count;
    noCustomer.rows.push(...customers.withoutCustomer.first.map((r) => rowNumbers?.[r] ?? r + 1));
    cancelled = new SkipTally();
    cancelled.count = customers.cancelled.count;
    cancelled.rows.push(...customers.cancelled.first.map((r) => rowNumbers?.[r] ?? r + 1));
    filtered = customers.filtered.map((f) => {
      const tally = Object.assign(new SkipTally(), { column: f.column, values: f.values });
      tally.count = f.count;
      tally.rows.push(...f.first.map((r) => rowNumbers?.[r] ?? r + 1));
      return tally;
    });
  }
  let droppedRows: { count: number; rows: number[]; columns: string[] } | undefined;
  if (options.clean && Object.keys(options.clean).length > 0) {
    const dropColumns = Object.entries(options.clean)
      .filter(([, c]) => c.missing === 'drop')
      .map(([name]) => name);
    const keep = dropColumns.length > 0 ? keptRows(result.columns, result.rowCount, options.clean) : null;
    const cleaned = cleanTable(fileName, result.columns, result.rowCount, options.clean);
    steps.push(...cleaned.steps);
    result = cleaned;
    if (keep && result.dropped > 0) {
      const rows: number[] = [];
      // Customers made from a transaction log have no row in the file.
      for (
        let r = 0;
        r < keep.length && rows.length < ROWS_LISTED && !options.transactions && rowNumbers !== null;
        r++
      ) {
        if (keep[r] === 0) rows.push(rowNumbers?.[r] ?? r + 1);
      }
      droppedRows = { count: result.dropped, rows, columns: dropColumns };
    }
  }
  if (options.derive && options.derive.length > 0) {
    const derived = deriveWithSteps(result.columns, result.rowCount, options.derive);
    steps.push(...derived.steps);
    result = { ...result, columns: derived.columns };
  }
  return { ...result, transactions, noCustomer, cancelled, filtered, customersMade, droppedRows, steps };
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

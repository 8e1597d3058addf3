/*
 * One idea in one file, hence its length (over 300 lines): the one reader of every import reads,
 * types and sends on a table of any size in one pass — a delimited file streamed, or a sheet's rows
 * (workbook, Parquet) — and its parts (the column plan, the fast path for text without quotes,
 * papaparse for the rest, the row accounting) share the state of that one pass.
 */
import Papa from 'papaparse';
import { readRateText } from '../../../shared/progressText';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ColumnKind } from '../../../shared/domain';
import type { FileSource, ImportStreamData, ImportStreamResult, StreamSource } from '../../../shared/worker/messages';
import type { TextEncodingName } from './decode';
import type { SheetRows } from './sheets';
import { EncodingChanged, sourceSize, textOf } from './streamText';
import { inferColumn, isMissing, kindFromEvidence, zeroPadded } from './columnKinds';
import { isOverflow, parseNumberFast, plainNumber, type DecimalMark } from './numbers';
import { dateCell, isoDay, readDates, type DateOrder } from '../../../shared/import/dates';
import { delimiterName } from '../../../shared/import/options';
import { headerNote, readHeader, tableStart } from './header';
import { blankRow, carriageReturnLines, guessDelimiter, literalRows } from './lines';
import { overflowError, raggedRowsError, wrongCellError } from './cellErrors';
import { parserQuoteError, QuoteProblem, quoteError, RecordScanner } from './quotes';
import { importAccount, SkipTally } from '../../../shared/import/account';
import { DistinctCounter } from './distinct';

/** Line breaks in `text`, counting up to `limit`. */
function lineBreaks(text: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && count < limit; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Rows read before the columns' kinds are decided; later rows only confirm them. */
export const STREAM_SAMPLE_ROWS = 10_000;
/** Rows per batch sent to the store. */
export const STREAM_BATCH_ROWS = 5_000;
const READ_CHUNK_BYTES = 4 << 20;
const SLICE_CHARS = 256 << 10;
const DISTINCT_LIMIT = 1_000_000;

interface ColumnPlan {
  name: string;
  /** Position in the file's rows. */
  index: number;
  numeric: boolean;
  mark: DecimalMark;
  forced?: ColumnKind;
  sampleNote?: string;
  /** A date column: the day/month order and why; cells are stored as ISO days. */
  dates: { order: DateOrder; evidence: string } | null;
  /** The first cell of a date column that is not a date. */
  dateBad: { row: number; cell: string } | null;
  /** The kind the first rows suggest. */
  sampleKind: ColumnKind;
  decorated: boolean;
  /** Some cell is a number with leading zeros ("0042"): a code. */
  padded: boolean;
  missing: number;
  present: number;
  hashes?: DistinctCounter;
  firstBad: { row: number; cell: string } | null;
}

/** What one pass reads: a delimited file (its path, bytes or text), or a sheet's rows. */
export type ReadSource = StreamSource | FileSource | { sheet: SheetRows };

/**
 * One pass over a table without holding it. A delimited file is read in 4 MB chunks, decoded and
 * parsed as a stream (papaparse, or a fast path for lines without quotes); a sheet's rows are
 * taken as they are. The columns' kinds are decided on the first 10,000 rows, then every row is
 * converted and sent on in batches of 5,000 (`sink`). Memory stays flat in the file's size. When
 * a later row contradicts a decision (text in a column the first rows said is numeric, a byte that
 * is not UTF-8), the result asks for a second pass with the decision corrected (`readTable` in
 * pipeline.ts takes it). Errors name the file, row and column.
 */
export async function readPass(
  file: string,
  source: ReadSource,
  options: ImportOptions,
  sink: (data: ImportStreamData) => void,
  progress: (fraction: number, message: string) => void = () => {},
  /**
   * A second pass's corrections. For tests: `chunkBytes` sets the read size (records cut across
   * chunks), `sampleRows` the rows that decide the kinds, `plain: false` turns the fast path off.
   */
  retry: {
    notNumeric?: string[];
    chunkBytes?: number;
    sampleRows?: number;
    plain?: boolean;
    /** Read only these columns (a transaction log's, with their roles), the others as if ignored. */
    only?: { name: string; role: string }[];
    /** Count no distinct values (a log's text columns need no identifier-or-category decision). */
    noDistinct?: boolean;
  } = {},
  /** Resolves when the store has caught up (backpressure: the next chunk is read only then). */
  ready: () => Promise<void> = () => Promise.resolve(),
): Promise<ImportStreamResult> {
  const sheet = 'sheet' in source ? source.sheet : null;
  progress(0, `Reading ${file}`);
  // A sheet is named with the sheet read; its own kinds (a Parquet schema) give way to the user's.
  const fileName = sheet ? sheet.label : file;
  if (sheet?.kinds) options = { ...options, kinds: { ...sheet.kinds, ...options.kinds } };
  const total = sheet ? sheet.rows.length : sourceSize(fileName, source as StreamSource | FileSource);
  let read = 0;
  const started = Date.now();
  // Text handed over as text has no encoding of its own.
  let encoding: TextEncodingName | undefined = sheet || 'text' in source ? undefined : (options.encoding ?? 'UTF-8');
  const text = sheet
    ? null
    : textOf(
        fileName,
        source as StreamSource | FileSource,
        options.encoding,
        (e) => (encoding = e),
        (bytes) => (read += bytes),
        ready,
        retry.chunkBytes ?? READ_CHUNK_BYTES,
      );
  const notNumeric = new Set(retry.notNumeric ?? []);
  const sampleRows = retry.sampleRows ?? STREAM_SAMPLE_ROWS;
  const usePlain = retry.plain ?? true;

  let buffered: string[][] | null = [];
  let header: string[] = [];
  let rawHeader: string[] = [];
  let hasHeader = true;
  let plans: ColumnPlan[] = [];
  let rowNumber = 0; // rows of the file seen, header included (as the file counts them)
  let customers = 0;
  // Rows up to the header's (blank rows above it, and the header) are not records.
  let headerRow = 0;
  const blank = new SkipTally();
  const wrongFieldCount = new SkipTally();
  const ragged: number[] = [];
  // The batch being filled, per column: numbers for numeric columns, texts for the others.
  let numbers: Float64Array[] = [];
  let texts: (string | null)[][] = [];
  let batchRows = 0;
  let delimiter: string = sheet ? '' : (options.delimiter ?? ',');

  const newBatch = () => {
    numbers = plans.map((p) => new Float64Array(p.numeric ? STREAM_BATCH_ROWS : 0));
    texts = plans.map(() => []);
    batchRows = 0;
  };
  const flush = () => {
    if (batchRows === 0) return;
    sink({
      type: 'batch',
      rows: batchRows,
      columns: plans.map((p, j) => (p.numeric ? numbers[j].subarray(0, batchRows) : texts[j])),
    });
    newBatch();
  };

  const plan = (allRows: string[][]) => {
    const { rows, rowNumbers, titles } = tableStart(fileName, allRows, options);
    if (titles) notes.push(titles);
    rawHeader = rows[0];
    ({ hasHeader, header } = readHeader(fileName, rows, options));
    // Rows up to the header's (titles and blank rows above it) are not records.
    headerRow = hasHeader ? rowNumbers[0] : titles ? rowNumbers[0] - 1 : 0;
    const first = hasHeader ? 1 : 0;
    for (const { name, role } of retry.only ?? []) {
      if (!header.includes(name)) {
        const listed = header.length > 40 ? [...header.slice(0, 40), '…'] : header;
        throw new AppError(
          'UNKNOWN_COLUMN',
          `${fileName} has no column "${name}" for the ${role}. Its columns: ${listed.join(', ')}.`,
        );
      }
    }
    const sample = rows.slice(first, first + sampleRows).filter((r) => r.length === header.length);
    plans = [];
    header.forEach((name, index) => {
      const forced = options.kinds?.[name];
      if (forced === 'ignore' || (retry.only && !retry.only.some((c) => c.name === name))) return;
      const cells = sample.map((r) => r[index]);
      const inferred = inferColumn(name, cells, first + 1, delimiter === ';', options.decimal, options.dateOrder);
      const typed = inferred.kind === 'numeric' || inferred.kind === 'date';
      const kind = forced ?? (notNumeric.has(name) && typed ? 'text' : inferred.kind);
      const dateOrder =
        kind !== 'date' ? undefined : (inferred.dates?.order ?? options.dateOrder ?? readDates(cells, isMissing).order);
      plans.push({
        name,
        index,
        numeric: kind === 'numeric',
        mark: options.decimal ?? inferred.mark ?? (delimiter === ';' ? ',' : '.'),
        forced,
        sampleKind: inferred.kind,
        sampleNote: inferred.note,
        decorated: inferred.decorated ?? false,
        padded: inferred.padded ?? false,
        missing: 0,
        present: 0,
        hashes:
          kind === 'numeric' || kind === 'date' || retry.noDistinct ? undefined : new DistinctCounter(DISTINCT_LIMIT),
        firstBad: kind === 'numeric' ? null : (inferred.firstBad ?? null),
        dates: dateOrder ? { order: dateOrder, evidence: inferred.dates?.evidence ?? 'chosen' } : null,
        dateBad: null,
      });
    });
    if (plans.length === 0) throw new AppError('NO_COLUMNS', `${fileName}: every column is ignored.`);
    sink({ type: 'schema', columns: plans.map((p) => ({ name: p.name, numeric: p.numeric })) });
    newBatch();
    rowNumber = 0;
    for (const row of allRows) take(row);
  };

  /** A cell that is not what its column holds: an error if the user chose the kind, else evidence. */
  const notANumber = (column: ColumnPlan, cell: string) => {
    if (column.forced === 'numeric') throw wrongCellError(fileName, rowNumber, column.name, cell, 'number');
    column.firstBad ??= { row: rowNumber, cell };
  };
  const notADate = (column: ColumnPlan, cell: string) => {
    if (column.forced === 'date') throw wrongCellError(fileName, rowNumber, column.name, cell, 'date');
    column.dateBad ??= { row: rowNumber, cell };
  };

  /** One cell of the current row into column p of the batch. */
  const takeCell = (p: number, cell: string) => {
    const column = plans[p];
    if (column.numeric) {
      const out = numbers[p];
      if (isMissing(cell)) {
        column.missing++;
        out[batchRows] = Number.NaN;
        return;
      }
      column.present++;
      const value = parseNumberFast(cell, column.mark);
      if (value !== value) {
        if (isOverflow(cell)) throw overflowError(fileName, rowNumber, column.name, cell);
        notANumber(column, cell);
      } else if (cell.charCodeAt(0) === 48 && !column.forced && zeroPadded(cell)) {
        // A code with leading zeros after the first rows: read again as text, so no zero is lost.
        column.padded = true;
        column.firstBad ??= { row: rowNumber, cell };
      }
      out[batchRows] = value;
      return;
    }
    const out = texts[p];
    if (isMissing(cell)) {
      column.missing++;
      out.push(null);
      return;
    }
    column.present++;
    if (column.dates) {
      const day = dateCell(cell, column.dates.order);
      if (day !== day) notADate(column, cell);
      out.push(day === day ? isoDay(day) : null);
      return;
    }
    const value = cell.trim();
    if (isOverflow(value)) throw overflowError(fileName, rowNumber, column.name, cell);
    if (!column.padded && value.charCodeAt(0) === 48 && zeroPadded(value)) column.padded = true;
    // Text by a second pass's correction: its evidence is the first cell that is not a number.
    if (column.firstBad === null && !column.forced && Number.isNaN(parseNumberFast(value, column.mark))) {
      column.firstBad = { row: rowNumber, cell };
    }
    // Distinct values are counted up to a million (a customer id column stops there: memory stays flat).
    column.hashes?.add(value);
    out.push(value);
  };

  const take = (row: string[]) => {
    rowNumber++;
    if (rowNumber <= headerRow) return;
    if (blankRow(row)) {
      blank.add(rowNumber);
      return;
    }
    if (row.length !== header.length) {
      if (options.skipRagged) {
        wrongFieldCount.add(rowNumber);
        return;
      }
      ragged.push(rowNumber);
      if (ragged.length >= 5) throw raggedRowsError(fileName, ragged, header.length, hasHeader);
      return;
    }
    customers++;
    for (let p = 0; p < plans.length; p++) takeCell(p, row[plans[p].index]);
    batchRows++;
    if (batchRows === STREAM_BATCH_ROWS) flush();
  };

  // Field bounds of the current line (fast path), by column position in the file.
  let fieldStart = new Int32Array(0);
  let fieldEnd = new Int32Array(0);

  /**
   * The fast path for text without quotes (most exports): lines and fields are found by scanning
   * the characters, plain numbers are read straight from them, and only text cells become
   * strings — no row arrays, far less garbage. Every other line (a blank first field, the wrong
   * number of fields) and every cell that is not a plain number goes through \`take\` and
   * \`takeCell\`, so the result is the same as papaparse's reading (a test compares them).
   */
  const plainRows = (text: string) => {
    const width = header.length;
    if (fieldStart.length !== width) {
      fieldStart = new Int32Array(width);
      fieldEnd = new Int32Array(width);
    }
    const separator = delimiter.charCodeAt(0);
    const n = text.length;
    let at = 0;
    while (at < n) {
      let lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = n;
      const end = lineEnd > at && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      const start = at;
      at = lineEnd + 1;
      if (end === start) {
        rowNumber++;
        blank.add(rowNumber);
        continue;
      }
      let count = 0;
      let from = start;
      for (let i = start; i < end; i++) {
        if (text.charCodeAt(i) === separator) {
          if (count < width) {
            fieldStart[count] = from;
            fieldEnd[count] = i;
          }
          count++;
          from = i + 1;
        }
      }
      if (count < width) {
        fieldStart[count] = from;
        fieldEnd[count] = end;
      }
      count++;
      const first = text.charCodeAt(start);
      if (count !== width || fieldEnd[0] === start || first <= 32 || first === 160) {
        take(text.slice(start, end).split(delimiter));
        continue;
      }
      rowNumber++;
      customers++;
      for (let p = 0; p < plans.length; p++) {
        const column = plans[p];
        const s0 = fieldStart[column.index];
        const e0 = fieldEnd[column.index];
        if (column.numeric) {
          const value = plainNumber(text, s0, e0, column.mark === '.' ? 46 : 44);
          // A leading zero or minus ("0042", "-007") may be a code: `takeCell` decides, so no zero is lost.
          const lead = text.charCodeAt(s0);
          if (value === value && lead !== 48 && lead !== 45) {
            column.present++;
            numbers[p][batchRows] = value;
            continue;
          }
        }
        takeCell(p, text.slice(s0, e0));
      }
      batchRows++;
      if (batchRows === STREAM_BATCH_ROWS) flush();
    }
  };

  const rowsOf = (piece: string) => {
    let data: string[][];
    if (literal) data = literalRows(piece, delimiter, true);
    else {
      const results = Papa.parse<string[]>(piece, {
        header: false,
        // Blank rows reach \`take\`, which counts them; a piece ends with a line break, not a row.
        skipEmptyLines: false,
        delimiter,
      });
      const lastRow = results.data.at(-1);
      if (lastRow && lastRow.length === 1 && lastRow[0] === '' && /\n$/.test(piece)) results.data.pop();
      // The scanner has refused every malformed quote; papaparse disagreeing would be a bug, never a silent loss.
      const quote = results.errors.find((e) => e.type === 'Quotes');
      if (quote) {
        throw parserQuoteError(
          fileName,
          (buffered ? buffered.length : rowNumber) + (quote.row ?? 0) + 1,
          quote.message,
        );
      }
      data = results.data;
    }
    if (buffered) {
      for (const row of data) buffered.push(row);
      if (buffered.length > sampleRows) {
        const rows = buffered;
        buffered = null;
        plan(rows);
      }
    } else {
      for (const row of data) take(row);
    }
  };

  /** A sheet's rows: the first ones decide the kinds, the rest are taken a batch at a time. */
  const sheetPass = async (rows: string[][]) => {
    const head = Math.min(rows.length, sampleRows + 1);
    if (rows.every(blankRow)) throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
    buffered = null;
    plan(rows.slice(0, head));
    for (let from = head; from < rows.length; from += STREAM_BATCH_ROWS) {
      const to = Math.min(from + STREAM_BATCH_ROWS, rows.length);
      for (let r = from; r < to; r++) take(rows[r]);
      read = to;
      progress(
        to / rows.length,
        `Read ${customers.toLocaleString('en')} customers of ${rows.length.toLocaleString('en')} rows`,
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
      await ready();
    }
  };

  const literal = options.quotes === 'literal';
  const notes: string[] = [...(sheet?.notes ?? [])];
  let scanner: RecordScanner | null = null;
  // The first line, to name a column in a quote error met before the header is read.
  let firstLine: string[] | null = null;
  const startScanner = (piece: string) => {
    delimiter = options.delimiter ?? guessDelimiter(piece);
    firstLine = options.header === false ? null : literalRows(piece.slice(0, piece.indexOf('\n') >>> 0), delimiter)[0];
    return new RecordScanner(delimiter, literal);
  };
  try {
    // Each decoded chunk is cut after its last record (the scanner refuses a malformed quote
    // wherever it is); the rest waits for the next chunk, so papaparse always sees whole records.
    let carry = '';
    let carriageReturns: boolean | null = null;
    if (sheet) await sheetPass(sheet.rows);
    for await (const decoded of text ?? []) {
      carriageReturns ??= decoded.length > 0 ? carriageReturnLines(decoded) : null;
      const chunk = carriageReturns ? decoded.replace(/\r/g, '\n') : decoded;
      const piece = carry + chunk;
      if (!scanner) {
        // The separator is guessed from whole lines: the first chunks may be a few bytes (tests).
        if (!options.delimiter && piece.length < 65_536 && lineBreaks(piece, 50) < 50) {
          carry = piece;
          continue;
        }
        scanner = startScanner(piece);
      }
      const cut = scanner.boundary(piece, false);
      carry = piece.slice(cut);
      if (cut > 0) {
        let records = piece.slice(0, cut);
        const plain = usePlain && delimiter.length === 1 && (literal || records.indexOf('"') < 0);
        if (buffered && plain) {
          // Without quotes every line is a record: only the lines the kinds are decided on go
          // through papaparse, the rest of the chunk takes the fast path.
          let at = 0;
          for (let lines = sampleRows + 40 - buffered.length; lines > 0 && at >= 0; lines--) {
            at = records.indexOf('\n', at);
            if (at >= 0) at++;
          }
          if (at > 0 && at < records.length) {
            rowsOf(records.slice(0, at));
            records = records.slice(at);
          }
        }
        if (!buffered && plain) {
          // In slices of about 256 KB, giving the event loop a turn after each: the batches sent
          // so far leave for the store while the next slice is read (reading 4 MB at once would
          // hold them back, and the store would wait).
          for (let from = 0; from < records.length;) {
            const next = records.indexOf('\n', Math.min(from + SLICE_CHARS, records.length - 1));
            const to = next < 0 ? records.length : next + 1;
            plainRows(records.slice(from, to));
            from = to;
            await new Promise<void>((resolve) => setImmediate(resolve));
            await ready();
          }
        } else rowsOf(records);
      }
      progress(
        Math.min(read / Math.max(total, 1), 1),
        `Read ${customers.toLocaleString('en')} customers · ${readRateText(read, total, Date.now() - started)}`,
      );
    }
    if (carry.trim() !== '') {
      scanner ??= startScanner(carry);
      scanner.boundary(carry, true);
      rowsOf(carry);
    }
    if (buffered) {
      if (buffered.every(blankRow)) throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
      const rows = buffered;
      buffered = null;
      plan(rows);
    }
    if (ragged.length > 0) throw raggedRowsError(fileName, ragged, header.length, hasHeader);
    if (customers === 0) throw new AppError('NO_ROWS', `${fileName} has a header row but no customers.`);
    flush();
  } catch (error) {
    if (error instanceof QuoteProblem) throw quoteError(fileName, error, header.length > 0 ? header : firstLine);
    if (error instanceof EncodingChanged) {
      return { retry: { encoding: 'Windows-1252', notNumeric: [...notNumeric] } };
    }
    throw error;
  }

  const contradicted = plans.filter((p) => !p.forced && ((p.numeric && p.firstBad) || p.dateBad)).map((p) => p.name);
  if (contradicted.length > 0) {
    return { retry: { encoding, notNumeric: [...notNumeric, ...contradicted] } };
  }
  const columns = plans.map((p) => {
    if (p.forced) {
      const note =
        p.forced === 'numeric'
          ? `set to numeric; ${p.present} numbers, ${p.missing} blank`
          : p.forced === p.sampleKind
            ? (p.sampleNote ?? '')
            : `set to ${p.forced}${p.sampleNote ? `; ${p.sampleNote}` : ''}`;
      return { name: p.name, kind: p.forced as ColumnKind, missing: p.missing, note };
    }
    const decided = kindFromEvidence(p.name, {
      dates: p.dates,
      rows: customers,
      present: p.present,
      distinct: p.hashes?.size ?? 0,
      firstBad: p.numeric ? null : p.firstBad,
      mark: p.mark,
      decorated: p.decorated,
      padded: p.padded,
    });
    if ((p.hashes?.size ?? 0) >= DISTINCT_LIMIT && decided.kind !== 'identifier') {
      return {
        name: p.name,
        kind: 'text' as ColumnKind,
        missing: p.missing,
        note: 'more than 1,000,000 distinct values',
      };
    }
    if (p.numeric || decided.kind !== 'numeric')
      return { name: p.name, kind: decided.kind, missing: p.missing, note: decided.note };
    // Blank in the first rows, numbers later: stored as text, so a category or free text.
    const distinct = p.hashes?.size ?? 0;
    const kind: ColumnKind = distinct <= 50 ? 'categorical' : 'text';
    const note = `${distinct} distinct values; blank in the first ${sampleRows.toLocaleString('en')} rows`;
    return { name: p.name, kind, missing: p.missing, note };
  });
  if (hasHeader) {
    columns.forEach((c, j) => {
      const note = headerNote(rawHeader[plans[j].index], c.name, c.note);
      if (note !== undefined) c.note = note;
    });
  }
  // A sheet's own notes on a column (formulas never calculated) come first.
  columns.forEach((c, j) => {
    const words = sheet?.columnNotes.get(plans[j].index);
    if (words) c.note = c.note ? `${words}; ${c.note}` : words;
  });
  const marks = new Set(plans.filter((p) => p.numeric).map((p) => p.mark));
  const account = importAccount(fileName, {
    records: rowNumber - headerRow,
    stored: customers,
    blank,
    wrongFieldCount,
    notes: [...(literal ? ['quotes read as ordinary characters'] : []), ...notes],
  });
  return {
    table: {
      account,
      firstRecordRow: headerRow + 1,
      rowCount: customers,
      skipped: wrongFieldCount.count,
      delimiter: sheet ? sheet.format : delimiterName(delimiter),
      delimiterChar: delimiter,
      decimal: options.decimal ?? (marks.has(',') ? ',' : '.'),
      header: hasHeader,
      ...(encoding ? { encoding } : {}),
      ...(sheet?.sheets ? { sheets: sheet.sheets, sheet: sheet.sheet } : {}),
      columns,
    },
  };
}

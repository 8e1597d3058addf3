import { createReadStream, statSync } from 'node:fs';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/import/options';
import type { ColumnKind } from '../../../shared/domain';
import type { ImportStreamData, ImportStreamResult, StreamSource } from '../../../shared/worker/messages';
import { decoderLabel, decodeWindows1252, textStart, type TextEncodingName } from './decode';
import { inferColumn, isMissing, kindFromEvidence } from './columnKinds';
import { parseNumberFast, plainNumber, type DecimalMark } from './numbers';
import { dateCell, isoDay, readDates, type DateOrder } from '../../../shared/import/dates';
import { DELIMITER_NAMES, headerNote, raggedRowsError, readHeader, wrongCellError } from './parseCsv';

/** Rows read before the columns' kinds are decided; later rows only confirm them. */
export const STREAM_SAMPLE_ROWS = 10_000;
/** Rows per batch sent to the store. */
export const STREAM_BATCH_ROWS = 5_000;
const READ_CHUNK_BYTES = 4 << 20;
const SLICE_CHARS = 256 << 10;
const DISTINCT_LIMIT = 1_000_000;

/** FNV-1a and djb2 combined into 53 bits: distinct counts over millions of cells without keeping them. */
function hash53(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = (Math.imul(h2, 33) + c) | 0;
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

async function* bytesOf(
  source: StreamSource,
  ready: () => Promise<void>,
  chunkBytes: number,
): AsyncGenerator<Uint8Array> {
  if ('bytes' in source) {
    for (let at = 0; at < source.bytes.length; at += chunkBytes) {
      await ready();
      yield source.bytes.subarray(at, at + chunkBytes);
    }
    return;
  }
  for await (const chunk of createReadStream(source.path, { highWaterMark: chunkBytes })) {
    await ready();
    yield chunk as Buffer;
  }
}

function sourceSize(fileName: string, source: StreamSource): number {
  if ('bytes' in source) return source.bytes.length;
  try {
    return statSync(source.path).size;
  } catch {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${fileName} is not there any more (moved, renamed or deleted). Choose it again.`,
    );
  }
}

/**
 * The file as text chunks: the encoding chosen, or read from a byte-order mark, or UTF-8 when the
 * first chunk is valid UTF-8 and Windows-1252 when it is not. A later byte that is not UTF-8
 * raises `EncodingChanged`, and the import starts again in Windows-1252.
 */
class EncodingChanged extends Error {}

async function* textOf(
  fileName: string,
  source: StreamSource,
  chosen: TextEncodingName | undefined,
  onEncoding: (encoding: TextEncodingName) => void,
  onBytes: (bytes: number) => void,
  ready: () => Promise<void>,
  chunkBytes: number,
): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let first = true;
  for await (let chunk of bytesOf(source, ready, chunkBytes)) {
    onBytes(chunk.length);
    if (first) {
      first = false;
      const start = textStart(chunk, fileName, chosen);
      chunk = start.body;
      let encoding = start.encoding;
      if (!encoding) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
          encoding = 'UTF-8';
        } catch {
          encoding = 'Windows-1252';
        }
      }
      onEncoding(encoding);
      if (encoding !== 'Windows-1252') {
        decoder = new TextDecoder(decoderLabel(encoding), { fatal: encoding === 'UTF-8' && !chosen });
      }
    }
    if (!decoder) {
      yield decodeWindows1252(chunk);
      continue;
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new EncodingChanged();
    }
  }
  if (!decoder) return;
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new EncodingChanged();
  }
  yield rest;
}

/**
 * Where the text can be cut between records: just after the last line break that is not inside
 * a quoted field (an even number of quotes before it), or 0 when there is none yet.
 */
export function recordBoundary(text: string): number {
  const quotes: number[] = [];
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) quotes.push(at);
  let below = quotes.length;
  for (let at = text.lastIndexOf('\n'); at >= 0; at = text.lastIndexOf('\n', at - 1)) {
    while (below > 0 && quotes[below - 1] > at) below--;
    if (below % 2 === 0) return at + 1;
  }
  return 0;
}

/** A row of blank cells (a blank line, or only separators), which the file readers skip. */
function blankRow(row: string[]): boolean {
  const first = row[0];
  if (first.length > 0 && first.charCodeAt(0) > 32) return false;
  return row.every((cell) => cell.trim() === '');
}

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
  missing: number;
  present: number;
  hashes?: Set<number>;
  firstBad: { row: number; cell: string } | null;
}

/**
 * Import a delimited text file without holding it: read in 4 MB chunks, decoded and parsed as a
 * stream (papaparse), the columns' kinds decided on the first 10,000 rows, then every row
 * converted and sent to the store in batches of 5,000 (`sink`). Memory stays flat in the file's
 * size. When a later row contradicts a decision (text in a column the first rows said is numeric,
 * a byte that is not UTF-8), the result asks for a second pass with the decision corrected; the
 * caller drops what it stored and runs it again. Errors name the file, row and column.
 */
export async function streamCsv(
  fileName: string,
  source: StreamSource,
  options: ImportOptions,
  sink: (data: ImportStreamData) => void,
  progress: (fraction: number, message: string) => void = () => {},
  /**
   * A second pass's corrections. For tests: `chunkBytes` sets the read size (records cut across
   * chunks), `sampleRows` the rows that decide the kinds, `plain: false` turns the fast path off.
   */
  retry: { notNumeric?: string[]; chunkBytes?: number; sampleRows?: number; plain?: boolean } = {},
  /** Resolves when the store has caught up (backpressure: the next chunk is read only then). */
  ready: () => Promise<void> = () => Promise.resolve(),
): Promise<ImportStreamResult> {
  const total = sourceSize(fileName, source);
  let read = 0;
  let encoding: TextEncodingName = options.encoding ?? 'UTF-8';
  const text = textOf(
    fileName,
    source,
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
  let skipped = 0;
  const ragged: number[] = [];
  // The batch being filled, per column: numbers for numeric columns, texts for the others.
  let numbers: Float64Array[] = [];
  let texts: (string | null)[][] = [];
  let batchRows = 0;
  let delimiter: string = options.delimiter ?? ',';

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

  const plan = (rows: string[][]) => {
    rawHeader = rows[0] ?? [];
    ({ hasHeader, header } = readHeader(fileName, rows, options));
    const first = hasHeader ? 1 : 0;
    const sample = rows.slice(first, first + sampleRows).filter((r) => r.length === header.length);
    plans = [];
    header.forEach((name, index) => {
      const forced = options.kinds?.[name];
      if (forced === 'ignore') return;
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
        missing: 0,
        present: 0,
        hashes: kind === 'numeric' || kind === 'date' ? undefined : new Set<number>(),
        firstBad: kind === 'numeric' ? null : (inferred.firstBad ?? null),
        dates: dateOrder ? { order: dateOrder, evidence: inferred.dates?.evidence ?? 'chosen' } : null,
        dateBad: null,
      });
    });
    if (plans.length === 0) throw new AppError('NO_COLUMNS', `${fileName}: every column is ignored.`);
    sink({ type: 'schema', columns: plans.map((p) => ({ name: p.name, numeric: p.numeric })) });
    newBatch();
    rowNumber = 0;
    for (const row of rows) take(row);
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
      if (value !== value) notANumber(column, cell);
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
    // Text by a second pass's correction: its evidence is the first cell that is not a number.
    if (column.firstBad === null && !column.forced && Number.isNaN(parseNumberFast(value, column.mark))) {
      column.firstBad = { row: rowNumber, cell };
    }
    // Distinct values are counted up to a million (a customer id column stops there: memory stays flat).
    if (column.hashes && column.hashes.size < DISTINCT_LIMIT) column.hashes.add(hash53(value));
    out.push(value);
  };

  const take = (row: string[]) => {
    rowNumber++;
    if (hasHeader && rowNumber === 1) return;
    if (blankRow(row)) return;
    if (row.length !== header.length) {
      if (options.skipRagged) {
        skipped++;
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
      if (end === start) continue; // an empty line, which papaparse skips
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
          if (value === value) {
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

  const rowsOf = (piece: string, last: boolean) => {
    const results = Papa.parse<string[]>(piece, {
      header: false,
      // Rows of blank cells are skipped in \`take\` (papaparse's "greedy" joins every row).
      skipEmptyLines: true,
      delimiter: delimiterFound ? delimiter : (options.delimiter ?? ''),
      delimitersToGuess: [',', ';', '\t', '|'],
    });
    const quote = last ? results.errors.find((e) => e.type === 'Quotes') : undefined;
    if (quote) {
      throw new AppError(
        'CSV_MALFORMED',
        `${fileName}, row ${(buffered ? buffered.length : rowNumber) + (quote.row ?? 0) + 1}: ${quote.message.toLowerCase()} (a quoted field is not closed).`,
      );
    }
    if (!delimiterFound) {
      delimiter = results.meta.delimiter || delimiter;
      delimiterFound = true;
    }
    if (buffered) {
      for (const row of results.data) if (!blankRow(row)) buffered.push(row);
      if (buffered.length > sampleRows) {
        const rows = buffered;
        buffered = null;
        plan(rows);
      }
    } else {
      for (const row of results.data) take(row);
    }
  };

  let delimiterFound = false;
  try {
    // Each decoded chunk is cut after its last line break outside quotes; the rest waits for the
    // next chunk, so papaparse always sees whole records.
    let carry = '';
    for await (const chunk of text) {
      const piece = carry + chunk;
      const cut = recordBoundary(piece);
      carry = piece.slice(cut);
      if (cut > 0) {
        const records = piece.slice(0, cut);
        if (!buffered && usePlain && delimiter.length === 1 && records.indexOf('"') < 0) {
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
        } else rowsOf(records, false);
      }
      progress(Math.min(read / Math.max(total, 1), 1), `Read ${customers.toLocaleString('en')} customers`);
    }
    if (carry.trim() !== '') rowsOf(carry, true);
    if (buffered) {
      if (buffered.length === 0) throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
      const rows = buffered;
      buffered = null;
      plan(rows);
    }
    if (ragged.length > 0) throw raggedRowsError(fileName, ragged, header.length, hasHeader);
    if (customers === 0) throw new AppError('NO_ROWS', `${fileName} has a header row but no customers.`);
    flush();
  } catch (error) {
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
  const marks = new Set(plans.filter((p) => p.numeric).map((p) => p.mark));
  return {
    table: {
      rowCount: customers,
      skipped,
      delimiter: DELIMITER_NAMES[delimiter] ?? delimiter,
      delimiterChar: delimiter,
      decimal: options.decimal ?? (marks.has(',') ? ',' : '.'),
      header: hasHeader,
      encoding,
      columns,
    },
  };
}

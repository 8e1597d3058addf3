/**
 * The one import pipeline. Every way a file reaches the app — the wizard's preview, the import,
 * `assign`, segments over time, the CLI — runs the same three stages in this worker:
 *
 *   source (a delimited file streamed, or a sheet's rows: workbook, Parquet)
 *     → reader (`readPass`: header, kinds, numbers, dates, the account of every row)
 *     → recipe steps (a transaction log summed per customer, `log.ts`; cleaning and derived
 *       columns, `steps.ts`)
 *     → sink (the store's staging table, or the columns gathered in memory: `readTable`)
 *
 * so a fix to reading or to a step lands once, for all of them.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { PREVIEW_ROWS, type ImportOptions } from '../../../shared/import/options';
import { columnIssues } from '../../../shared/import/transform';
import { codeHint } from '../../../shared/segments/defaultFeatures';
import type {
  FileSource,
  ImportPreview,
  ParsedColumn,
  ParsedTable,
  StreamedTable,
} from '../../../shared/worker/messages';
import type { ReadSource } from './reader';
import { readAll, tablePass, type Cells, type Pass, type Progress, type Retry, type Sink } from './passes';
import { isSheetFile, sheetRows } from './sheets';
import { decodeText } from './decode';
import { readPrefix } from '../../services/handlers/files';
import { guessDelimiter } from './lines';
import { QuoteProblem, quoteError, RecordScanner } from './quotes';
import { streamLog } from './log';
import { withSteps } from './steps';

/** Opened once: a workbook or Parquet file is read into rows once, however many passes read it. */
export async function openSource(
  fileName: string,
  source: ReadSource,
  options: ImportOptions,
  progress: Progress,
): Promise<ReadSource> {
  if ('sheet' in source) return source;
  if ('bytes' in source && isSheetFile(fileName, source.bytes)) {
    return { sheet: await sheetRows(fileName, source.bytes, options, progress) };
  }
  if ('path' in source && isSheetFile(fileName, readPrefix(fileName, source.path, 8).bytes)) {
    return { sheet: await sheetRows(fileName, readFileSync(source.path), options, progress) };
  }
  return source;
}

/**
 * The pipeline: the file read (a transaction log made into customers), the recipe's cleaning and
 * derived columns, every row sent to `sink`. The returned table describes what was sent.
 */
export async function importTable(
  fileName: string,
  /** A file, or one already opened (`openSource`: a sheet read once for several passes). */
  source: ReadSource,
  options: ImportOptions,
  sink: Sink,
  progress: Progress = () => {},
  ready: () => Promise<void> = () => Promise.resolve(),
  retry: Retry = {},
): Promise<StreamedTable> {
  const opened = await openSource(fileName, source, options, progress);
  let pass: Pass;
  if (options.transactions) {
    const customers = await streamLog(fileName, opened, options, progress, ready, retry);
    pass = tablePass(customers);
  } else {
    // With cleaning or derived columns the file is read twice; the second pass reads as the first ended.
    let read = { options, retry };
    pass = async (passSink, passProgress) => {
      const done = await readAll(fileName, opened, read.options, passSink, passProgress, read.retry, ready);
      read = { options: done.options, retry: done.retry };
      return done.table;
    };
  }
  return withSteps(fileName, pass, options, sink, progress, { fromLog: options.transactions !== undefined });
}

/** The sink that gathers the columns in memory: numbers grow in doubling arrays, 8 bytes a value. */
function gatherer() {
  let schema: { name: string; numeric: boolean; original?: boolean }[] = [];
  let numbers: Float64Array[] = [];
  let texts: (string | null)[][] = [];
  let rows = 0;
  const sink: Sink = (data) => {
    if (data.type === 'schema') {
      // A pass taken again starts over.
      schema = data.columns;
      numbers = schema.map((c) => new Float64Array(c.numeric ? 1024 : 0));
      texts = schema.map(() => []);
      rows = 0;
      return;
    }
    data.columns.forEach((cells, j) => {
      if (cells instanceof Float64Array) {
        if (rows + data.rows > numbers[j].length) {
          const grown = new Float64Array(Math.max(rows + data.rows, numbers[j].length * 2));
          grown.set(numbers[j].subarray(0, rows));
          numbers[j] = grown;
        }
        numbers[j].set(cells, rows);
      } else for (const cell of cells) texts[j].push(cell);
    });
    rows += data.rows;
  };
  const values = (j: number): Cells => (schema[j].numeric ? numbers[j].slice(0, rows) : texts[j]);
  const table = (fileName: string, described: StreamedTable): ParsedTable => {
    if (rows !== described.rowCount) {
      throw new AppError('INTERNAL', `${fileName}: ${rows} rows gathered of ${described.rowCount}.`);
    }
    const { columns, firstRecordRow: _first, ...rest } = described;
    return {
      ...rest,
      columns: columns.map((c, j): ParsedColumn => {
        const original = schema.findIndex((s) => s.original && s.name === c.name);
        return { ...c, values: values(j), ...(original >= 0 ? { original: values(original) } : {}) };
      }),
    };
  };
  return { sink, table };
}

/** The pipeline into memory: the whole table, for `assign`, segments over time, the preview and tests. */
export async function readTable(
  fileName: string,
  source: ReadSource,
  options: ImportOptions = {},
  progress: Progress = () => {},
  retry: Retry = {},
): Promise<ParsedTable> {
  const gathered = gatherer();
  const described = await importTable(fileName, source, options, gathered.sink, progress, undefined, retry);
  return gathered.table(fileName, described);
}

/**
 * The wizard's preview: the file read with the options (every column, ignored ones marked), each
 * column's kind with the evidence and, for identifiers, how many values repeat; the first rows.
 * A big text file is previewed from its first part (whole records only), counts scaled up.
 */
export async function previewImport(
  fileName: string,
  source: FileSource,
  options: ImportOptions = {},
  totalBytes?: number,
): Promise<ImportPreview> {
  let estimated: ImportPreview['estimated'] = null;
  let encoding: string | undefined;
  if (totalBytes && 'bytes' in source && !isSheetFile(fileName, source.bytes) && totalBytes > source.bytes.length) {
    const decoded = decodeText(source.bytes, fileName, options.encoding);
    encoding = decoded.encoding;
    estimated = { readBytes: source.bytes.length, totalBytes };
    const delimiter = options.delimiter ?? guessDelimiter(decoded.text);
    let cut: number;
    try {
      cut = new RecordScanner(delimiter, options.quotes === 'literal').boundary(decoded.text, false);
    } catch (error) {
      if (error instanceof QuoteProblem) throw quoteError(fileName, error, null);
      throw error;
    }
    source = { text: decoded.text.slice(0, cut) };
  }
  // Ignored columns are read too, to be shown (marked) and switched back on.
  const kinds = { ...(options.kinds ?? {}) };
  const ignored = new Set(
    Object.entries(kinds)
      .filter(([, k]) => k === 'ignore')
      .map(([name]) => name),
  );
  for (const name of ignored) delete kinds[name];
  const asRead = { ...options, kinds, transactions: undefined, clean: undefined, derive: undefined };
  // A workbook is opened once for both readings.
  const opened = await openSource(fileName, source, options, () => {});
  const raw = await readTable(fileName, opened, asRead);
  const stepped =
    options.transactions || Object.keys(options.clean ?? {}).length > 0 || (options.derive ?? []).length > 0;
  const table = stepped ? await readTable(fileName, opened, { ...options, kinds }) : raw;
  const shown = Math.min(PREVIEW_ROWS, table.rowCount);
  const rows = Array.from({ length: shown }, (_, r) =>
    table.columns.map((c) => {
      const v = c.values[r];
      return typeof v === 'number' && Number.isNaN(v) ? null : v;
    }),
  );
  // Rows grow with the file; a transaction log's customers do not (the same customers buy again).
  const scale = estimated && !options.transactions ? estimated.totalBytes / estimated.readBytes : 1;
  return {
    fileName,
    estimated,
    rowCount: Math.round(table.rowCount * scale),
    dropped: table.dropped ?? 0,
    skipped: raw.skipped ?? 0,
    account: estimated ? null : (table.account ?? null),
    delimiter: table.delimiter,
    delimiterChar: table.delimiterChar ?? ',',
    encoding: table.encoding ?? encoding ?? null,
    decimal: table.decimal ?? '.',
    header: table.header ?? true,
    sheets: raw.sheets ?? null,
    sheet: raw.sheet ?? null,
    columns: table.columns.map((c) => {
      const before = raw.columns.find((r) => r.name === c.name);
      return {
        name: c.name,
        kind: c.kind,
        missing: c.missing,
        blanksBefore: before?.missing ?? 0,
        note: c.note,
        duplicates: c.kind === 'identifier' ? repeats(c.values) : 0,
        ignored: ignored.has(c.name),
        derived: !before,
        ...(before ? columnIssues(before) : { outliers: 0, rare: 0 }),
        ...codeOf(c),
      };
    }),
    rows,
  };
}

/** How many values of a column repeat one before them (blanks aside). */
function repeats(values: Cells): number {
  const seen = new Set<string | number>();
  let duplicates = 0;
  for (const v of values) {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (seen.has(v)) duplicates++;
    else seen.add(v);
  }
  return duplicates;
}

/** A numeric column's "code or number?" hint from the rows read (see shared/segments/defaultFeatures.ts). */
function codeOf(column: ParsedColumn): { code?: string } {
  if (column.kind !== 'numeric' || !(column.values instanceof Float64Array)) return {};
  const seen = new Set<number>();
  let integers = true;
  let min = Infinity;
  let max = -Infinity;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) integers = false;
    if (seen.size <= 13) seen.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (seen.size === 0) return {};
  const hint = codeHint(column.name, { integers, distinct: seen.size, min, max });
  return hint ? { code: hint } : {};
}

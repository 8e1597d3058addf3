import readExcelFile from 'read-excel-file/node';
import { strFromU8, unzipSync } from 'fflate';
import { columnLetters } from '../../services/export/xlsxStream';
import { AppError } from '../../../shared/errors';
import type { FileSource, ImportPreview, ParsedColumn, ParsedTable } from '../../../shared/worker/messages';
import { PREVIEW_ROWS, type ImportOptions } from '../../../shared/import/options';
import { columnIssues } from '../../../shared/import/transform';
import { importAccount, skipTally } from '../../../shared/import/account';
import { applyTransforms, readCsv, tableFromRows, type ParseProgress } from '../../services/import/parseCsv';
import { guessDelimiter } from '../../services/import/lines';
import { QuoteProblem, quoteError, RecordScanner } from '../../services/import/quotes';
import { decodeText, isWorkbook } from '../../services/import/decode';
import { codeHint } from '../../../shared/segments/defaultFeatures';
import { isParquet, readParquet } from '../../services/import/parquet';
import { readStreamedTable } from './streamPass';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/**
 * A file to score, read as a table: delimited text given as bytes by the streaming import's reader
 * (the same kinds, numbers and errors as the import of the training file, and about as fast);
 * anything else — a workbook, Parquet, a log made into customers — by `readTable`.
 */
export async function readTableToScore(
  fileName: string,
  source: FileSource,
  progress: ParseProgress = () => {},
  options: ImportOptions = {},
): Promise<ParsedTable> {
  if ('bytes' in source && !options.transactions && !isParquet(source.bytes) && !isWorkbook(fileName, source.bytes)) {
    return readStreamedTable(fileName, source, options, progress);
  }
  return readTable(fileName, source, progress, options);
}

/**
 * Read a file as a table: an Excel workbook (.xlsx, the sheet chosen or the first; Excel dates
 * become ISO dates) or delimited text. Errors name the file and what to do.
 */
export async function readTable(
  fileName: string,
  source: FileSource,
  progress: ParseProgress = () => {},
  options: ImportOptions = {},
): Promise<ParsedTable> {
  if (!('text' in source) && isParquet(source.bytes)) return readParquet(fileName, source.bytes, progress, options);
  if ('text' in source || !isWorkbook(fileName, source.bytes)) return readCsv(fileName, source, progress, options);
  progress(0, `Opening the workbook ${fileName}`);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readExcelFile(Buffer.from(source.bytes))) as { sheet: string; data: unknown[][] }[];
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
  // Every row of the sheet, blank ones included (counted, and numbered as Excel numbers them).
  const rows = chosen.data.map((row) => row.map(cellText));
  if (!rows.some((row) => row.some((cell) => cell.trim() !== '')))
    throw new AppError('FILE_EMPTY', `${fileName}, sheet "${chosen.sheet}" is empty.`);
  // A loop, not Math.max(...): a spread of 100,000 rows overflows the call stack.
  let width = 0;
  for (const row of rows) if (row.length > width) width = row.length;
  const padded = rows.map((r) => (r.length < width ? [...r, ...new Array<string>(width - r.length).fill('')] : r));
  const label = `${fileName} (sheet "${chosen.sheet}")`;
  const table = tableFromRows(label, padded, 'xlsx', progress, options);
  // Formulas the workbook never calculated are read as blanks: say so, column by column.
  const uncalculated = formulasWithoutValues(source.bytes, names.indexOf(chosen.sheet));
  if (uncalculated.size > 0) {
    const headerRow = padded.find((row) => row.some((cell) => cell.trim() !== '')) ?? [];
    for (const [column, found] of uncalculated) {
      const name = headerRow[column]?.trim() ?? '';
      const words =
        `${found.count} formula cell${found.count === 1 ? '' : 's'} that Excel never calculated (first in row ${found.firstRow}), ` +
        'read as blank: open the workbook in Excel, let it calculate, save it and import it again';
      const stored = table.columns.find((c) => c.name === name);
      if (stored) stored.note = stored.note ? `${words}; ${stored.note}` : words;
      table.account?.notes.push(`column ${columnLetters(column)}${name ? ` ("${name}")` : ''}: ${words}`);
    }
  }
  return {
    ...table,
    delimiter: 'Excel sheet',
    delimiterChar: '',
    encoding: undefined,
    sheets: names,
    sheet: chosen.sheet,
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

/**
 * The wizard's preview: the file read with the options (every column, ignored ones marked), each
 * column's kind with the evidence and, for identifiers, how many values repeat; the first rows.
 */
export async function previewCsv(
  fileName: string,
  source: FileSource,
  options: ImportOptions = {},
  totalBytes?: number,
): Promise<ImportPreview> {
  // The first part of a big text file: whole records only, and counts scaled up to the file.
  let estimated: ImportPreview['estimated'] = null;
  let encoding: string | undefined;
  if (
    totalBytes &&
    'bytes' in source &&
    !isWorkbook(fileName, source.bytes) &&
    !isParquet(source.bytes) &&
    totalBytes > source.bytes.length
  ) {
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
  const kinds = { ...(options.kinds ?? {}) };
  const ignored = new Set(
    Object.entries(kinds)
      .filter(([, k]) => k === 'ignore')
      .map(([name]) => name),
  );
  for (const name of ignored) delete kinds[name];
  const raw = await readTable(fileName, source, () => {}, {
    ...options,
    kinds,
    transactions: undefined,
    clean: undefined,
    derive: undefined,
  });
  const issues = new Map(raw.columns.map((c) => [c.name, columnIssues(c)]));
  const transformed = applyTransforms(
    fileName,
    raw.columns,
    raw.rowCount,
    options,
    raw.rowNumbers ? Array.from(raw.rowNumbers) : undefined,
  );
  const table = { ...raw, ...transformed, columns: transformed.columns as ParsedColumn[] };
  // What the import would do with every line: the transaction log's and cleaning's skips on top of the reading's.
  const account =
    raw.account && (transformed.customersMade !== undefined || transformed.droppedRows)
      ? importAccount(fileName, {
          records: raw.account.records,
          stored: transformed.rowCount,
          blank: skipTally(raw.account, 'blank'),
          wrongFieldCount: skipTally(raw.account, 'wrong-field-count'),
          dropped: transformed.droppedRows,
          noCustomer: transformed.noCustomer,
          cancelled: transformed.cancelled,
          filtered: transformed.filtered,
          cancelledNetted: options.transactions?.returns === 'net',
          transactions:
            transformed.customersMade === undefined
              ? undefined
              : {
                  lines:
                    raw.rowCount -
                    (transformed.noCustomer?.count ?? 0) -
                    (transformed.cancelled?.count ?? 0) -
                    (transformed.filtered ?? []).reduce((sum, f) => sum + f.count, 0),
                  customers: transformed.customersMade,
                },
          notes: raw.account.notes,
        })
      : raw.account;
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
    dropped: transformed.dropped,
    skipped: raw.skipped ?? 0,
    account: estimated ? null : (account ?? null),
    delimiter: table.delimiter,
    delimiterChar: table.delimiterChar ?? ',',
    encoding: table.encoding ?? encoding ?? null,
    decimal: table.decimal ?? '.',
    header: table.header ?? true,
    sheets: raw.sheets ?? null,
    sheet: raw.sheet ?? null,
    columns: table.columns.map((c) => {
      let duplicates = 0;
      if (c.kind === 'identifier') {
        const seen = new Set<string | number | null>();
        for (const v of Array.from(c.values as ArrayLike<string | number | null>)) {
          if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
          if (seen.has(v)) duplicates++;
          else seen.add(v);
        }
      }
      const before = raw.columns.find((r) => r.name === c.name);
      return {
        name: c.name,
        kind: c.kind,
        missing: c.missing,
        blanksBefore: before?.missing ?? 0,
        note: c.note,
        duplicates,
        ignored: ignored.has(c.name),
        derived: !before,
        ...(issues.get(c.name) ?? { outliers: 0, rare: 0 }),
        ...codeOf(c),
      };
    }),
    rows,
  };
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

import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';
import type { FileSource, ParsedColumn, ParsedTable } from '../../../shared/worker/messages';
import { decodeText } from './decode';
import { inferColumn, isMissing } from './columnKinds';

export type ParseProgress = (fraction: number, message: string) => void;

function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Read a delimited text file (comma, semicolon, tab or pipe, detected by papaparse) whose first
 * row is the header, into typed columns. Errors name the file, the row (1 = the header) and,
 * where it applies, the column.
 */
export function parseCsv(fileName: string, content: string, progress: ParseProgress = () => {}): ParsedTable {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '') throw new AppError('FILE_EMPTY', `${fileName} is empty.`);
  progress(0, `Reading ${fileName}`);
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new AppError(
      'CSV_MALFORMED',
      `${fileName}, row ${(quoteError.row ?? 0) + 1}: ${quoteError.message.toLowerCase()} (a quoted field is not closed).`,
    );
  }
  const rows = parsed.data;
  const header = uniqueHeaders(rows[0] ?? []);
  if (rows.length < 2) throw new AppError('NO_ROWS', `${fileName} has a header row but no customers.`);
  if (header.length < 2) {
    throw new AppError(
      'CSV_ONE_COLUMN',
      `${fileName}: only one column was found ("${header[0]}"). Is the file separated by something other than , ; tab or |?`,
    );
  }
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length) {
      throw new AppError(
        'CSV_MALFORMED',
        `${fileName}, row ${r + 1}: expected ${header.length} fields (as in the header), found ${rows[r].length}.`,
      );
    }
  }
  progress(0.5, 'Recognising column types');
  const rowCount = rows.length - 1;
  const columns: ParsedColumn[] = header.map((name, j) => {
    const cells = new Array<string>(rowCount);
    let missing = 0;
    for (let r = 0; r < rowCount; r++) {
      const cell = rows[r + 1][j];
      cells[r] = cell;
      if (isMissing(cell)) missing++;
    }
    const inferred = inferColumn(name, cells, 2, parsed.meta.delimiter === ';');
    const values = inferred.numbers ?? cells.map((c) => (isMissing(c) ? null : c.trim()));
    return { name, kind: inferred.kind, missing, note: inferred.note, values };
  });
  progress(1, `${rowCount} customers, ${columns.length} columns`);
  return { rowCount, delimiter: DELIMITER_NAMES[parsed.meta.delimiter] ?? parsed.meta.delimiter, columns };
}

/** Read a file given as text or bytes (bytes are decoded by `decodeText`). */
export function readCsv(fileName: string, source: FileSource, progress: ParseProgress = () => {}): ParsedTable {
  if ('text' in source) return parseCsv(fileName, source.text, progress);
  const { text, encoding } = decodeText(source.bytes, fileName);
  return { ...parseCsv(fileName, text, progress), encoding };
}

import Papa from 'papaparse';
import { DELIMITERS } from '../../../shared/import/options';

/** Delimited text as lines and fields: line endings, the separator, blank rows, quotes read literally. */

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
    Papa.parse<string[]>(head, { preview: 200, delimitersToGuess: DELIMITERS.map((d) => d.char), skipEmptyLines: true })
      .meta.delimiter || ','
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

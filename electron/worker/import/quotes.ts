import { AppError } from '../../../shared/errors';

/** A quoted field may hold line breaks (an address, a note), but not more than this many. */
export const MAX_LINES_IN_QUOTES = 100;
/** No record (one customer's row) is longer than this; a longer one is an open quote or not a table. */
export const MAX_RECORD_CHARS = 16 << 20;

export type QuoteProblemKind = 'text-after-quote' | 'unterminated' | 'too-many-lines' | 'record-too-long';

/** Where a quote goes wrong: the record (1 = the first, blank lines counted), the line, the field. */
export class QuoteProblem extends Error {
  constructor(
    readonly kind: QuoteProblemKind,
    readonly row: number,
    readonly line: number,
    /** Position of the field in its record, from 0. */
    readonly field: number,
  ) {
    super(kind);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Finds where records end in delimited text read piece by piece, and refuses malformed quotes
 * wherever they are in the file (papaparse, given a stray quote, reads the rest of the file as one
 * field and says so only among its warnings). The rules are RFC 4180's: a field that starts with a
 * quote ends at a quote followed by the separator, a line break or the end; `""` inside is a quote.
 * A quote inside an unquoted field (`12" screen`) is a character, as papaparse and Excel read it.
 * With `literal`, every quote is a character and every line break ends a record.
 *
 * Written by hand because no CSV library reports a malformed quote by row while streaming, and
 * the import must find one in the last row of a 200 MB file without holding the file.
 */
export class RecordScanner {
  /** Records and lines before the piece being scanned. */
  private rows = 0;
  private lines = 0;

  constructor(
    private readonly separator: string,
    private readonly literal = false,
  ) {}

  /**
   * Scan `piece`, which starts at a record's start; returns where its last complete record ends
   * (the rest is carried to the next piece). With `last`, the piece ends the file. Throws
   * `QuoteProblem`.
   */
  boundary(piece: string, last: boolean): number {
    if (this.literal || piece.indexOf('"') < 0) {
      const cut = last ? piece.length : piece.lastIndexOf('\n') + 1;
      this.countLines(piece, cut);
      if (!last && cut === 0 && piece.length > MAX_RECORD_CHARS) this.tooLong();
      return cut;
    }
    const sep = this.separator.charCodeAt(0);
    let row = this.rows + 1;
    let line = this.lines + 1;
    let field = 0;
    let cut = 0;
    let cutRows = this.rows;
    let cutLines = this.lines;
    const n = piece.length;
    let i = 0;
    while (i < n) {
      let c = piece.charCodeAt(i);
      if (c === QUOTE) {
        // A quoted field: find its closing quote.
        const openRow = row;
        const openLine = line;
        const openField = field;
        let breaks = 0;
        i++;
        for (;;) {
          if (i >= n) {
            if (last) throw new QuoteProblem('unterminated', openRow, openLine, openField);
            this.rows = cutRows;
            this.lines = cutLines;
            if (cut === 0 && n > MAX_RECORD_CHARS)
              throw new QuoteProblem('record-too-long', openRow, openLine, openField);
            return cut;
          }
          c = piece.charCodeAt(i);
          if (c === QUOTE) {
            if (piece.charCodeAt(i + 1) === QUOTE) {
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF) {
            line++;
            if (++breaks > MAX_LINES_IN_QUOTES) throw new QuoteProblem('too-many-lines', openRow, openLine, openField);
          }
          i++;
        }
        // After the closing quote: the separator, a line break, or the end.
        i++;
        if (i < n && piece.charCodeAt(i) === CR) i++;
        if (i < n) {
          c = piece.charCodeAt(i);
          if (c !== sep && c !== LF) throw new QuoteProblem('text-after-quote', openRow, openLine, openField);
        } else if (!last) {
          // The piece ends right after a quote: the next piece decides.
          this.rows = cutRows;
          this.lines = cutLines;
          return cut;
        }
        continue;
      }
      if (c === sep) {
        field++;
        i++;
        continue;
      }
      if (c === LF) {
        i++;
        cut = i;
        cutRows = row;
        cutLines = line;
        row++;
        line++;
        field = 0;
        continue;
      }
      // Inside an unquoted field: on to the next separator or line break (quotes here are characters).
      i++;
      while (i < n) {
        c = piece.charCodeAt(i);
        if (c === sep || c === LF) break;
        i++;
      }
    }
    if (last) {
      this.rows = row;
      this.lines = line;
      return n;
    }
    this.rows = cutRows;
    this.lines = cutLines;
    if (cut === 0 && n > MAX_RECORD_CHARS) this.tooLong();
    return cut;
  }

  private countLines(piece: string, end: number): void {
    let count = 0;
    for (let at = piece.indexOf('\n'); at >= 0 && at < end; at = piece.indexOf('\n', at + 1)) count++;
    this.rows += count;
    this.lines += count;
  }

  private tooLong(): never {
    throw new QuoteProblem('record-too-long', this.rows + 1, this.lines + 1, 0);
  }
}

/** A quote problem in words: file, row, line, column, and the two ways out. */
export function quoteError(fileName: string, problem: QuoteProblem, header: readonly string[] | null): AppError {
  const column = header?.[problem.field];
  const where =
    `${fileName}, row ${problem.row.toLocaleString('en')}` +
    (problem.line !== problem.row ? ` (line ${problem.line.toLocaleString('en')})` : '') +
    (column !== undefined
      ? `, column "${column.slice(0, 60)}"`
      : problem.field > 0
        ? `, field ${problem.field + 1}`
        : '');
  const what: Record<QuoteProblemKind, string> = {
    'text-after-quote':
      'a field starts with a quote (") but has more text after its closing quote, so the quotes do not mark where it ends',
    unterminated: 'a quote (") opens a field that is never closed: the rest of the file would be read as one cell',
    'too-many-lines': `a quote (") opens a field that runs over more than ${MAX_LINES_IN_QUOTES} lines, so it is almost certainly not closed where it should be`,
    'record-too-long': `this row is over ${MAX_RECORD_CHARS >> 20} MB long: a quote is not closed, or the file is not a table`,
  };
  return new AppError(
    'CSV_MALFORMED',
    `${where}: ${what[problem.kind]}. Nothing was imported. Fix the quote in the file, or choose "Read quotes as ` +
      'ordinary characters" (--quotes literal) to read every quote as part of the text and every line as a row.',
  );
}

/**
 * A quote error papaparse reports after the scanner accepted the text: it would be a bug in the
 * scanner, so it stops the import (never a silent loss), in the same words.
 */
export function parserQuoteError(fileName: string, row: number, parserMessage: string): AppError {
  return new AppError(
    'CSV_MALFORMED',
    `${fileName}, near row ${row}: ${parserMessage.toLowerCase()}. Fix the quote in the file, or choose "Read quotes ` +
      'as ordinary characters" (--quotes literal).',
  );
}

/**
 * Numbers as spreadsheets export them: "1234.56", "1,234.56", "1.234,56" (European Excel),
 * "1 234,56", "$1,200", "12 %", "€ 9,99". The decimal mark is decided per column from its values.
 */

export type DecimalMark = '.' | ',';

const DOT = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/;
const COMMA = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)?(,\d+)?$/;
const DECORATION = /[\s\u00a0\u202f$€£¥%]|^(USD|EUR|GBP|CHF)|(USD|EUR|GBP|CHF)$/g;

/** The cell without currency symbols, percent signs and spaces (incl. thin and no-break spaces). */
export const undecorated = (cell: string): string => cell.trim().replace(DECORATION, '');

function hasDigit(text: string): boolean {
  return /\d/.test(text);
}

/** Parse one cleaned cell with the given decimal mark, or NaN (also for a number too large for a double). */
export function parseNumber(cell: string, mark: DecimalMark): number {
  const value = parseNumberUnbounded(cell, mark);
  return Number.isFinite(value) ? value : Number.NaN;
}

function parseNumberUnbounded(cell: string, mark: DecimalMark): number {
  const text = undecorated(cell);
  if (!hasDigit(text)) return Number.NaN;
  if (mark === '.') return DOT.test(text) ? Number(text.replace(/,/g, '')) : Number.NaN;
  return COMMA.test(text) ? Number(text.replace(/\./g, '').replace(',', '.')) : Number.NaN;
}

/**
 * A cell written as a number too large to hold (1e309, or 400 digits): never stored as Infinity.
 * Cheap for ordinary cells: only long ones, or ones with an exponent, are parsed.
 */
export function isOverflow(cell: string): boolean {
  if (cell.length < 16 && cell.indexOf('e') < 0 && cell.indexOf('E') < 0) return false;
  // A number has a digit: most text ("Store", "Phone") is settled here, without the regular expressions.
  let digit = false;
  for (let i = 0; i < cell.length && !digit; i++) {
    const c = cell.charCodeAt(i);
    digit = c >= 48 && c <= 57;
  }
  if (!digit) return false;
  for (const mark of ['.', ','] as const) {
    const value = parseNumberUnbounded(cell, mark);
    if (value === Infinity || value === -Infinity) return true;
  }
  return false;
}

export interface NumberEvidence {
  mark: DecimalMark;
  /** Index of the first non-blank cell that is not a number in that format, or −1. */
  firstBad: number;
  /** True when some cells carried currency or percent signs. */
  decorated: boolean;
}

/**
 * Choose the decimal mark that reads the most cells as numbers; on a tie (e.g. only whole numbers
 * or only "1,234"), the file's habit decides: a semicolon-separated file uses the decimal comma.
 */
export function detectDecimalMark(
  cells: readonly string[],
  isBlank: (cell: string) => boolean,
  preferComma: boolean,
): NumberEvidence {
  let dot = 0;
  let comma = 0;
  let decorated = false;
  for (const cell of cells) {
    if (isBlank(cell)) continue;
    const asDot = parseNumberFast(cell, '.');
    const asComma = parseNumberFast(cell, ',');
    // A plain number (digits, a minus, a mark) carries no sign or space: the expression is spared.
    const plain =
      !Number.isNaN(plainNumber(cell, 0, cell.length, 46)) || !Number.isNaN(plainNumber(cell, 0, cell.length, 44));
    if (!decorated && !plain && DECORATION.test(cell.trim())) decorated = true;
    DECORATION.lastIndex = 0;
    if (!Number.isNaN(asDot)) dot++;
    if (!Number.isNaN(asComma)) comma++;
  }
  const mark: DecimalMark = comma > dot || (comma === dot && preferComma) ? ',' : '.';
  const firstBad = cells.findIndex((cell) => !isBlank(cell) && Number.isNaN(parseNumberFast(cell, mark)));
  return { mark, firstBad, decorated };
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A plain number written in text[start, end) — an optional minus, digits, at most one decimal mark
 * (character code `markCode`) not at the end, at most 15 digits — or NaN for anything else. The
 * digits are read as one integer (exact below 2^53) and divided by a power of ten (exact up to
 * 10^22): one correctly rounded division gives exactly the double `Number()` would (Clinger's fast
 * path). Reads straight from a line of a file, without cutting the cell out of it.
 */
export function plainNumber(text: string, start: number, end: number, markCode: number): number {
  let i = start;
  const negative = i < end && text.charCodeAt(i) === 45;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let markAt = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (markAt >= 0) decimals++;
    } else if (c === markCode && markAt < 0) markAt = i;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15 || markAt === end - 1) return Number.NaN;
  const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
  return negative ? -value : value;
}

/**
 * `parseNumber` with a fast path for the plain cells big files are made of ("1234", "-5.25", "3,5"
 * with a decimal comma: `plainNumber`). Anything else — thousands separators, signs, exponents,
 * spaces, more than 15 digits, "1.234" with a decimal comma — goes the full way, so results are
 * identical.
 */
export function parseNumberFast(cell: string, mark: DecimalMark): number {
  const value = plainNumber(cell, 0, cell.length, mark === '.' ? 46 : 44);
  return value === value ? value : parseNumber(cell, mark);
}

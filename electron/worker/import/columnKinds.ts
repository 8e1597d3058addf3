import type { ColumnKind } from '../../../shared/domain';
import { MISSING_CELLS } from '../../../shared/import/missing';
import { detectDecimalMark, parseNumberFast, type DecimalMark } from './numbers';
import { DATE_ORDER_WORDS, looksLikeDate, readDates, type DateOrder } from '../../../shared/import/dates';
import { DistinctCounter } from './distinct';

const MISSING = new Set<string>(MISSING_CELLS);

/** A character that `trim` could remove (or, above U+1680, might: then the slow path decides). */
const mayBeSpace = (c: number): boolean => c <= 32 || c === 160 || c >= 0x1680;

/**
 * Whether a cell means "no value". Called for every cell of every file, so the common cases (a
 * number, a word longer than the markers) are decided from the first and last characters.
 */
export function isMissing(cell: string): boolean {
  const n = cell.length;
  if (n === 0) return true;
  const first = cell.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  if (n > 4 && !mayBeSpace(first) && !mayBeSpace(cell.charCodeAt(n - 1))) return false;
  return MISSING.has(cell.trim().toLowerCase());
}

/** Identifier columns by name, in the languages customer exports come in (Kundennummer, numéro client…). */
const ID_NAME =
  /(^|[_\s-])(id|uuid|guid)$|^id([_\s-]|$)|^(customer|client|cliente|member|account|user|person|contact|kunden?|mitglied)[_\s-]?(id|no|nr|number|nummer|n[uú]m[eé]ro|num|code|key)\.?$|^(n[uú]m[eé]ro|num)[_\s-]?(de[_\s-])?(client|cliente)$/i;
/** camelCase and PascalCase identifiers: CustomerID, customerId, UserID (case matters: "paid" and "valid" are not). */
const CAMEL_ID_NAME = /[a-z0-9](ID|Id)$/;

/** A number written with leading zeros ("0042", "-007"): a code, whose zeros a number would lose. */
export const zeroPadded = (cell: string): boolean => {
  const text = cell.trim();
  const start = text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43 ? 1 : 0;
  if (text.charCodeAt(start) !== 48) return false;
  const next = text.charCodeAt(start + 1);
  return next >= 48 && next <= 57;
};

/** Whether a column's name says it identifies a customer (or a row). */
export const namedLikeIdentifier = (name: string): boolean =>
  ID_NAME.test(name.trim()) || CAMEL_ID_NAME.test(name.trim());

export interface InferredColumn {
  kind: ColumnKind;
  note?: string;
  numbers?: Float64Array;
  /** The decimal mark that reads the column (numeric columns). */
  mark?: DecimalMark;
  /** Some cells carried currency or percent signs. */
  decorated?: boolean;
  /** The first non-blank cell that is not a number (row as the file counts it), or null. */
  firstBad?: { row: number; cell: string } | null;
  /** When every non-blank cell is a date: the day/month order, why, and the day numbers. */
  dates?: { order: DateOrder; evidence: string; days: Float64Array } | null;
  /** Some cells are numbers written with leading zeros ("0042"). */
  padded?: boolean;
}

/**
 * Decide a column's kind from its cells: numeric when every non-blank cell is a number;
 * identifier when its name says so (or text that is unique in every row); categorical when
 * it has few distinct values; free text otherwise.
 */
export function inferColumn(
  name: string,
  cells: string[],
  rowOffset: number,
  preferComma = false,
  forcedMark?: DecimalMark,
  dateOrder?: DateOrder,
): InferredColumn {
  const detected = detectDecimalMark(cells, isMissing, preferComma);
  const evidence = forcedMark
    ? {
        ...detected,
        mark: forcedMark,
        firstBad: cells.findIndex((cell) => !isMissing(cell) && Number.isNaN(parseNumberFast(cell, forcedMark))),
      }
    : detected;
  const numbers = new Float64Array(cells.length);
  const firstBad = evidence.firstBad;
  let present = 0;
  let padded = false;
  // Hashes, not the cells: a million distinct values cost 16 MB at most, not a million strings.
  const distinct = new DistinctCounter(Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isMissing(cell)) {
      numbers[i] = Number.NaN;
      continue;
    }
    present++;
    if (!padded && zeroPadded(cell)) padded = true;
    distinct.add(cell.trim());
    numbers[i] = parseNumberFast(cell, evidence.mark);
  }
  const firstBadCell = firstBad < 0 ? null : { row: firstBad + rowOffset, cell: cells[firstBad] };
  // Written as dates (not bare numbers) in every non-blank cell, and every one a real day.
  let dates: InferredColumn['dates'] = null;
  if (firstBadCell && present > 0 && cells.every((c) => isMissing(c) || looksLikeDate(c))) {
    const reading = readDates(cells, isMissing, dateOrder);
    if (reading.firstBad < 0) dates = { order: reading.order, evidence: reading.evidence, days: reading.days };
  }
  const decided = kindFromEvidence(name, {
    dates,
    rows: cells.length,
    present,
    distinct: distinct.size,
    firstBad: firstBadCell,
    mark: evidence.mark,
    decorated: evidence.decorated,
    padded,
  });
  const found = { ...decided, decorated: evidence.decorated, firstBad: firstBadCell, dates, padded };
  return decided.kind === 'numeric' ? { ...found, numbers } : found;
}

/** What is known of a column after reading it: enough to decide its kind. */
export interface ColumnEvidence {
  rows: number;
  /** Non-blank cells. */
  present: number;
  /** Distinct non-blank values. */
  distinct: number;
  /** The first non-blank cell that is not a number with `mark` (row as the file counts it), or null. */
  firstBad: { row: number; cell: string } | null;
  mark: DecimalMark;
  /** Some numbers carried currency or percent signs. */
  decorated: boolean;
  /** Every non-blank cell is a date: the order read and why. */
  dates?: { order: DateOrder; evidence: string } | null;
  /** Some numbers are written with leading zeros ("0042"): codes, kept as written. */
  padded?: boolean;
}

/**
 * The kind rules the reader decides a column with after its pass: identifier when the
 * name says so (or text unique in every row), numeric when every non-blank cell is a number,
 * categorical when it has few distinct values, free text otherwise; with the evidence in words.
 */
export function kindFromEvidence(
  name: string,
  e: ColumnEvidence,
): { kind: ColumnKind; note: string; mark?: DecimalMark } {
  const unique = e.present > 0 && e.distinct === e.present && e.present === e.rows;
  if (namedLikeIdentifier(name)) {
    return {
      kind: 'identifier',
      note: unique ? 'named like an identifier, unique in every row' : 'named like an identifier',
    };
  }
  if (e.present === 0) return { kind: 'text', note: 'every cell is blank' };
  // Numbers with leading zeros are codes (postcodes, account numbers): kept as written, zeros and all.
  if (!e.firstBad && e.padded) {
    if (unique) return { kind: 'identifier', note: 'zero-padded codes (like "0042"), unique in every row' };
    const limit = Math.max(2, Math.min(50, Math.ceil(e.present / 2)));
    return {
      kind: e.distinct <= limit ? 'categorical' : 'text',
      note: `zero-padded codes (like "0042"), kept as written; ${e.distinct} distinct values`,
    };
  }
  if (!e.firstBad) {
    const format = [e.mark === ',' ? 'decimal comma' : null, e.decorated ? 'currency or % signs removed' : null].filter(
      Boolean,
    );
    return {
      kind: 'numeric',
      mark: e.mark,
      note: `${e.present} numbers, ${e.rows - e.present} blank${format.length > 0 ? ` (${format.join(', ')})` : ''}`,
    };
  }
  if (e.dates) {
    return {
      kind: 'date',
      note: `${e.present} dates, ${e.rows - e.present} blank; ${DATE_ORDER_WORDS[e.dates.order]} (${e.dates.evidence})`,
    };
  }
  const badNote = `row ${e.firstBad.row}: "${e.firstBad.cell.trim().slice(0, 40)}" is not a number`;
  if (unique && e.rows > 20) return { kind: 'identifier', note: `unique in every row; ${badNote}` };
  const categoricalLimit = Math.max(2, Math.min(50, Math.ceil(e.present / 2)));
  if (e.distinct <= categoricalLimit) {
    return { kind: 'categorical', note: `${e.distinct} distinct value${e.distinct === 1 ? '' : 's'}; ${badNote}` };
  }
  return { kind: 'text', note: `${e.distinct} distinct values; ${badNote}` };
}

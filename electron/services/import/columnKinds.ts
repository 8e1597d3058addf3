import type { ColumnKind } from '../../../shared/domain';
import { detectDecimalMark, parseNumber, type DecimalMark } from './numbers';

/** Cells that mean "no value" in the exports marketing teams have. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '#n/a', '-', '?']);

export const isMissing = (cell: string): boolean => MISSING.has(cell.trim().toLowerCase());

const ID_NAME =
  /(^|[_\s-])(id|uuid|guid)$|^id([_\s-]|$)|^(customer|client|member|account)[_\s-]?(no|number|code|key)$/i;

export interface InferredColumn {
  kind: ColumnKind;
  note?: string;
  numbers?: Float64Array;
  /** The decimal mark that reads the column (numeric columns). */
  mark?: DecimalMark;
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
): InferredColumn {
  const detected = detectDecimalMark(cells, isMissing, preferComma);
  const evidence = forcedMark
    ? {
        ...detected,
        mark: forcedMark,
        firstBad: cells.findIndex((cell) => !isMissing(cell) && Number.isNaN(parseNumber(cell, forcedMark))),
      }
    : detected;
  const numbers = new Float64Array(cells.length);
  const firstBad = evidence.firstBad;
  let present = 0;
  const distinct = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isMissing(cell)) {
      numbers[i] = Number.NaN;
      continue;
    }
    present++;
    if (distinct.size <= cells.length) distinct.add(cell.trim());
    numbers[i] = parseNumber(cell, evidence.mark);
  }
  const unique = present > 0 && distinct.size === present && present === cells.length;
  if (ID_NAME.test(name.trim())) {
    return {
      kind: 'identifier',
      note: unique ? 'named like an identifier, unique in every row' : 'named like an identifier',
    };
  }
  if (present === 0) return { kind: 'text', note: 'every cell is blank' };
  if (firstBad < 0) {
    const format = [
      evidence.mark === ',' ? 'decimal comma' : null,
      evidence.decorated ? 'currency or % signs removed' : null,
    ].filter(Boolean);
    return {
      kind: 'numeric',
      numbers,
      mark: evidence.mark,
      note: `${present} numbers, ${cells.length - present} blank${format.length > 0 ? ` (${format.join(', ')})` : ''}`,
    };
  }
  const badNote = `row ${firstBad + rowOffset}: "${cells[firstBad].trim().slice(0, 40)}" is not a number`;
  if (unique && cells.length > 20) return { kind: 'identifier', note: `unique in every row; ${badNote}` };
  const categoricalLimit = Math.max(2, Math.min(50, Math.ceil(present / 2)));
  if (distinct.size <= categoricalLimit) {
    return { kind: 'categorical', note: `${distinct.size} distinct values; ${badNote}` };
  }
  return { kind: 'text', note: `${distinct.size} distinct values; ${badNote}` };
}

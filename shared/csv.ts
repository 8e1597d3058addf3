import type { CellValue } from './domain';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula — starting
 * with = + - @, tab or carriage return — gets a leading apostrophe (OWASP "CSV injection").
 * Numbers are written as numbers, so negative values stay numeric.
 */
export function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (values: readonly CellValue[]): string => values.map(csvCell).join(',');

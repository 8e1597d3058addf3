import { AppError } from '../../../shared/errors';
import { isOverflow } from './numbers';

/** What readers say of a row or cell they cannot take: file, row, column, and what to do. */

/** Rows whose number of fields differs from the header's: the first few, and what to do. */
export function raggedRowsError(fileName: string, rows: number[], width: number, hasHeader: boolean): AppError {
  const listed = rows.slice(0, 5);
  return new AppError(
    'CSV_RAGGED',
    `${fileName}: ${listed.length === 1 ? `row ${listed[0]} does` : `rows ${listed.join(', ')}${rows.length > 5 ? ' and more' : ''} do`} not have ${width} fields ` +
      `(as in ${hasHeader ? 'the header' : 'the first row'}). Fix ${listed.length === 1 ? 'it' : 'them'} in the file, ` +
      'or choose "Skip rows with the wrong number of fields".',
  );
}

/** A cell of a column the user set to numbers or dates that is not one: file, row, column, and what to do. */
export function wrongCellError(
  fileName: string,
  row: number,
  column: string,
  cell: string,
  kind: 'number' | 'date',
): AppError {
  if (isOverflow(cell)) return overflowError(fileName, row, column, cell);
  return new AppError(
    kind === 'number' ? 'NOT_A_NUMBER' : 'NOT_A_DATE',
    `${fileName}, row ${row}, column "${column}": "${cell.trim().slice(0, 40)}" is not a ${kind}. ` +
      'Choose another kind for this column, or fix the cell.',
  );
}

/** A number too large to hold: never stored as infinity, never taken for text. */
export function overflowError(fileName: string, row: number, column: string, cell: string): AppError {
  return new AppError(
    'NUMBER_OVERFLOW',
    `${fileName}, row ${row}, column "${column}": "${cell.trim().slice(0, 40)}" is too large a number to hold ` +
      '(beyond ±1.8 × 10^308). Nothing was imported. Fix the cell (a typing error or a broken export), or leave the column out.',
  );
}

import type Database from 'better-sqlite3';

/** A connection to the customer store (see database.ts for how it is opened). */
export type Db = Database.Database;

/**
 * An INSERT of many rows a statement (`into`: the table and its column list; `width` values a
 * row are bound, after `leading` when given): a million single-row inserts spend most of their
 * time calling into SQLite. The returned
 * function runs up to `chunk` rows at once from their values, row after row, in `params`; the
 * full chunk's statement is prepared once.
 */
export function manyRowsInsert(
  db: Db,
  into: string,
  width: number,
  chunk: number,
  /** An integer every row starts with, written into the statement (one value fewer to bind a row). */
  leading?: number,
): (params: readonly unknown[], rows: number) => void {
  if (leading !== undefined && !Number.isSafeInteger(leading)) throw new RangeError('leading must be an integer');
  const first = leading === undefined ? '' : `${leading}, `;
  const statement = (rows: number) =>
    db.prepare(
      `INSERT INTO ${into} VALUES ${Array.from({ length: rows }, () => `(${first}?${', ?'.repeat(width - 1)})`).join(', ')}`,
    );
  const full = statement(chunk);
  return (params, rows) => {
    (rows === chunk ? full : statement(rows)).run(params);
  };
}

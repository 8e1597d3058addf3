import type Database from 'better-sqlite3';

/** A connection to the customer store (see database.ts for how it is opened). */
export type Db = Database.Database;

/**
 * An INSERT of many rows a statement (`into`: the table and its column list; `width` values a
 * row): a million single-row inserts spend most of their time calling into SQLite. The returned
 * function runs up to `chunk` rows at once from their values, row after row, in `params`; the
 * full chunk's statement is prepared once.
 */
export function manyRowsInsert(
  db: Db,
  into: string,
  width: number,
  chunk: number,
): (params: readonly unknown[], rows: number) => void {
  const statement = (rows: number) =>
    db.prepare(
      `INSERT INTO ${into} VALUES ${Array.from({ length: rows }, () => `(?${', ?'.repeat(width - 1)})`).join(', ')}`,
    );
  const full = statement(chunk);
  return (params, rows) => {
    (rows === chunk ? full : statement(rows)).run(params);
  };
}

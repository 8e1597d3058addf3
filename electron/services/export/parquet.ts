/** Labelled customers as a Parquet file (hyparquet-writer: pure JavaScript, no native parts). */
import { parquetWriteBuffer } from 'hyparquet-writer';

/** Numbers as DOUBLE (blank: null), anything else as UTF-8 text. */
export function parquetBytes(header: string[], rows: (string | number | null)[][]): Uint8Array {
  const columnData = header.map((name, j) => {
    const numeric = rows.every((r) => r[j] === null || typeof r[j] === 'number');
    return numeric
      ? { name, type: 'DOUBLE' as const, data: rows.map((r) => r[j] as number | null) }
      : { name, type: 'STRING' as const, data: rows.map((r) => (r[j] === null ? null : String(r[j]))) };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/**
 * A table sent on in batches (a transaction log's customers, a workbook's rows) carries only each
 * batch's rows: a batch posted to the writer thread or to the main process is serialised with the
 * whole buffer of any view it holds, so views of whole columns once cloned the table per batch.
 */
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { TABLE_BATCH_ROWS, tableBatches } from '../../../shared/import/table';

describe('tableBatches', () => {
  const rows = TABLE_BATCH_ROWS * 8 + 123;
  const numbers = Float64Array.from({ length: rows }, (_, i) => i / 3);
  const texts = Array.from({ length: rows }, (_, i) => (i % 9 === 0 ? null : `C${i}`));
  const batches = [...tableBatches([numbers, texts], rows)];

  it('gives every row once, in order', () => {
    expect(batches.map((b) => b.rows)).toEqual([...Array(8).fill(TABLE_BATCH_ROWS), 123]);
    const back = batches.flatMap((b) => Array.from(b.columns[0] as Float64Array));
    expect(back).toEqual(Array.from(numbers));
    expect(batches.flatMap((b) => b.columns[1] as (string | null)[])).toEqual(texts);
  });

  it("holds only the batch's own rows, so posting one costs its size, not the table's", () => {
    for (const batch of batches) {
      const values = batch.columns[0] as Float64Array;
      expect(values.buffer.byteLength).toBe(batch.rows * 8);
      // Serialised as postMessage does: about the batch's numbers and texts, never the whole column.
      expect(serialize(batch).length).toBeLessThan(batch.rows * 8 + batch.rows * 16 + 1024);
    }
  });
});

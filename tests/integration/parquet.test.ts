/**
 * Parquet in and out: labelled customers exported as Parquet (1,000,000 rows) and imported back
 * give the same customers, values and segments; kinds come from the file's schema (numbers stay
 * numbers, dates dates); the wizard's preview of a Parquet file reads it whole.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-parquet-');
const db = join(temp.dir, 'p.db');
const json = async <T>(...args: string[]): Promise<T> => {
  const result = await runCli([...args, '--db', db, '--json'], temp.dir);
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as T;
};
beforeAll(requireBuild);
afterAll(temp.cleanup);

interface Described {
  rows: number;
  columns: { name: string; kind: string; count: number; mean: number | null; missing: number }[];
}

describe('Parquet', () => {
  it('round-trips 1,000,000 labelled customers: export as Parquet, import it back', async () => {
    const rows = 1_000_000;
    const lines = ['customer_id,spend,visits'];
    for (let i = 0; i < rows; i++) lines.push(`C${i},${i % 997 === 0 ? '' : ((i * 7919) % 100_000) / 100},${i % 13}`);
    const csv = join(temp.dir, 'big.csv');
    writeFileSync(csv, lines.join('\n'));
    const { dataset } = await json<{ dataset: { id: number } }>('import', csv);
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      'spend,visits',
      '--k',
      '3',
      '--inits',
      '1',
    );
    const out = join(temp.dir, 'labelled.parquet');
    const { exported } = await json<{ exported: { rows: number; columns: string[] } }>(
      'export',
      String(model.id),
      '--out',
      out,
    );
    expect(exported).toMatchObject({ rows, columns: ['customer_id', 'spend', 'visits', 'segment_id', 'segment'] });
    const back = await json<{
      dataset: { id: number; rows: number; columns: { name: string; kind: string; missing: number }[] };
    }>('import', out);
    expect(back.dataset.rows).toBe(rows);
    expect(back.dataset.columns.map((c) => [c.name, c.kind])).toEqual([
      ['customer_id', 'identifier'],
      ['spend', 'numeric'],
      ['visits', 'numeric'],
      ['segment_id', 'numeric'],
      ['segment', 'categorical'],
    ]);
    const before = await json<Described>('describe', String(dataset.id));
    const after = await json<Described>('describe', String(back.dataset.id));
    for (const name of ['spend', 'visits']) {
      const a = before.columns.find((c) => c.name === name);
      const b = after.columns.find((c) => c.name === name);
      expect(b).toMatchObject({ count: a?.count, missing: a?.missing });
      expect(b?.mean).toBeCloseTo(a?.mean as number, 9);
    }
  }, 300_000);

  it("takes each column's kind from the schema: numbers stay numbers, dates are dates", async () => {
    const file = join(temp.dir, 'typed.parquet');
    const n = 50;
    writeFileSync(
      file,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'id', type: 'STRING', data: Array.from({ length: n }, (_, i) => `K${i}`) },
            // Codes written as numbers: the schema says numbers.
            { name: 'region', type: 'INT32', data: Array.from({ length: n }, (_, i) => 1 + (i % 3)) },
            {
              name: 'spend',
              type: 'DOUBLE',
              data: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i * 1.5)),
            },
            {
              name: 'signup',
              type: 'TIMESTAMP',
              data: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2023, 0, 1 + i))),
            },
          ],
        }),
      ),
    );
    const { dataset } = await json<{
      dataset: { rows: number; columns: { name: string; kind: string; missing: number }[] };
    }>('import', file);
    expect(dataset.rows).toBe(n);
    expect(dataset.columns.map((c) => [c.name, c.kind, c.missing])).toEqual([
      ['id', 'identifier', 0],
      ['region', 'numeric', 0],
      ['spend', 'numeric', 5],
      ['signup', 'date', 0],
    ]);
  });

  it('writes assign results as Parquet, the same as the CSV', async () => {
    const lines = ['customer_id,spend,visits'];
    for (let i = 0; i < 300; i++) lines.push(`C${i},${(i * 37) % 500},${i % 9}`);
    const csv = join(temp.dir, 'small.csv');
    writeFileSync(csv, lines.join('\n'));
    const { dataset } = await json<{ dataset: { id: number } }>('import', csv);
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      'spend,visits',
      '--k',
      '3',
    );
    const asCsv = join(temp.dir, 'assigned.csv');
    const asParquet = join(temp.dir, 'assigned.parquet');
    await json('assign', String(model.id), csv, '--out', asCsv);
    await json('assign', String(model.id), csv, '--out', asParquet);
    const fromCsv = await json<{ dataset: { id: number } }>('import', asCsv);
    const fromParquet = await json<{ dataset: { id: number; rows: number } }>('import', asParquet);
    expect(fromParquet.dataset.rows).toBe(300);
    const a = await json<Described>('describe', String(fromCsv.dataset.id));
    const b = await json<Described>('describe', String(fromParquet.dataset.id));
    for (const name of ['spend', 'visits', 'distance']) {
      expect(b.columns.find((c) => c.name === name)?.mean).toBeCloseTo(
        a.columns.find((c) => c.name === name)?.mean as number,
        9,
      );
    }
  });
});

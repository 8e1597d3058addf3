/**
 * The CSV `assign` hands back: its columns and neutralised cells, and a clear refusal (not V8's
 * "Invalid string length") when the text would be too long for one string.
 */
import { describe, expect, it } from 'vitest';
import { assignedCsv, assignedRows, ASSIGNED_CSV_LIMIT } from '../../../shared/segments/assign';
import { csvLine } from '../../../shared/csv';
import type { ParsedTable } from '../../../shared/import/table';
import { seededRandom } from '../../../shared/ml/random';
import { readTable } from '../../../electron/worker/import/pipeline';

describe('the assigned CSV', () => {
  it('holds the file, segment_id, segment and distance; refuses text longer than its limit, naming the row', async () => {
    const table = await readTable('new.csv', { text: 'id,spend\nA,10\n=B,20\nC,30\n' });
    const assignment = {
      labels: Int32Array.from([0, 1, 0]),
      distances: Float64Array.from([0.5, 0.25, 1 / 3]),
      margins: new Float64Array(3),
      runnersUp: new Int32Array(3),
    };
    const { csv, rows, sizes } = assignedCsv(table, assignment, ['Big', 'Small']);
    expect(csv).toBe(
      "id,spend,segment_id,segment,distance\r\nA,10,1,Big,0.5\r\n'=B,20,2,Small,0.25\r\nC,30,1,Big,0.333333\r\n",
    );
    expect([rows, sizes]).toEqual([3, [2, 1]]);
    // Header and two rows fit in 80 characters; the third row does not.
    expect(() => assignedCsv(table, assignment, ['Big', 'Small'], null, 80)).toThrow(
      /3 assigned customers make more CSV text than the app can hand back in one piece \(80 characters, reached at row 3\)/,
    );
    expect(ASSIGNED_CSV_LIMIT).toBeLessThan(2 ** 29 - 24);
  });
});

describe('the assigned CSV written in pieces', () => {
  it('is, cell for cell, the rows assign gives a Parquet file written as CSV lines', () => {
    const random = seededRandom(11);
    const texts = [
      'plain',
      '=SUM(A1)',
      '+1',
      '-2',
      '@x',
      'a,b',
      'say "hi"',
      'two\nlines',
      'tab\tin',
      '',
      null,
      'Müller',
    ];
    // 40,000 rows make more than one piece of text.
    for (const rows of [0, 1, 7, 40_000]) {
      const number = () => (random() < 0.1 ? Number.NaN : (random() - 0.5) * 10 ** Math.floor(random() * 8));
      const table = {
        rowCount: rows,
        columns: [
          { name: 'id', kind: 'identifier', missing: 0, values: Array.from({ length: rows }, (_, i) => `C${i}`) },
          { name: 'spend', kind: 'numeric', missing: 0, values: Float64Array.from({ length: rows }, number) },
          {
            name: 'note, "quoted"',
            kind: 'categorical',
            missing: 0,
            values: Array.from({ length: rows }, () => texts[Math.floor(random() * texts.length)]),
          },
        ],
      } as unknown as ParsedTable;
      const assignment = {
        labels: Int32Array.from({ length: rows }, () => Math.floor(random() * 3)),
        distances: Float64Array.from({ length: rows }, () => random() * 3),
        margins: new Float64Array(rows),
        runnersUp: new Int32Array(rows),
      };
      for (const leftOut of [
        null,
        Array.from({ length: rows }, (_, i) => (i % 5 === 2 ? 'a blank in "Income"' : null)),
      ]) {
        const names = ['Big, "loyal"', '=Risky', 'Small'];
        const { header, rows: cells, sizes, left } = assignedRows(table, assignment, names, leftOut);
        const expected = [header, ...cells].map((r) => `${csvLine(r)}\r\n`).join('');
        const written = assignedCsv(table, assignment, names, leftOut);
        expect(written.csv).toBe(expected);
        expect([written.sizes, written.leftOut]).toEqual([sizes, left]);
      }
    }
  });
});

/**
 * The CSV `assign` hands back: its columns and neutralised cells, and a clear refusal (not V8's
 * "Invalid string length") when the text would be too long for one string.
 */
import { describe, expect, it } from 'vitest';
import { assignedCsv, ASSIGNED_CSV_LIMIT } from '../../../shared/segments/assign';
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

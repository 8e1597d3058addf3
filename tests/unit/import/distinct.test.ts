import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DistinctCounter, hash53 } from '../../../electron/worker/import/distinct';
import { readTable } from '../../../electron/worker/import/pipeline';

describe('counting distinct values', () => {
  it('counts as a Set of the hashes does, through every growth of the table', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (texts) => {
        const counter = new DistinctCounter(Number.MAX_SAFE_INTEGER, 2);
        for (const text of texts) counter.add(text);
        expect(counter.size).toBe(new Set(texts.map(hash53)).size);
      }),
      { numRuns: 200 },
    );
  });

  it('counts the hash 0 once, and stops at its limit', () => {
    const counter = new DistinctCounter(5);
    counter.addHash(0);
    counter.addHash(0);
    expect(counter.size).toBe(1);
    for (let i = 1; i < 100; i++) counter.addHash(i * 2 ** 40);
    expect(counter.size).toBe(5);
  });

  it('counts texts in order without the table, and the same when one comes out of order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 400 }),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 500 }),
        (texts, after, limit) => {
          // Sorted, with repeats (a repeat is out of order: not after the one before).
          const ordered = [...texts].sort();
          const all = [...ordered, ...after];
          const counter = new DistinctCounter(limit);
          for (const text of all) counter.add(text);
          expect(counter.size).toBe(Math.min(limit, new Set(all.map(hash53)).size));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells a million distinct ids from a million with one repeat', () => {
    const unique = new DistinctCounter(2_000_000);
    const repeated = new DistinctCounter(2_000_000);
    for (let i = 0; i < 1_000_000; i++) {
      unique.add(`CUST-${String(i).padStart(8, '0')}`);
      repeated.add(`CUST-${String(i === 999_999 ? 17 : i).padStart(8, '0')}`);
    }
    expect([unique.size, repeated.size]).toEqual([1_000_000, 999_999]);
  });
});

describe('reading UTF-8 that starts as ASCII', () => {
  it('reads accents after megabytes of ASCII, cut across reads anywhere', async () => {
    const lines = ['id,name,spend'];
    for (let i = 0; i < 40_000; i++) lines.push(`${i},Name ${i},${i % 97}`);
    lines.push('40000,Zoë Łukasz,5', '40001,日本,6');
    const bytes = new TextEncoder().encode(lines.join('\n'));
    for (const chunkBytes of [4 << 20, 65_536, 1_001, 7]) {
      const table = await readTable('utf8.csv', { bytes }, {}, undefined, { chunkBytes });
      expect(table.encoding).toBe('UTF-8');
      expect((table.columns[1].values as string[]).slice(-2)).toEqual(['Zoë Łukasz', '日本']);
    }
  });
});

/**
 * Segments over time (`transitions`): on a synthetic pair of snapshots where known customers were
 * moved from one group to another, removed and added, the transitions, sizes and drift (PSI) equal
 * a hand computation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-transitions-');
const db = join(temp.dir, 't.db');
const run = (...args: string[]) => runCli([...args, '--db', db], temp.dir);
const json = async <T>(...args: string[]): Promise<T> => {
  const result = await run(...args, '--json');
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as T;
};
beforeAll(requireBuild);
afterAll(temp.cleanup);

let seed = 9;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const CENTRES = [
  [10, 10],
  [60, 15],
  [35, 70],
];
const point = (blob: number) => CENTRES[blob].map((c) => Math.round((c + (random() - 0.5) * 10) * 100) / 100);

/** The hand computation of a PSI: deciles of the earlier values by linear interpolation, shares per bin. */
function handPsi(before: number[], after: number[]): number {
  const sorted = [...before].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  const edges: number[] = [];
  for (let d = 1; d < 10; d++) {
    const e = at(d / 10);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  const shares = (values: number[]) => {
    const counts = new Array<number>(edges.length + 2).fill(0);
    for (const v of values) counts[edges.filter((e) => v > e).length]++;
    return counts.map((c) => c / values.length);
  };
  const e = shares(before);
  const a = shares(after);
  return e.reduce((sum, ei, i) => {
    const x = Math.max(ei, 1e-4);
    const y = Math.max(a[i], 1e-4);
    return sum + (y - x) * Math.log(y / x);
  }, 0);
}

describe('segments over time', () => {
  it('counts who stayed, moved, is new or gone, and measures drift, as by hand', async () => {
    const before: { id: string; blob: number; x: number; y: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const blob = i % 3;
      const [x, y] = point(blob);
      before.push({ id: `C${i}`, blob, x, y });
    }
    // Later: the first 40 customers of blob 0 now look like blob 1; 20 of blob 2 are gone; 30 new in blob 2.
    const moved = new Set(
      before
        .filter((c) => c.blob === 0)
        .slice(0, 40)
        .map((c) => c.id),
    );
    const gone = new Set(
      before
        .filter((c) => c.blob === 2)
        .slice(0, 20)
        .map((c) => c.id),
    );
    const after = before
      .filter((c) => !gone.has(c.id))
      .map((c) => (moved.has(c.id) ? { ...c, blob: 1, x: point(1)[0], y: point(1)[1] } : c));
    for (let i = 0; i < 30; i++) {
      const [x, y] = point(2);
      after.push({ id: `N${i}`, blob: 2, x, y });
    }
    const write = (name: string, rows: typeof before) => {
      const file = join(temp.dir, name);
      writeFileSync(file, ['customer_id,x,y', ...rows.map((r) => `${r.id},${r.x},${r.y}`)].join('\n'));
      return file;
    };
    const beforeFile = write('before.csv', before);
    const afterFile = write('after.csv', after);
    const { dataset } = await json<{ dataset: { id: number } }>('import', beforeFile);
    const { model } = await json<{ model: { id: number } }>(
      'train',
      String(dataset.id),
      '--features',
      'x,y',
      '--k',
      '3',
    );
    // Which segment each blob became, from the model's own labels.
    const labels = join(temp.dir, 'labels.csv');
    await json('export', String(model.id), '--out', labels);
    const rows = Papa.parse<Record<string, string>>(readFileSync(labels, 'utf8').trim(), { header: true }).data;
    const segmentOf = new Map<number, number>();
    rows.forEach((r, i) => segmentOf.set(before[i].blob, Number(r.segment_id) - 1));
    expect(new Set(segmentOf.values()).size).toBe(3);
    const s = (blob: number) => segmentOf.get(blob) as number;

    const result = await json<{
      transitions: { from: number | null; to: number | null; count: number }[];
      segments: { cluster: number; before: number; after: number }[];
      stayed: number;
      matched: number;
      drift: { feature: string; psi: number; verdict: string }[];
      farFromCentroids: number;
    }>('transitions', String(model.id), '--before', beforeFile, '--after', afterFile);
    const count = (from: number | null, to: number | null) =>
      result.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
    expect(result.matched).toBe(580);
    expect(result.stayed).toBe(540);
    expect(count(s(0), s(1))).toBe(40);
    expect(count(s(0), s(0))).toBe(160);
    expect(count(s(2), null)).toBe(20);
    expect(count(null, s(2))).toBe(30);
    expect(result.transitions.reduce((sum, t) => sum + t.count, 0)).toBe(600 + 30);
    for (const blob of [0, 1, 2]) {
      const segment = result.segments.find((x) => x.cluster === s(blob));
      expect(segment?.before).toBe(200);
      expect(segment?.after).toBe(after.filter((c) => c.blob === blob).length);
    }
    for (const feature of ['x', 'y'] as const) {
      const drift = result.drift.find((d) => d.feature === feature);
      expect(drift?.psi).toBeCloseTo(
        handPsi(
          before.map((c) => c[feature]),
          after.map((c) => c[feature]),
        ),
        12,
      );
    }
    expect(result.drift.find((d) => d.feature === 'x')?.verdict).toMatch(/^x (is stable|has shifted)/);
    expect(result.farFromCentroids).toBeLessThan(0.05);

    // The comparison is kept for the report's optional "Segments over time".
    const pdf = join(temp.dir, 'over-time.pdf');
    await json('report', String(model.id), '--out', pdf, '--sections', 'transitions');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Segments over time');
    expect(text).toContain('before.csv compared with after.csv: 580 customers are in both, and 540');
    expect(text).toContain('The largest moves');

    const missing = await run('transitions', String(model.id), '--before', beforeFile);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('transitions needs --before FILE and --after FILE');
  });
});

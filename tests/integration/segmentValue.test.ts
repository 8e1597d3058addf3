/**
 * Who is worth what (`segments --json` value and outcomes), against a hand computation from the
 * exported labels: each segment's share of customers and of the value column (shares sum to 1),
 * its mean and median, each 0/1 column's rate beside the overall rate; the file's values count,
 * never the capped ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';
import { guessValueColumn, segmentValue } from '../../shared/segments/value';

const temp = tempDir('segment-value-');
const db = join(temp.dir, 'value.db');
const cli = async (...args: string[]) => {
  const result = await runCli([...args, '--db', db, '--json'], temp.dir);
  if (result.code !== 0) throw new Error(`segment-studio ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
};
beforeAll(requireBuild);
afterAll(temp.cleanup);

interface Segment {
  cluster: number;
  value: { column: string; share: number; customerShare: number; mean: number; median: number } | null;
  outcomes: { column: string; rate: number; overallRate: number }[];
}

describe('segment value', () => {
  it('matches a hand computation from the labels, with the file values of a capped column', async () => {
    let seed = 3;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const lines = ['customer_id,total_spend,visits,response,churned'];
    for (let i = 0; i < 900; i++) {
      const group = i % 3;
      const spend = i % 97 === 0 ? 90000 : Math.round(100 + group * 800 + random() * 300);
      lines.push(
        `C${i},${i % 50 === 7 ? '' : spend},${group * 6 + Math.floor(random() * 4)},${random() < 0.1 + group * 0.2 ? 1 : 0},${random() < 0.3 ? 1 : 0}`,
      );
    }
    const file = join(temp.dir, 'shop.csv');
    writeFileSync(file, lines.join('\n'));
    const { dataset } = (await cli('import', file, '--clean', 'total_spend=median,cap')) as { dataset: { id: number } };
    const { model } = (await cli('train', String(dataset.id), '--features', 'total_spend,visits', '--k', '3')) as {
      model: { id: number };
    };
    const { segments } = (await cli('segments', String(model.id))) as { segments: Segment[] };
    const out = join(temp.dir, 'labels.csv');
    await cli('export', String(model.id), '--out', out);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8').trim(), { header: true }).data;

    // By hand: the export carries the file's spend (90,000 included, blanks blank).
    const spendOf = (r: Record<string, string>) => (r.total_spend === '' ? null : Number(r.total_spend));
    const total = rows.reduce((sum, r) => sum + (spendOf(r) ?? 0), 0);
    expect(rows.some((r) => spendOf(r) === 90000)).toBe(true);
    const shares = segments.map((s) => s.value?.share ?? 0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const s of segments) {
      const mine = rows.filter((r) => Number(r.segment_id) === s.cluster + 1);
      const spends = mine
        .map(spendOf)
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b);
      const sum = spends.reduce((a, b) => a + b, 0);
      const middle = spends.length / 2;
      const median = spends.length % 2 ? spends[Math.floor(middle)] : (spends[middle - 1] + spends[middle]) / 2;
      expect(s.value).toMatchObject({ column: 'total_spend' });
      expect(s.value?.share).toBeCloseTo(sum / total, 12);
      expect(s.value?.customerShare).toBeCloseTo(mine.length / rows.length, 12);
      expect(s.value?.mean).toBeCloseTo(sum / spends.length, 9);
      expect(s.value?.median).toBe(median);
      for (const column of ['response', 'churned']) {
        const outcome = s.outcomes.find((o) => o.column === column);
        expect(outcome?.rate).toBeCloseTo(mine.filter((r) => r[column] === '1').length / mine.length, 12);
        expect(outcome?.overallRate).toBeCloseTo(rows.filter((r) => r[column] === '1').length / rows.length, 12);
      }
      // visits is no outcome (not 0/1).
      expect(s.outcomes.map((o) => o.column)).toEqual(['response', 'churned']);
    }
  });

  it("puts a transaction log's RFM groups beside the segments, and values it by monetary", async () => {
    const log = join(repoRoot, 'tests', 'fixtures', 'transactions_log.csv');
    const { dataset } = (await cli(
      'import',
      log,
      '--transactions',
      '--customer',
      'CustomerID',
      '--date',
      'InvoiceDate',
      '--quantity',
      'Quantity',
      '--price',
      'UnitPrice',
      '--invoice',
      'InvoiceNo',
    )) as { dataset: { id: number; rows: number } };
    const { model } = (await cli(
      'train',
      String(dataset.id),
      '--features',
      'recency_days,frequency,monetary',
      '--k',
      '3',
    )) as {
      model: { id: number };
    };
    const out = (await cli('segments', String(model.id))) as {
      segments: Segment[];
      rfmGroups: { column: string; levels: string[]; counts: number[][] };
    };
    expect(out.segments[0].value?.column).toBe('monetary');
    expect(out.rfmGroups.column).toBe('rfm_group');
    expect(out.rfmGroups.counts.flat().reduce((a, b) => a + b, 0)).toBe(dataset.rows);
    out.rfmGroups.counts.forEach((row, c) =>
      expect(row.reduce((a, b) => a + b, 0)).toBe(Math.round(out.segments[c].value!.customerShare * dataset.rows)),
    );
  });

  it('gives no shares of a total that mixes signs (returns, credits): they could pass 100%', () => {
    const labels = Int32Array.from([0, 0, 1, 1, 2]);
    const out = segmentValue(labels, 3, { name: 'net_spend', values: Float64Array.from([100, 50, -80, 10, 5]) }, []);
    expect(out.negatives).toBe(1);
    expect(out.segments.map((s) => s.share)).toEqual([null, null, null]);
    expect(out.segments.map((s) => s.mean)).toEqual([75, -35, 5]);
  });

  it('recognises a value column by its name, and asks when several spend columns have no total', () => {
    const numeric = (...names: string[]) => names.map((name) => ({ name, kind: 'numeric' as const, missing: 0 }));
    expect(guessValueColumn(numeric('Income', 'monetary', 'average_order_value'))).toBe('monetary');
    expect(guessValueColumn(numeric('Total_Spending', 'MntWines', 'Income'))).toBe('Total_Spending');
    expect(guessValueColumn(numeric('spend_wine', 'spend_meat', 'visits'))).toBeNull();
    expect(guessValueColumn(numeric('avg_spend', 'visits'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { describeData, numericStats, pearson } from '../../../shared/import/describe';

describe('describing a dataset', () => {
  it('summarises a numeric column as pandas.describe does (population std), with a histogram', () => {
    const stats = numericStats('x', Float64Array.from([1, 2, 3, 4, Number.NaN, 10]));
    expect(stats).toMatchObject({
      count: 5,
      missing: 1,
      distinct: 5,
      mean: 4,
      min: 1,
      q1: 2,
      median: 3,
      q3: 4,
      max: 10,
    });
    expect(stats.std).toBeCloseTo(Math.sqrt((9 + 4 + 1 + 0 + 36) / 5), 12);
    expect(stats.histogram?.counts.reduce((a, b) => a + b)).toBe(5);
    expect(stats.histogram?.edges).toHaveLength(21);
  });

  it('computes Pearson correlations and warns of constant, blank, skewed, duplicated and many-level columns', () => {
    const n = 200;
    const a = Float64Array.from({ length: n }, (_, i) => i);
    const b = Float64Array.from({ length: n }, (_, i) => 2 * i + 1);
    const skewed = Float64Array.from({ length: n }, (_, i) => (i < 195 ? 1 + (i % 3) : 1000));
    const blank = Float64Array.from({ length: n }, (_, i) => (i < 150 ? Number.NaN : i));
    const constant = new Float64Array(n).fill(7);
    const codes = Int32Array.from({ length: n }, (_, i) => i % 150);
    const result = describeData({
      rows: n,
      numeric: [
        { name: 'a', values: a },
        { name: 'b', values: b },
        { name: 'skewed', values: skewed },
        { name: 'blank', values: blank },
        { name: 'constant', values: constant },
      ],
      categorical: [{ name: 'city', codes, levels: Array.from({ length: 150 }, (_, i) => `c${i}`) }],
    });
    expect(result.correlation.matrix[0][1]).toBeCloseTo(1, 12);
    expect(result.correlation.matrix[1][0]).toBeCloseTo(1, 12);
    expect(pearson(a, constant)).toBeNull();
    const kinds = result.warnings.map((w) => `${w.kind}:${w.column}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'constant:constant',
        'mostly-missing:blank',
        'skewed:skewed',
        'many-levels:city',
        'correlated:a',
      ]),
    );
    expect(result.warnings.find((w) => w.kind === 'correlated')?.message).toBe(
      'a and b move together (r = 1.00): using both counts the same thing twice.',
    );
  });

  it('suggests log(1 + x) only where it helps: not for a 0/1 flag, not below −1', () => {
    const n = 200;
    const flag = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 1 : 0));
    const negative = Float64Array.from({ length: n }, (_, i) => (i < 195 ? -5 + (i % 3) : 1000));
    const result = describeData({
      rows: n,
      numeric: [
        { name: 'responded', values: flag },
        { name: 'balance', values: negative },
      ],
      categorical: [],
    });
    expect(result.columns.find((c) => c.name === 'responded')?.skewness).toBeGreaterThan(2);
    expect(result.warnings.filter((w) => w.kind === 'skewed')).toEqual([]);
  });
});

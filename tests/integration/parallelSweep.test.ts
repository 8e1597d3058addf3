import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parallelSweep, scheduleKs } from '../../electron/worker/parallelSweep';
import { sweepK } from '../../shared/ml/sweep';
import { applyPreprocessing, fitPreprocessing } from '../../shared/ml/preprocess';
import { builtMain, requireBuild } from '../helpers/built';
import { loadReference } from '../helpers/fixtures';

beforeAll(requireBuild);

describe('parallel k sweep (worker threads)', () => {
  it('spreads ks over threads by cost', () => {
    const shares = scheduleKs([2, 3, 4, 5, 6, 7, 8, 9, 10], 2, (k) => k);
    expect(shares.flat().sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const loads = shares.map((s) => s.reduce((a, b) => a + b, 0));
    expect(Math.abs(loads[0] - loads[1])).toBeLessThanOrEqual(2);
  });

  it('gives exactly the single-threaded sweep, with progress', async () => {
    const { reference, matrix } = loadReference('overlap_2000');
    const raw = {
      rows: matrix.rows,
      numeric: reference.features.map((name, j) => ({
        name,
        values: Float64Array.from({ length: matrix.rows }, (_, i) => matrix.data[i * matrix.cols + j]),
      })),
      categorical: [],
    };
    const x = applyPreprocessing(raw, fitPreprocessing(raw, { scaling: 'standard' }));
    const options = { kMin: 2, kMax: 7, nInit: 2, seed: 3, stabilityRuns: 2 };
    const fractions: number[] = [];
    const parallel = await parallelSweep(
      x,
      { ...options, onProgress: (p) => fractions.push(p.fraction) },
      2,
      join(builtMain, 'sweep-thread.js'),
    );
    const single = sweepK(x, options);
    const strip = (points: typeof single.points) => points.map(({ seconds: _seconds, ...rest }) => rest);
    expect(strip(parallel.points)).toEqual(strip(single.points));
    expect(fractions.length).toBeGreaterThan(5);
    expect(Math.max(...fractions)).toBeCloseTo(1, 9);
  });
});

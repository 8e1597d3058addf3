/**
 * K-Means' starts on two threads give exactly the single-threaded fit — the same starts, the same
 * best run (the first of equals), the same Hartigan moves and swap search — and so the same model.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parallelStarts } from '../../electron/worker/parallelStarts';
import { kmeans, kmeansParallel } from '../../shared/ml/kmeans';
import { trainSegments, trainSegmentsParallel } from '../../shared/ml/train';
import { syntheticCustomers } from '../helpers/synthetic';
import { builtMain, requireBuild } from '../helpers/built';

beforeAll(requireBuild);

const runner = () => parallelStarts(2, join(builtMain, 'starts-thread.js'));

describe('parallel K-Means starts (worker threads)', () => {
  it('give exactly the single-threaded fit at several k and seeds', async () => {
    const x = syntheticCustomers(6000, 6, 4, 5);
    for (const [k, seed, nInit] of [
      [2, 0, 4],
      [5, 3, 5],
      [9, 11, 10],
    ]) {
      const single = kmeans(x, { k, seed, nInit });
      const iterations: number[] = [];
      const parallel = await kmeansParallel(
        x,
        { k, seed, nInit, onProgress: (p) => iterations.push(p.init) },
        runner(),
      );
      expect(parallel.inertia).toBe(single.inertia);
      expect(Array.from(parallel.centroids.data)).toEqual(Array.from(single.centroids.data));
      expect(Array.from(parallel.labels)).toEqual(Array.from(single.labels));
      expect(iterations.length).toBeGreaterThan(0);
      expect(Math.max(...iterations)).toBeLessThan(nInit);
    }
  });

  it('train the same model', async () => {
    const x = syntheticCustomers(3000, 4, 9, 4);
    const raw = {
      rows: x.rows,
      numeric: ['a', 'b', 'c', 'd'].map((name, j) => ({
        name,
        values: Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]),
      })),
      categorical: [],
    };
    const input = { raw, options: { scaling: 'standard' as const }, k: 4, seed: 2, nInit: 6 };
    const single = trainSegments(input);
    const parallel = await trainSegmentsParallel(input, () => {}, runner());
    expect(parallel).toEqual(single);
  });
});

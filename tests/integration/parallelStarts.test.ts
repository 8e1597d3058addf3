/**
 * K-Means' starts on two threads give exactly the single-threaded fit — the same starts, the same
 * best run (the first of equals), the same Hartigan moves and swap search — and so the same model.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parallelStarts } from '../../electron/worker/parallelStarts';
import { kmeans, kmeansParallel } from '../../shared/ml/kmeans';
import { methodSentences, startsSampleNote } from '../../shared/report/summary';
import type { ModelSummary } from '../../shared/domain';
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

  it('above a row count run the starts on a seeded sample and Lloyd from the best on every row, and say so', async () => {
    const x = syntheticCustomers(8000, 5, 4, 7);
    const startsSample = { above: 5000, rows: 2000 };
    const all = kmeans(x, { k: 4, seed: 1, nInit: 6 });
    const sampled = kmeans(x, { k: 4, seed: 1, nInit: 6, startsSample });
    expect(all.startsSampled).toBe(8000);
    expect(sampled.startsSampled).toBe(2000);
    // Every row is labelled by the final centres, and the fit is as good as the one from all rows.
    expect(sampled.labels).toHaveLength(8000);
    expect(sampled.inertia).toBeLessThanOrEqual(all.inertia * 1.001);
    // The same seed gives the same model, on one thread or two.
    const again = kmeans(x, { k: 4, seed: 1, nInit: 6, startsSample });
    expect(Array.from(again.labels)).toEqual(Array.from(sampled.labels));
    const phases: boolean[] = [];
    const parallel = await kmeansParallel(
      x,
      { k: 4, seed: 1, nInit: 6, startsSample, onProgress: (p) => phases.push(p.allRows === true) },
      runner(),
    );
    expect(parallel.inertia).toBe(sampled.inertia);
    expect(Array.from(parallel.centroids.data)).toEqual(Array.from(sampled.centroids.data));
    expect(parallel.startsSampled).toBe(2000);
    // Progress tells the passes on every row from the starts.
    expect(phases).toContain(true);
    expect(phases).toContain(false);

    // Trained as a model: the sample's size is kept, and the method says what ran on it.
    const raw = {
      rows: x.rows,
      numeric: ['a', 'b', 'c', 'd', 'e'].map((name, j) => ({
        name,
        values: Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]),
      })),
      categorical: [],
    };
    const messages: string[] = [];
    const input = { raw, options: { scaling: 'standard' as const }, k: 4, seed: 1, nInit: 6, startsSample };
    const output = trainSegments(input, (_, __, message) => messages.push(message));
    expect(output.startsSampled).toBe(2000);
    expect(messages.some((m) => /best of 6 starts on a sample, refined on all 8,000 customers/.test(m))).toBe(true);
    expect(trainSegments({ ...input, startsSample: null }).startsSampled).toBe(8000);
    const model = { customers: 8000, startsSampled: 2000, nInit: 6 };
    expect(startsSampleNote(model)).toBe(
      "The 6 starts ran on a seeded sample of 2,000 of the 8,000 customers; Lloyd's passes from the best of them then ran on every customer.",
    );
    expect(startsSampleNote({ ...model, startsSampled: 8000 })).toBe('');
    const method = methodSentences(
      {
        ...model,
        k: 4,
        seed: 1,
        features: [],
        recipe: null,
        preprocessing: { scaling: 'standard', numeric: [], categorical: [], columns: [] },
      } as unknown as ModelSummary,
      null,
    );
    expect(method).toContain(startsSampleNote(model));
  });
});

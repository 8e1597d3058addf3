/**
 * K-Means with its passes over the rows shared by two threads (a row team: chunks of rows, each
 * chunk's sums its own, added in chunk order) gives exactly the single-threaded fit — the same
 * starts, the same Lloyd passes, the same Hartigan moves and swap search — and so the same model.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowTeam } from '../../electron/worker/rowTeam';
import { measuresInThread } from '../../electron/worker/parallelMeasures';
import { kmeans, kmeansParallel, lloyd, lloydRunOn, swapImprove, type SwapOptions } from '../../shared/ml/kmeans';
import { createMatrix, selectRows, type Matrix } from '../../shared/ml/matrix';
import { seededRandom } from '../../shared/ml/random';
import { kernelMatrixData } from '../../shared/ml/wasm/lloydKernel';
import { CHUNK_ROWS } from '../../shared/ml/wasm/rowTeam';
import { methodSentences, startsSampleNote } from '../../shared/report/summary';
import type { ModelSummary } from '../../shared/domain';
import { trainSegments, trainSegmentsParallel } from '../../shared/ml/train';
import { syntheticCustomers } from '../helpers/synthetic';
import { builtMain, requireBuild } from '../helpers/built';

beforeAll(requireBuild);

/** Chunks the helper ran in the last team run (the tests check it took part). */
let helped = 0;
const runner = () => rowTeam(2, join(builtMain, 'team-thread.js'), { onHelped: (chunks) => (helped = chunks) });

/** A matrix in a kernel memory (as training makes it), read in place by both threads. */
function inKernelMemory(x: Matrix): Matrix {
  const data = kernelMatrixData(x.data.length);
  data.set(x.data);
  return createMatrix(x.rows, x.cols, data);
}

describe('K-Means passes shared by a row team (worker threads)', () => {
  it('give exactly the single-threaded fit at several k and seeds, the helper taking chunks', async () => {
    // Several chunks, the last a short one.
    const x = inKernelMemory(syntheticCustomers(3 * CHUNK_ROWS + 1234, 6, 4, 5));
    let helpedInAll = 0;
    for (const [k, seed, nInit] of [
      [2, 0, 2],
      [5, 3, 3],
      [9, 11, 2],
    ]) {
      const single = kmeans(x, { k, seed, nInit });
      const iterations: number[] = [];
      const parallel = await kmeansParallel(
        x,
        { k, seed, nInit, onProgress: (p) => iterations.push(p.init) },
        runner(),
      );
      expect(Object.is(parallel.inertia, single.inertia)).toBe(true);
      expect(Array.from(parallel.centroids.data)).toEqual(Array.from(single.centroids.data));
      expect(Array.from(parallel.labels)).toEqual(Array.from(single.labels));
      helpedInAll += helped;
      expect(iterations.length).toBeGreaterThan(0);
      expect(Math.max(...iterations)).toBeLessThan(nInit);
    }
    expect(helpedInAll).toBeGreaterThan(0);
  });

  it("try the swap search's moves two at a time, one on each thread: the same moves, draws and fit", async () => {
    // Eight groups (rows dealt round-robin); a fit from two centres in the first and none in the last.
    const x = inKernelMemory(syntheticCustomers(2 * CHUNK_ROWS + 3000, 8, 3, 6));
    const poor = lloyd(x, selectRows(x, [0, 1, 2, 3, 4, 5, 6, 8]), { tolerance: 0 });
    const search = (random: ReturnType<typeof seededRandom>, moves: { paired: boolean; taken: boolean }[]) => {
      const options: SwapOptions = { maxIter: 300, tolerance: 0, onMove: (move) => moves.push(move) };
      const fit = swapImprove(x, poor, random, options);
      return { fit, next: random() };
    };
    for (const seed of [1, 2, 3]) {
      const alone: { paired: boolean; taken: boolean }[] = [];
      const paired: { paired: boolean; taken: boolean }[] = [];
      const one = search(seededRandom(seed), alone);
      const two = await runner()(x.rows, () => search(seededRandom(seed), paired));
      expect(Object.is(two.fit.inertia, one.fit.inertia)).toBe(true);
      expect(Array.from(two.fit.centroids.data)).toEqual(Array.from(one.fit.centroids.data));
      expect(Array.from(two.fit.labels)).toEqual(Array.from(one.fit.labels));
      // The same moves, in the same order, taken or not alike; in pairs on the team.
      expect(paired.map((m) => m.taken)).toEqual(alone.map((m) => m.taken));
      expect(alone.every((m) => !m.paired)).toBe(true);
      expect(paired.filter((m) => m.paired).length).toBeGreaterThanOrEqual(paired.length - 1);
      // Moves that paid, and six that did not at the end.
      expect(alone.some((m) => m.taken)).toBe(true);
      expect(one.fit.inertia).toBeLessThan(poor.inertia);
      expect(alone.slice(-6).every((m) => !m.taken)).toBe(true);
      // At most one random number further on than one after the other.
      const random = seededRandom(seed);
      const draws = Array.from({ length: 64 }, () => random());
      expect(draws.indexOf(two.next) - draws.indexOf(one.next)).toBeGreaterThanOrEqual(0);
      expect(draws.indexOf(two.next) - draws.indexOf(one.next)).toBeLessThanOrEqual(1);
    }
    // A helper's run that cannot be made says so (NaN), and the asking thread makes it.
    expect(lloydRunOn(() => new ArrayBuffer(64))(0, 100, 4, 3, 0, 10, 0)).toBeNaN();
  });

  it('train the same model, its matrix measures made by a thread of their own', async () => {
    const x = syntheticCustomers(2 * CHUNK_ROWS + 500, 4, 9, 4);
    const raw = {
      rows: x.rows,
      numeric: ['a', 'b', 'c', 'd'].map((name, j) => ({
        name,
        values: Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]),
      })),
      categorical: [],
    };
    const input = { raw, options: { scaling: 'standard' as const }, k: 4, seed: 2, nInit: 3 };
    const single = trainSegments(input);
    // The matrix measures (PCA, indices) made by another thread meanwhile: the same numbers.
    const parallel = await trainSegmentsParallel(
      input,
      () => {},
      runner(),
      measuresInThread(join(builtMain, 'measures-thread.js')),
    );
    expect(parallel).toEqual(single);
    // A measures thread that cannot run: the same numbers made in this thread.
    const fallback = await trainSegmentsParallel(
      input,
      () => {},
      runner(),
      measuresInThread(join(builtMain, 'no-such-thread.js')),
    );
    expect(fallback).toEqual(single);
  });

  it('give the same fit when the helper cannot start (this thread then takes every chunk)', async () => {
    const x = inKernelMemory(syntheticCustomers(2 * CHUNK_ROWS + 77, 4, 3, 9));
    const single = kmeans(x, { k: 3, seed: 5, nInit: 2 });
    const alone = await kmeansParallel(
      x,
      { k: 3, seed: 5, nInit: 2 },
      rowTeam(2, join(builtMain, 'no-such-thread.js')),
    );
    expect(Object.is(alone.inertia, single.inertia)).toBe(true);
    expect(Array.from(alone.labels)).toEqual(Array.from(single.labels));
  });

  it('share the passes on a starts sample (a memory of its own) and then on all rows, to the same bits', async () => {
    // (Enough passes that the helper, waiting on the other core, takes chunks even on a busy machine.)
    const x = inKernelMemory(syntheticCustomers(8 * CHUNK_ROWS, 5, 7, 7));
    const startsSample = { above: 2 * CHUNK_ROWS, rows: 5 * CHUNK_ROWS + 10 };
    const single = kmeans(x, { k: 7, seed: 1, nInit: 3, startsSample });
    expect(single.startsSampled).toBe(5 * CHUNK_ROWS + 10);
    helped = 0;
    const parallel = await kmeansParallel(x, { k: 7, seed: 1, nInit: 3, startsSample }, runner());
    expect(Object.is(parallel.inertia, single.inertia)).toBe(true);
    expect(Array.from(parallel.labels)).toEqual(Array.from(single.labels));
    expect(helped).toBeGreaterThan(0);
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

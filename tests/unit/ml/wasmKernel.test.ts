/**
 * The WebAssembly kernel of Lloyd's passes gives exactly what the JavaScript kernel (the oracle)
 * gives: the same labels, the same centres to the bit, the same inertia and iteration count — on
 * random tables with ties, duplicates and empty segments, with one block of rows and with several.
 * The silhouette's sums likewise. And its bytes are what its AssemblyScript source compiles to.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMatrix, type Matrix } from '../../../shared/ml/matrix';
import { clusterCosts, hartiganRefine, kmeans, kmeansPlusPlus, lloyd, lloydReference } from '../../../shared/ml/kmeans';
import { seededRandom } from '../../../shared/ml/random';
import {
  kernelMatrixData,
  kernelMemoryOf,
  lloydKernel,
  releaseLloydKernel,
  silhouetteSums,
  useWasmKernel,
} from '../../../shared/ml/wasm/lloydKernel';
import { silhouetteSamples } from '../../../shared/ml/metrics';
import { repoRoot } from '../../helpers/built';

afterEach(() => useWasmKernel(true));

/** Both kernels from the same start; every field compared exactly. */
function both(x: Matrix, start: Matrix, tolerance: number) {
  useWasmKernel(false);
  const js = lloyd(x, start, { tolerance });
  useWasmKernel(true);
  const wasm = lloyd(x, start, { tolerance });
  expect(Array.from(wasm.labels)).toEqual(Array.from(js.labels));
  expect(Array.from(wasm.centroids.data).map((v, i) => Object.is(v, js.centroids.data[i]))).not.toContain(false);
  expect(Object.is(wasm.inertia, js.inertia)).toBe(true);
  expect(wasm.iterations).toBe(js.iterations);
  expect(wasm.converged).toBe(js.converged);
}

const tables = fc
  .record({
    rows: fc.integer({ min: 4, max: 80 }),
    cols: fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 10, 13),
    // Few distinct values: ties between centres, duplicate rows, segments left empty.
    values: fc.constantFrom(3, 40, 2000),
  })
  .chain(({ rows, cols, values }) =>
    fc.array(fc.integer({ min: 0, max: values }), { minLength: rows * cols, maxLength: rows * cols }).map((cells) =>
      createMatrix(
        rows,
        cols,
        Float64Array.from(cells, (v) => v / 7 - 3),
      ),
    ),
  );

describe('the WebAssembly Lloyd kernel', () => {
  it('runs here (so the comparisons below compare two kernels)', () => {
    expect(lloydKernel(10, 3, 2, new Float64Array(30))).not.toBeNull();
    releaseLloydKernel();
  });

  it('equals the JavaScript kernel on random tables, from k-means++ and from arbitrary starts', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 7 }), fc.nat(1000), fc.boolean(), (x, k, seed, plusPlus) => {
        fc.pre(k <= x.rows);
        const random = seededRandom(seed);
        // Arbitrary rows as the start (duplicates allowed: a segment can start empty).
        const start = plusPlus
          ? kmeansPlusPlus(x, k, random)
          : createMatrix(
              k,
              x.cols,
              Float64Array.from(
                { length: k * x.cols },
                (_, j) => x.data[Math.floor(random() * x.rows) * x.cols + (j % x.cols)],
              ),
            );
        for (const tolerance of [0, 1e-4]) both(x, start, tolerance);
        // Hartigan's moves from the fit, on copies.
        const fit = lloyd(x, start, { tolerance: 1e-4 });
        // (Stopping at a pass that gains too little: the same pass in both.)
        const minGain = seed % 2 === 0 ? 0 : fit.inertia * 1e-3;
        const moved = [false, true].map((on) => {
          useWasmKernel(on);
          const centres = Float64Array.from(fit.centroids.data);
          const labels = Int32Array.from(fit.labels);
          const moves = hartiganRefine(x, centres, labels, k, 5, minGain);
          return { moves, centres: Array.from(centres), labels: Array.from(labels) };
        });
        expect(moved[1].moves).toBe(moved[0].moves);
        expect(moved[1].labels).toEqual(moved[0].labels);
        expect(moved[1].centres.map((v, i) => Object.is(v, moved[0].centres[i]))).not.toContain(false);
        // k-means++'s candidate passes too.
        useWasmKernel(false);
        const js = kmeansPlusPlus(x, k, seededRandom(seed + 1));
        useWasmKernel(true);
        expect(Array.from(kmeansPlusPlus(x, k, seededRandom(seed + 1)).data)).toEqual(Array.from(js.data));
      }),
      { numRuns: 500 },
    );
  });

  it('equals it over several blocks and chunks of rows and in a whole K-Means run', () => {
    const random = seededRandom(5);
    for (const [rows, cols, k] of [
      [10_000, 10, 7],
      [9_001, 8, 5],
      [4_097, 3, 2],
      // Several chunks of rows (each chunk's sums its own, added in chunk order), copied a block at a time.
      [40_000, 4, 6],
      // An odd row count and an odd k over three chunks: rows scanned in pairs, the last one alone,
      // and a padded lane beside the last centre.
      [33_001, 5, 5],
    ]) {
      const x = createMatrix(
        rows,
        cols,
        Float64Array.from({ length: rows * cols }, (_, j) => Math.floor(random() * 50) + ((j / cols) % 4) * 20),
      );
      both(x, kmeansPlusPlus(x, k, seededRandom(rows)), 0);
      useWasmKernel(false);
      const js = kmeans(x, { k, seed: 2, nInit: 3 });
      useWasmKernel(true);
      const wasm = kmeans(x, { k, seed: 2, nInit: 3 });
      expect(Array.from(wasm.labels)).toEqual(Array.from(js.labels));
      expect(Object.is(wasm.inertia, js.inertia)).toBe(true);
    }
  });

  it("keeps the sums from pass to pass above one chunk of rows, and still gives plain Lloyd's fit", () => {
    // Continuous values (no ties), 3 chunks: a bounded pass moves only the rows that change segment.
    const random = seededRandom(21);
    const [rows, cols, k] = [40_000, 3, 6];
    const x = createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, (_, j) => random() * 10 + ((j / cols) % 5) * 3),
    );
    const start = kmeansPlusPlus(x, k, seededRandom(2));
    const plain = lloydReference(x, start, { tolerance: 0 });
    for (const wasm of [false, true]) {
      useWasmKernel(wasm);
      const fit = lloyd(x, start, { tolerance: 0 });
      expect(fit.iterations).toBeGreaterThan(5);
      expect(fit.iterations).toBe(plain.iterations);
      expect(Array.from(fit.labels)).toEqual(Array.from(plain.labels));
      expect(Math.abs(fit.inertia - plain.inertia)).toBeLessThan(plain.inertia * 1e-12);
      for (let j = 0; j < k * cols; j++) {
        expect(Math.abs(fit.centroids.data[j] - plain.centroids.data[j])).toBeLessThan(1e-12);
      }
    }
  });

  it('copies a large matrix into kernel memory once for a whole run, with the same result', () => {
    const random = seededRandom(13);
    const [rows, cols, k] = [120_000, 3, 4];
    const x = createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, (_, j) => Math.floor(random() * 40) + ((j / cols) % 3) * 15),
    );
    const copy = Float64Array.from(x.data);
    useWasmKernel(false);
    const js = kmeans(x, { k, seed: 4, nInit: 2 });
    useWasmKernel(true);
    const wasm = kmeans(x, { k, seed: 4, nInit: 2 });
    expect(Array.from(wasm.labels)).toEqual(Array.from(js.labels));
    expect(Object.is(wasm.inertia, js.inertia)).toBe(true);
    // The caller's matrix is read, never written.
    expect(Array.from(x.data)).toEqual(Array.from(copy));
  });

  it('reads a matrix made in a kernel memory in place, with the same result, and reuses its room', () => {
    const random = seededRandom(9);
    const [rows, cols] = [6_000, 6];
    const plain = createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, () => Math.floor(random() * 90)),
    );
    const data = kernelMatrixData(rows * cols);
    data.set(plain.data);
    const inPlace = createMatrix(rows, cols, data);
    const memory = kernelMemoryOf(data);
    expect(memory).not.toBeNull();
    both(inPlace, kmeansPlusPlus(plain, 4, seededRandom(1)), 0);
    const reference = kmeans(plain, { k: 4, seed: 3, nInit: 2 });
    const sizes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const fit = kmeans(inPlace, { k: 4, seed: 3, nInit: 2 });
      expect(Array.from(fit.labels)).toEqual(Array.from(reference.labels));
      expect(Object.is(fit.inertia, reference.inertia)).toBe(true);
      sizes.push(memory?.buffer.byteLength ?? 0);
    }
    // A run's arrays take room at the end of the memory once; the next run takes the same room.
    expect(sizes[0]).toBeGreaterThan(rows * cols * 8);
    expect(new Set(sizes).size).toBe(1);
  });

  it("puts the swap search's sample in the matrix's kernel memory, with the same result, and reuses its room", () => {
    const random = seededRandom(21);
    // Above the swap search's 20,000-row sample, in loose groups (so moves are tried and some pay).
    const [rows, cols, k] = [26_000, 4, 6];
    const plain = createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, (_, j) => random() * 10 + (Math.floor(j / cols) % 5) * 4),
    );
    const data = kernelMatrixData(rows * cols);
    data.set(plain.data);
    const memory = kernelMemoryOf(data);
    useWasmKernel(false);
    const js = kmeans(plain, { k, seed: 2, nInit: 1 });
    useWasmKernel(true);
    const sizes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const fit = kmeans(createMatrix(rows, cols, data), { k, seed: 2, nInit: 1 });
      expect(Array.from(fit.labels)).toEqual(Array.from(js.labels));
      expect(Object.is(fit.inertia, js.inertia)).toBe(true);
      sizes.push(memory?.buffer.byteLength ?? 0);
    }
    expect(new Set(sizes).size).toBe(1);
  });

  it("gives the swap search's costs to the bit (nearest, distances, sums of squares, removal costs)", () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 2, max: 9 }), fc.integer(), (x, kWanted, seed) => {
        const k = Math.min(kWanted, x.rows);
        // Centres from rows (ties with rows and with each other) or drawn anywhere.
        const random = seededRandom(seed);
        const centres = Float64Array.from({ length: k * x.cols }, (_, j) =>
          seed % 2 ? x.data[Math.floor(random() * x.rows) * x.cols + (j % x.cols)] : random() * 6 - 3,
        );
        useWasmKernel(false);
        const js = clusterCosts(x, centres, k);
        useWasmKernel(true);
        const wasm = clusterCosts(x, centres, k);
        expect(Array.from(wasm.nearest)).toEqual(Array.from(js.nearest));
        for (const key of ['toNearest', 'sse', 'removal'] as const) {
          expect(Array.from(wasm[key]).map((v, i) => Object.is(v, js[key][i]))).not.toContain(false);
        }
      }),
      { numRuns: 300 },
    );
    // Over several blocks of rows.
    const random = seededRandom(5);
    const big = createMatrix(
      9_000,
      5,
      Float64Array.from({ length: 45_000 }, () => Math.floor(random() * 30)),
    );
    const centres = Float64Array.from({ length: 35 }, () => Math.floor(random() * 30));
    useWasmKernel(false);
    const js = clusterCosts(big, centres, 7);
    useWasmKernel(true);
    const wasm = clusterCosts(big, centres, 7);
    expect(Array.from(wasm.sse)).toEqual(Array.from(js.sse));
    expect(Array.from(wasm.removal)).toEqual(Array.from(js.removal));
    expect(Array.from(wasm.nearest)).toEqual(Array.from(js.nearest));
  });

  it("stops Hartigan's moves after a pass that gains too little, in both kernels", () => {
    const random = seededRandom(17);
    const x = createMatrix(
      5_000,
      4,
      Float64Array.from({ length: 20_000 }, () => random()),
    );
    const fit = lloyd(x, kmeansPlusPlus(x, 5, seededRandom(3)), { tolerance: 1e-4 });
    for (const on of [false, true]) {
      useWasmKernel(on);
      const moves = (maxPasses: number, minGain: number) =>
        hartiganRefine(x, Float64Array.from(fit.centroids.data), Int32Array.from(fit.labels), 5, maxPasses, minGain);
      // Uniform data: Hartigan keeps moving rows pass after pass.
      expect(moves(10, 0)).toBeGreaterThan(moves(1, 0));
      expect(moves(10, Infinity)).toBe(moves(1, 0));
    }
  });

  it("gives the silhouette's sums to the bit, on random tables and over many calls", () => {
    const same = (x: Matrix, labels: Int32Array) => {
      useWasmKernel(false);
      const js = silhouetteSamples(x, labels);
      useWasmKernel(true);
      const wasm = silhouetteSamples(x, labels);
      expect(Array.from(wasm).map((v, i) => Object.is(v, js[i]))).not.toContain(false);
    };
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 6 }), fc.nat(1000), (x, k, seed) => {
        const random = seededRandom(seed);
        same(
          x,
          Int32Array.from({ length: x.rows }, () => Math.floor(random() * k)),
        );
      }),
      { numRuns: 300 },
    );
    // Odd and even row counts, rows in several calls.
    const random = seededRandom(21);
    for (const rows of [2_001, 1_500]) {
      const x = createMatrix(
        rows,
        7,
        Float64Array.from({ length: rows * 7 }, () => Math.floor(random() * 30) / 3),
      );
      same(
        x,
        Int32Array.from({ length: rows }, (_, i) => i % 5),
      );
    }
    // A label outside the segments: the JavaScript loop does it (the kernel would index by it).
    const x = createMatrix(4, 1, Float64Array.from([0, 1, 5, 6]));
    expect(silhouetteSums(x.data, 4, 1, Int32Array.from([0, 0, 1, -1]), 2)).toBeNull();
  });

  it('is what its AssemblyScript source compiles to', () => {
    // Exits 1 naming the module when the committed bytes differ from a fresh compile.
    expect(() =>
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-wasm.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});

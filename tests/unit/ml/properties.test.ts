import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMatrix, type Matrix } from '../../../shared/ml/matrix';
import { useWasmKernel } from '../../../shared/ml/wasm/lloydKernel';
import {
  kmeans,
  kmeansPlusPlus,
  lloyd,
  lloydReference,
  squaredDistance8,
  squaredDistanceAt,
} from '../../../shared/ml/kmeans';
import { seededRandom } from '../../../shared/ml/random';
import { fitStandardScaler, standardize, unstandardize } from '../../../shared/ml/scaling';
import { silhouette } from '../../../shared/ml/metrics';

const matrixArbitrary = fc
  .record({ rows: fc.integer({ min: 6, max: 60 }), cols: fc.integer({ min: 1, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(
        fc.integer({ min: -10_000, max: 10_000 }).map((v) => v / 10),
        {
          minLength: rows * cols,
          maxLength: rows * cols,
        },
      )
      .map((values) => createMatrix(rows, cols, Float64Array.from(values))),
  );

describe('K-Means invariants', () => {
  it('labels are in range and every segment is used', () => {
    fc.assert(
      fc.property(matrixArbitrary, fc.integer({ min: 2, max: 5 }), fc.nat(1000), (x, k, seed) => {
        const distinct = new Set(
          Array.from({ length: x.rows }, (_, i) => x.data.subarray(i * x.cols, (i + 1) * x.cols).join(',')),
        ).size;
        fc.pre(distinct >= k);
        const fit = kmeans(x, { k, seed, nInit: 2 });
        expect(fit.labels.every((l) => l >= 0 && l < k)).toBe(true);
        expect(new Set(fit.labels).size).toBe(k);
        expect(fit.inertia).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it('inertia never rises from one Lloyd iteration to the next', () => {
    fc.assert(
      fc.property(matrixArbitrary, fc.integer({ min: 2, max: 4 }), fc.nat(1000), (x, k, seed) => {
        const start = kmeansPlusPlus(x, k, seededRandom(seed));
        let previous = Infinity;
        for (let iterations = 1; iterations <= 8; iterations++) {
          const { inertia } = lloyd(x, start, { maxIter: iterations, tolerance: -1 });
          expect(inertia).toBeLessThanOrEqual(previous * (1 + 1e-12) + 1e-9);
          previous = inertia;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same result for the same seed', () => {
    fc.assert(
      fc.property(matrixArbitrary, fc.nat(1000), (x, seed) => {
        const a = kmeans(x, { k: 2, seed, nInit: 3 });
        const b = kmeans(x, { k: 2, seed, nInit: 3 });
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(a.inertia).toBe(b.inertia);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses k larger than the number of rows', () => {
    expect(() => kmeans(createMatrix(3, 1, Float64Array.from([1, 2, 3])), { k: 4 })).toThrow(
      /larger than the number of rows/,
    );
  });
});

describe('standard scaling', () => {
  it('scaling then unscaling is the identity', () => {
    fc.assert(
      fc.property(matrixArbitrary, (x) => {
        const scaler = fitStandardScaler(x);
        const back = unstandardize(standardize(x, scaler), scaler);
        x.data.forEach((v, p) =>
          expect(Math.abs(back.data[p] - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v))),
        );
      }),
    );
  });

  it('leaves a constant column at scale 1 (as scikit-learn)', () => {
    const x = createMatrix(4, 2, Float64Array.from([5, 1, 5, 2, 5, 3, 5, 4]));
    const scaler = fitStandardScaler(x);
    expect(scaler.scale[0]).toBe(1);
    expect(Array.from(standardize(x, scaler).data.filter((_, p) => p % 2 === 0))).toEqual([0, 0, 0, 0]);
  });
});

describe('silhouette sampling', () => {
  it('is exact up to the limit and a seeded sample above it', () => {
    const random = seededRandom(3);
    const x = createMatrix(
      400,
      2,
      Float64Array.from({ length: 800 }, () => random()),
    );
    const labels = Int32Array.from({ length: 400 }, (_, i) => (x.data[i * 2] > 0.5 ? 1 : 0));
    const exact = silhouette(x, labels);
    expect(exact.exact).toBe(true);
    const sampled = silhouette(x, labels, { limit: 200, seed: 1 });
    expect(sampled).toMatchObject({ exact: false, sampled: 200 });
    expect(silhouette(x, labels, { limit: 200, seed: 1 }).value).toBe(sampled.value);
    expect(Math.abs(sampled.value - exact.value)).toBeLessThan(0.1);
  });
});

/** Matrices of 1–12 columns, so the eight-feature kernels and the general ones are both exercised. */
const wideMatrixArbitrary = fc
  .record({ rows: fc.integer({ min: 6, max: 60 }), cols: fc.constantFrom(1, 3, 7, 8, 8, 8, 9, 12) })
  .chain(({ rows, cols }) =>
    fc
      .array(
        fc.integer({ min: -200, max: 200 }).map((v) => v / 10),
        { minLength: rows * cols, maxLength: rows * cols },
      )
      .map((values) => createMatrix(rows, cols, Float64Array.from(values))),
  );

describe('distance kernels', () => {
  it('the unrolled eight-feature distance gives the same bits as the general one', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 8, maxLength: 8 }),
        fc.array(finite, { minLength: 8, maxLength: 8 }),
        (a, b) => {
          const fa = Float64Array.from(a);
          const fb = Float64Array.from(b);
          expect(Object.is(squaredDistance8(fa, 0, fb, 0), squaredDistanceAt(fa, 0, fb, 0, 8))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('accelerated Lloyd', () => {
  it('gives a row halfway between two centres to the lower-indexed one, as plain Lloyd does, in both kernels', () => {
    // Found by the property below: at iteration 4 the centres are −0.2375 and 0.4375 and the rows
    // at 0.1 lie halfway; the square-rooted bounds put them a rounding inside their old centre.
    const halfway = createMatrix(
      60,
      1,
      Float64Array.from([
        -0.4, 0.6, -1.5, -1.6, 1.8, -0.9, 0.2, -0.2, 0.1, -0.8, 1.1, -0.9, -1.4, 0.9, 0.7, 1.8, -1.6, 0.4, 0, 1.3, -1.5,
        1.4, 1.3, -0.1, 1.9, -1, -1.7, 1.2, 0.1, 1.3, 0.3, 1.4, -1.5, -1.3, 1.1, 0.2, 0.7, -0.2, 1.6, -0.7, 0.3, 1.9,
        1.2, -1.1, 0.3, 1.5, -1.5, -0.5, 0.7, -1.4, -1.4, -0.5, -1.1, -1.6, -1.1, 0.5, 0, 0.7, 0.3, 2,
      ]),
    );
    // And one where a row's upper bound equals half the distance to the next centre exactly.
    const equal = createMatrix(
      51,
      1,
      Float64Array.from([
        -5.2, 13.3, -15, 9.1, -10.4, -0.6, -8.9, 19.4, -13.9, -1.8, 0, -19.1, -4.8, 0, 0, -4.2, 6.4, -0.3, -2.3, -15.4,
        -0.7, 19, 9.9, -0.5, -15.4, 17.4, 16.3, 18.3, -18.1, -15, -3.6, -4.8, -15.6, -7.9, 12.8, 19.7, -15, -1.3, -10.9,
        13.8, 14.3, -13.2, 18.2, 10.5, -20, 19.8, 16.5, -14.3, -15.4, 7.9, -10.3,
      ]),
    );
    const cases: [Matrix, number[]][] = [
      [halfway, [-0.4, 1.4, -1.5, 0.3, -1.1]],
      [equal, [9.9, -7.9, 16.3]],
    ];
    for (const wasm of [true, false]) {
      useWasmKernel(wasm);
      for (const [x, centres] of cases) {
        const start = createMatrix(centres.length, 1, Float64Array.from(centres));
        const fast = lloyd(x, start, { tolerance: 0 });
        const plain = lloydReference(x, start, { tolerance: 0 });
        expect(Array.from(fast.labels)).toEqual(Array.from(plain.labels));
        expect(fast.iterations).toBe(plain.iterations);
      }
    }
    useWasmKernel(true);
  });

  it("gives exactly plain Lloyd's labels, centres, inertia and iteration count", () => {
    fc.assert(
      fc.property(
        fc.oneof(matrixArbitrary, wideMatrixArbitrary),
        fc.integer({ min: 2, max: 6 }),
        fc.nat(1000),
        (x, k, seed) => {
          fc.pre(
            new Set(Array.from({ length: x.rows }, (_, i) => x.data.subarray(i * x.cols, (i + 1) * x.cols).join(',')))
              .size >= k,
          );
          const start = kmeansPlusPlus(x, k, seededRandom(seed));
          for (const tolerance of [0, 1e-4]) {
            const fast = lloyd(x, start, { tolerance });
            const plain = lloydReference(x, start, { tolerance });
            expect(Array.from(fast.labels)).toEqual(Array.from(plain.labels));
            expect(fast.iterations).toBe(plain.iterations);
            expect(fast.inertia).toBeCloseTo(plain.inertia, 9);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** k-means++ as first written, with no pruning: every row's distance to every candidate. */
function kmeansPlusPlusPlain(x: ReturnType<typeof createMatrix>, k: number, random: () => number) {
  const n = x.rows;
  const d = x.cols;
  const centres = new Float64Array(k * d);
  const localTrials = 2 + Math.floor(Math.log(k));
  const first = Math.floor(random() * n);
  centres.set(x.data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  // The first centre's distances as a plain sum, feature by feature (as the implementation does).
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let f = 0; f < d; f++) sum += (x.data[i * d + f] - centres[f]) ** 2;
    closest[i] = sum;
  }
  let potential = closest.reduce((a, b) => a + b, 0);
  for (let c = 1; c < k; c++) {
    const cumulative = new Float64Array(n);
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i];
    let best = { potential: Infinity, row: -1, distances: new Float64Array(n) };
    for (let t = 0; t < localTrials; t++) {
      const target = random() * potential;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      const probe = x.data.slice(lo * d, lo * d + d);
      const distances = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const s = d === 8 ? squaredDistance8(x.data, i * d, probe, 0) : squaredDistanceAt(x.data, i * d, probe, 0, d);
        distances[i] = s < closest[i] ? s : closest[i];
        sum += distances[i];
      }
      if (sum < best.potential) best = { potential: sum, row: lo, distances };
    }
    centres.set(x.data.subarray(best.row * d, best.row * d + d), c * d);
    closest.set(best.distances);
    potential = best.potential;
  }
  return centres;
}

describe('accelerated k-means++', () => {
  it('chooses exactly the centres of the plain algorithm (the triangle-inequality skips change no bit)', () => {
    const eight = fc.integer({ min: 10, max: 80 }).chain((rows) =>
      fc
        .array(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 7),
          { minLength: rows * 8, maxLength: rows * 8 },
        )
        .map((values) => createMatrix(rows, 8, Float64Array.from(values))),
    );
    fc.assert(
      fc.property(fc.oneof(matrixArbitrary, eight), fc.integer({ min: 1, max: 9 }), fc.nat(1000), (x, k, seed) => {
        fc.pre(k <= x.rows);
        const fast = kmeansPlusPlus(x, k, seededRandom(seed));
        const plain = kmeansPlusPlusPlain(x, k, seededRandom(seed));
        expect(Array.from(fast.data)).toEqual(Array.from(plain));
      }),
      { numRuns: 3000 },
    );
  });
});

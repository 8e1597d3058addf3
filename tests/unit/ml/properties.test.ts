import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMatrix } from '../../../shared/ml/matrix';
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

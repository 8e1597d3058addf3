import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir, loadReference, referenceNames, relativeError } from '../../helpers/fixtures';
import { applyPreprocessing, fitPreprocessing, type RawFeatures } from '../../../shared/ml/preprocess';
import { adjustedRandIndex, sameSegmentShare } from '../../../shared/ml/agreement';
import { sweepFit, sweepK } from '../../../shared/ml/sweep';
import { fitStandardScaler, standardize } from '../../../shared/ml/scaling';
import { createMatrix } from '../../../shared/ml/matrix';
import { lloyd, swapImprove } from '../../../shared/ml/kmeans';
import { seededRandom } from '../../../shared/ml/random';
import { syntheticCustomers } from '../../helpers/synthetic';
import { elbowKnee, recommendK, weakKWarning } from '../../../shared/ml/recommend';
import type { Matrix } from '../../../shared/ml/matrix';

interface Extra {
  fixtures: Record<
    string,
    {
      robust_center: number[];
      robust_scale: number[];
      minmax_min: number[];
      minmax_range: number[];
      ari_first_second: number;
      ari_second_last: number;
      best_inertia_n_init_4: Record<string, number>;
      single_start_inertias: Record<string, number[]>;
    }
  >;
}
const extra = JSON.parse(readFileSync(`${fixturesDir}extra.reference.json`, 'utf8')) as Extra;

function asRaw(m: Matrix, names: string[]): RawFeatures {
  return {
    rows: m.rows,
    numeric: names.map((name, j) => ({
      name,
      values: Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]),
    })),
    categorical: [],
  };
}

describe.each(referenceNames)('preprocessing and agreement against scikit-learn on %s', (name) => {
  const { reference, matrix } = loadReference(name);
  const raw = asRaw(matrix, reference.features);
  const ref = extra.fixtures[name];

  it('fits RobustScaler (median, IQR) and MinMaxScaler', () => {
    const robust = fitPreprocessing(raw, { scaling: 'robust' });
    robust.numeric.forEach((step, j) => {
      expect(relativeError(step.center, ref.robust_center[j])).toBeLessThan(1e-9);
      expect(relativeError(step.scale, ref.robust_scale[j])).toBeLessThan(1e-9);
    });
    const minmax = fitPreprocessing(raw, { scaling: 'minmax' });
    minmax.numeric.forEach((step, j) => {
      expect(relativeError(step.center, ref.minmax_min[j])).toBeLessThan(1e-9);
      expect(relativeError(step.scale, ref.minmax_range[j])).toBeLessThan(1e-9);
    });
  });

  it('computes adjusted_rand_score', () => {
    const labels = reference.kmeans.map((k) => Int32Array.from(k.labels));
    expect(relativeError(adjustedRandIndex(labels[0], labels[1]), ref.ari_first_second)).toBeLessThan(1e-9);
    expect(relativeError(adjustedRandIndex(labels[1], labels[labels.length - 1]), ref.ari_second_last)).toBeLessThan(
      1e-9,
    );
    expect(adjustedRandIndex(labels[1], labels[1])).toBe(1);
  });

  it('finds, at every k, an inertia no worse than a typical scikit-learn start', () => {
    // Starts are random on both sides, so the exact "best of 4 within 0.1%" comparison is made
    // and printed by the bench; here: our best of 4 beats scikit-learn's median single start.
    const x = applyPreprocessing(raw, fitPreprocessing(raw, { scaling: 'standard' }));
    const sweep = sweepK(x, { kMin: 2, kMax: 8, nInit: 4, seed: 0, stabilityRuns: 1 });
    for (const point of sweep.points) {
      const singles = [...ref.single_start_inertias[String(point.k)]].sort((a, b) => a - b);
      const median = (singles[1] + singles[2]) / 2;
      expect(point.inertia).toBeLessThanOrEqual(median * (1 + 1e-9));
    }
  });
});

describe('k sweep and recommendation', () => {
  const { reference, matrix } = loadReference('blobs_300');
  const raw = asRaw(matrix, reference.features);
  const x = applyPreprocessing(raw, fitPreprocessing(raw, { scaling: 'standard' }));

  it('recommends the three blobs, with a reason in plain words', () => {
    const sweep = sweepK(x, { kMin: 2, kMax: 8, nInit: 4, seed: 0 });
    expect(sweep.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const k3 = sweep.points[1];
    expect(k3.stability).toBeGreaterThan(0.95);
    expect(k3.sameSegmentShare).toBeGreaterThan(0.95);
    const recommendation = recommendK(sweep.points);
    expect(recommendation.k).toBe(3);
    expect(recommendation.knee).toBe(3);
    expect(recommendation.noStructure).toBe(false);
    expect(recommendation.reason).toMatch(
      /^3 segments: the elbow bends at 3, silhouette is highest at 3, .*% of customers stay in the same segment when refitted\.$/,
    );
    // The same, as advice in plain words: no jargon, and nothing to disagree about here.
    expect(recommendation.advice).toMatch(
      /^3 segments: the groups are (clearly|reasonably well) separated and stay the same when the data is resampled \(\d+% of customers keep their segment\)\.$/,
    );
  });

  it('says in plain words where the measures point elsewhere, and warns where a weak k is chosen', () => {
    const at = (k: number, silhouette: number, inertia: number, same = 0.95) => ({
      k,
      inertia,
      silhouette,
      calinskiHarabasz: 100 - k,
      daviesBouldin: 1,
      stability: same,
      sameSegmentShare: same,
      iterations: 5,
      seconds: 0,
    });
    const recommendation = recommendK([
      at(2, 0.4, 100),
      at(3, 0.3, 50),
      at(4, 0.28, 45),
      at(5, 0.27, 42),
      at(6, 0.2, 40),
    ]);
    expect(recommendation.k).toBe(2);
    expect(recommendation.advice).toContain('The measures do not all agree: the elbow of the spread bends at 3.');
    expect(recommendation.advice).not.toMatch(/silhouette|Calinski|Davies/);
    expect(weakKWarning({ k: 6, silhouette: 0.2 })).toBe(
      'At 6 segments the groups are only weakly separated (silhouette 0.20, below 0.25): their borders are soft. Read them as a useful way to divide customers, not as natural groups.',
    );
    expect(weakKWarning({ k: 2, silhouette: 0.4 })).toBeNull();
  });

  it('is reproducible: same data and seed, same sweep', () => {
    const a = sweepK(x, { kMin: 2, kMax: 4, nInit: 2, seed: 5, stabilityRuns: 2 });
    const b = sweepK(x, { kMin: 2, kMax: 4, nInit: 2, seed: 5, stabilityRuns: 2 });
    expect(a.points.map(({ seconds: _s, ...p }) => p)).toEqual(b.points.map(({ seconds: _s, ...p }) => p));
  });

  it('prefers fewer segments when the evidence is close, and warns when there is no structure', () => {
    const point = (k: number, silhouette: number, inertia: number) => ({
      k,
      inertia,
      silhouette,
      calinskiHarabasz: 100,
      daviesBouldin: 1,
      stability: 0.9,
      sameSegmentShare: 0.9,
      iterations: 5,
      seconds: 0,
    });
    const recommendation = recommendK([point(2, 0.2, 100), point(3, 0.21, 60), point(4, 0.215, 50), point(5, 0.2, 45)]);
    expect(recommendation.k).toBe(2);
    expect(recommendation.noStructure).toBe(true);
    expect(recommendation.warning).toMatch(/every silhouette is below 0\.25/);
  });

  it('finds the knee of an elbow curve', () => {
    expect(elbowKnee([100, 40, 30, 25, 22, 20].map((inertia, i) => ({ k: i + 2, inertia })))).toBe(3);
    expect(elbowKnee([{ k: 2, inertia: 1 }])).toBeNull();
  });

  it('counts customers who keep their segment once segments are matched', () => {
    const a = Int32Array.from([0, 0, 1, 1, 2, 2]);
    expect(sameSegmentShare(a, Int32Array.from([2, 2, 0, 0, 1, 1]))).toBe(1);
    expect(sameSegmentShare(a, Int32Array.from([2, 2, 0, 1, 1, 1]))).toBeCloseTo(5 / 6, 12);
  });
});

describe('one-hot encoding of categories', () => {
  it('encodes each level with the weight, blanks as Unknown, and keeps the same columns at assignment', () => {
    const raw: RawFeatures = {
      rows: 4,
      numeric: [{ name: 'spend', values: Float64Array.from([10, Number.NaN, 30, 0]) }],
      categorical: [{ name: 'channel', levels: ['shop', 'web'], codes: Int32Array.from([0, 1, -1, 1]) }],
    };
    const prep = fitPreprocessing(raw, { scaling: 'none', logFeatures: ['spend'] });
    expect(prep.columns).toEqual(['log(1 + spend)', 'channel = shop', 'channel = web', 'channel = Unknown']);
    const x = applyPreprocessing(raw, prep);
    const w = Math.SQRT1_2;
    expect(Array.from(x.data.subarray(0, 4))).toEqual([Math.log1p(10), w, 0, 0]);
    expect(Array.from(x.data.subarray(4, 8))).toEqual([Math.log1p(40 / 3), 0, w, 0]);
    expect(Array.from(x.data.subarray(8, 12))).toEqual([Math.log1p(30), 0, 0, w]);
    expect(() =>
      fitPreprocessing(
        { ...raw, numeric: [{ name: 'spend', values: Float64Array.from([-2, 1, 1, 1]) }] },
        { scaling: 'none', logFeatures: ['spend'] },
      ),
    ).toThrow(/Column "spend", row 2: log\(1 \+ x\) needs values above −1/);
  });
});

interface BestOfStarts {
  nInit: number;
  datasets: { rows: number; blobs: number; seed: number; inertia: Record<string, number> }[];
}

describe('best of the starts against scikit-learn', () => {
  const reference = JSON.parse(readFileSync(`${fixturesDir}best_of_starts.reference.json`, 'utf8')) as BestOfStarts;

  // scikit-learn's best of 4 starts per k (scripts/sklearn-best-of-starts.ts). Our starts are
  // different random draws, so this holds because the sweep escapes poor local minima
  // (`swapImprove`): before it, 10k rows with 8 blobs ended 16% above scikit-learn at k = 8.
  for (const dataset of reference.datasets) {
    it(`is within 0.1% of scikit-learn at every k on ${dataset.rows} rows with ${dataset.blobs} groups`, () => {
      const raw = syntheticCustomers(dataset.rows, dataset.blobs, dataset.seed);
      const x = standardize(raw, fitStandardScaler(raw));
      for (const [k, inertia] of Object.entries(dataset.inertia)) {
        const fit = sweepFit(x, Number(k), reference.nInit, 0);
        expect(fit.inertia, `k = ${k}`).toBeLessThanOrEqual(inertia * 1.001);
      }
    }, 60_000);
  }
});

describe('single-centre moves', () => {
  // Three tight, far-apart pairs of groups of 50: a start with two centres in the first group and
  // one between the last two groups is a Lloyd fixed point far from the best fit.
  const groups = [
    [0, 0],
    [100, 0],
    [0, 100],
  ];
  const random = seededRandom(1);
  const x = createMatrix(150, 2);
  for (let i = 0; i < 150; i++) {
    const [cx, cy] = groups[Math.floor(i / 50)];
    x.data[i * 2] = cx + random();
    x.data[i * 2 + 1] = cy + random();
  }
  const trap = createMatrix(3, 2, Float64Array.from([0.25, 0.5, 0.75, 0.5, 50, 50]));

  it('moves a centre out of a poor local minimum', () => {
    const stuck = lloyd(x, trap, { tolerance: 0 });
    const better = swapImprove(x, stuck, seededRandom(0), { maxIter: 300, tolerance: 0 });
    expect(better.inertia).toBeLessThan(stuck.inertia / 100);
    expect(new Set(better.labels.slice(0, 50)).size).toBe(1);
    expect(new Set(better.labels.slice(50, 100)).size).toBe(1);
    expect(new Set(better.labels.slice(100)).size).toBe(1);
  });

  it('moves it on a sample above 20,000 rows and takes the move to every row', () => {
    const big = createMatrix(30_000, 2);
    const noise = seededRandom(2);
    for (let i = 0; i < 30_000; i++) {
      const [cx, cy] = groups[Math.floor(i / 10_000)];
      big.data[i * 2] = cx + noise();
      big.data[i * 2 + 1] = cy + noise();
    }
    const stuck = lloyd(big, trap, { tolerance: 0 });
    const better = swapImprove(big, stuck, seededRandom(0), { maxIter: 300, tolerance: 0 });
    expect(better.labels).toHaveLength(30_000);
    expect(better.inertia).toBeLessThan(stuck.inertia / 100);
    for (const from of [0, 10_000, 20_000]) expect(new Set(better.labels.slice(from, from + 10_000)).size).toBe(1);
  });

  it('never returns a worse fit, and returns the same fit when no move helps', () => {
    const good = lloyd(x, createMatrix(3, 2, Float64Array.from([0, 0, 100, 0, 0, 100])), { tolerance: 0 });
    expect(swapImprove(x, good, seededRandom(0), { maxIter: 300, tolerance: 0 })).toBe(good);
  });
});

describe('an unstable k', () => {
  it('is not recommended when another k is nearly as well separated and stays the same when resampled', () => {
    const at = (k: number, silhouette: number, inertia: number, stability: number) => ({
      k,
      inertia,
      silhouette,
      calinskiHarabasz: 100 - k,
      daviesBouldin: 1,
      stability,
      sameSegmentShare: stability,
      seconds: 0,
      iterations: 1,
    });
    // The sample customers' sweep: 2 separates best but changes on resampling; 3 is stable.
    const recommendation = recommendK([
      at(2, 0.376, 19814, 0.26),
      at(3, 0.337, 13934, 0.999),
      at(4, 0.345, 11309, 0.91),
      at(5, 0.341, 9348, 0.998),
    ]);
    expect(recommendation.k).toBe(4);
    expect(recommendation.reason).toContain(
      '2 segments would separate slightly better (silhouette 0.38) but change when refitted',
    );
    expect(recommendation.advice).toContain(
      '2 segments separate slightly better, but they change when the data is resampled (only 26% of customers keep their segment)',
    );
    // A stable best k stays.
    expect(recommendK([at(2, 0.376, 100, 0.9), at(3, 0.337, 60, 0.999)]).k).toBe(2);
  });
});

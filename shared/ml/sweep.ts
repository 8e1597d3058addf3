import { AppError } from '../errors';
import { selectRows, type Matrix } from './matrix';
import {
  assignToCentres,
  countDistinctRows,
  kmeans,
  timed,
  type KMeansPhase,
  type KMeansProgress,
  type KMeansResult,
} from './kmeans';
import { calinskiHarabasz, daviesBouldin, silhouette, SILHOUETTE_EXACT_LIMIT } from './metrics';
import { sampleIndices, seededRandom } from './random';
import { adjustedRandIndex, sameSegmentShare } from './agreement';

export interface SweepPoint {
  k: number;
  /** Best within-segment sum of squares over the starts (WCSS). */
  inertia: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Mean adjusted Rand index between the model and refits on random subsamples (1 = identical). */
  stability: number;
  /** Mean share of customers that keep their segment in those refits. */
  sameSegmentShare: number;
  iterations: number;
  seconds: number;
}

export interface SweepOptions {
  kMin: number;
  kMax: number;
  nInit: number;
  seed: number;
  /** Subsample refits per k for stability. */
  stabilityRuns?: number;
  onProgress?: (progress: { k: number; fraction: number; secondsLeft: number | null; message: string }) => void;
}

export interface SweepOutput {
  points: SweepPoint[];
  /** Rows the silhouette was computed on (all, or a seeded sample above the exact limit). */
  silhouetteSampled: number;
  rows: number;
}

export const STABILITY_RUNS = 5;
const STABILITY_SAMPLE_SHARE = 0.8;
const STABILITY_SAMPLE_LIMIT = 20_000;

export interface SweepPointOptions {
  nInit: number;
  seed: number;
  stabilityRuns?: number;
  /** Called as work is done, in the units of `sweepWorkUnits`. */
  onWork?: (units: number, message: string) => void;
  /** Seconds each part took (for the benchmark's breakdown): K-Means' own parts, then the measures. */
  onPhase?: (phase: SweepPhase, seconds: number) => void;
}

/** The parts of one k of the sweep timed by `onPhase`. */
export type SweepPhase = KMeansPhase | 'silhouette' | 'stability refits' | 'Calinski–Harabasz + Davies–Bouldin';

/** Relative cost of one k in the sweep (starts and refits grow with k): for progress and scheduling. */
export function sweepWorkUnits(k: number, nInit: number, runs = STABILITY_RUNS): number {
  return k * (nInit + runs * 0.3 + 1);
}

/** Refuse a k range the data cannot support. */
export function checkSweepRange(x: Matrix, kMin: number, kMax: number): void {
  if (kMin < 2 || kMax < kMin) throw new AppError('INVALID_K_RANGE', `The k range ${kMin}–${kMax} is not valid.`);
  const distinct = countDistinctRows(x, kMax);
  if (distinct < kMax) {
    throw new AppError(
      'K_TOO_LARGE',
      `k = ${kMax} is more segments than there are distinct customers (${distinct}) in the chosen features.`,
    );
  }
}

/** The sweep's fit at one k: best of nInit seeded k-means++ starts, improved by single-centre moves. */
export function sweepFit(
  x: Matrix,
  k: number,
  nInit: number,
  seed: number,
  onProgress?: (progress: KMeansProgress) => void,
  onPhase?: (phase: KMeansPhase, seconds: number) => void,
): KMeansResult {
  // Hartigan refinement is kept for the final model: in the sweep it costs more than it moves.
  return kmeans(x, { k, nInit, seed: seed + 7919 * k, refine: false, onProgress, onPhase });
}

/**
 * One k of the sweep: the best of nInit k-means++ starts, its silhouette (exact up to 10,000
 * rows, a seeded sample above), Calinski–Harabasz, Davies–Bouldin, and stability — the agreement
 * (adjusted Rand index) between the fit and refits on seeded random 80% subsamples (at most
 * 20,000 rows), each refit's centres labelling its subsample. Depends only on (x, k, nInit, seed),
 * so ks can be computed in any order or in parallel with the same result.
 */
export function sweepPoint(
  x: Matrix,
  k: number,
  options: SweepPointOptions,
): { point: SweepPoint; silhouetteSampled: number } {
  const { nInit, seed } = options;
  const runs = options.stabilityRuns ?? STABILITY_RUNS;
  const work = options.onWork ?? (() => {});
  const t0 = Date.now();
  let lastInit = -1;
  const fit = sweepFit(
    x,
    k,
    nInit,
    seed,
    ({ init, iteration }) => {
      if (init !== lastInit) {
        if (lastInit >= 0) work(k, `k = ${k}: start ${init + 1} of ${nInit}`);
        lastInit = init;
      }
      work(0, `k = ${k}: start ${init + 1} of ${nInit}, iteration ${iteration}`);
    },
    options.onPhase,
  );
  work(k, `k = ${k}: measuring quality`);
  const sil = timed(options.onPhase, 'silhouette', () =>
    silhouette(x, fit.labels, { seed, limit: SILHOUETTE_EXACT_LIMIT }),
  );
  const sampleSize = Math.min(Math.round(x.rows * STABILITY_SAMPLE_SHARE), STABILITY_SAMPLE_LIMIT);
  let ari = 0;
  let kept = 0;
  const random = seededRandom(seed + 104729 * k);
  const refitsStarted = performance.now();
  for (let run = 0; run < runs; run++) {
    const rows = sampleIndices(random, x.rows, sampleSize);
    const sample = selectRows(x, rows);
    const refit = kmeans(sample, {
      k,
      nInit: 1,
      seed: seed + 31 * run + 7919 * k + 1,
      refine: false,
      swap: false,
    });
    const refitLabels = new Int32Array(sample.rows);
    assignToCentres(sample, refit.centroids.data, k, refitLabels);
    const original = Int32Array.from(rows, (r) => fit.labels[r]);
    ari += adjustedRandIndex(original, refitLabels);
    kept += sameSegmentShare(original, refitLabels);
    work(k * 0.3, `k = ${k}: stability refit ${run + 1} of ${runs}`);
  }
  options.onPhase?.('stability refits', (performance.now() - refitsStarted) / 1000);
  const [calinski, davies] = timed(options.onPhase, 'Calinski–Harabasz + Davies–Bouldin', () => [
    calinskiHarabasz(x, fit.labels),
    daviesBouldin(x, fit.labels),
  ]);
  const point: SweepPoint = {
    k,
    inertia: fit.inertia,
    silhouette: sil.value,
    calinskiHarabasz: calinski,
    daviesBouldin: davies,
    stability: runs > 0 ? ari / runs : 1,
    sameSegmentShare: runs > 0 ? kept / runs : 1,
    iterations: fit.iterations,
    seconds: (Date.now() - t0) / 1000,
  };
  work(k, `k = ${k}: done`);
  return { point, silhouetteSampled: sil.sampled };
}

/** Turns work units into a fraction and a time estimate. */
export function progressMeter(total: number, onProgress: SweepOptions['onProgress']) {
  let done = 0;
  const started = Date.now();
  return (units: number, k: number, message: string) => {
    done += units;
    const fraction = Math.min(done / total, 1);
    const elapsed = (Date.now() - started) / 1000;
    const secondsLeft = fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : null;
    onProgress?.({ k, fraction, secondsLeft, message });
  };
}

/** Fit and measure every k in [kMin, kMax] (see `sweepPoint`), in one thread. */
export function sweepK(x: Matrix, options: SweepOptions): SweepOutput {
  const { kMin, kMax, nInit, seed } = options;
  const runs = options.stabilityRuns ?? STABILITY_RUNS;
  checkSweepRange(x, kMin, kMax);
  const ks = Array.from({ length: kMax - kMin + 1 }, (_, i) => kMin + i);
  const meter = progressMeter(
    ks.reduce((sum, k) => sum + sweepWorkUnits(k, nInit, runs), 0),
    options.onProgress,
  );
  const points: SweepPoint[] = [];
  let silhouetteSampled = x.rows;
  for (const k of ks) {
    const result = sweepPoint(x, k, {
      nInit,
      seed,
      stabilityRuns: runs,
      onWork: (units, message) => meter(units, k, message),
    });
    points.push(result.point);
    silhouetteSampled = result.silhouetteSampled;
  }
  return { points, silhouetteSampled, rows: x.rows };
}

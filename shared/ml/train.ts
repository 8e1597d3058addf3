import { AppError } from '../errors';
import type { CompareInput, SweepInput, SweepJobOutput, TrainInput, TrainOutput } from '../worker/messages';
import { compareMethods, type MethodComparison } from './compare';
import { suggestSegments } from '../segments/naming';
import {
  countDistinctRows,
  kmeans,
  kmeansParallel,
  type KMeansOptions,
  type KMeansResult,
  type TeamRunner,
} from './kmeans';
import { calinskiHarabasz, clusterMeans, daviesBouldin, silhouette } from './metrics';
import { fitPca, type PcaModel } from './pca';
import { applyPreprocessing, fitPreprocessing, toOriginalUnits, type Preprocessing } from './preprocess';
import { recommendK } from './recommend';
import { sweepK, type SweepOptions, type SweepOutput } from './sweep';
import type { Matrix } from './matrix';

export type TrainProgress = (stage: string, fraction: number | null, message: string) => void;

/** Preprocessing and the checks before K-Means: the feature matrix to fit. */
function prepareTraining(input: TrainInput, progress: TrainProgress, shared = false) {
  const { raw, k } = input;
  if (raw.rows === 0) throw new AppError('NO_ROWS', 'The dataset has no customers to segment.');
  progress('prepare', 0, 'Filling blanks and scaling');
  const preprocessing = fitPreprocessing(raw, input.options);
  const x = applyPreprocessing(raw, preprocessing, shared);
  const distinct = countDistinctRows(x, k);
  if (distinct < k) {
    throw new AppError(
      'K_TOO_LARGE',
      `k = ${k} is more segments than there are distinct customers (${distinct}) in the chosen features.`,
    );
  }
  return { preprocessing, x };
}

/** K-Means' options for the final model, with progress in starts and iterations and the time left. */
function fitOptions(input: TrainInput, progress: TrainProgress): KMeansOptions {
  const { k, seed, nInit } = input;
  const started = Date.now();
  return {
    k,
    seed,
    nInit,
    ...(input.startsSample !== undefined ? { startsSample: input.startsSample } : {}),
    onProgress: ({ init, iteration, allRows }) => {
      if (allRows) {
        progress(
          'kmeans',
          null,
          `k = ${k}: the best of ${nInit} starts on a sample, refined on all ${input.raw.rows.toLocaleString('en-US')} customers, iteration ${iteration}`,
        );
        return;
      }
      // Starts take about as long as each other: the share of starts done drives the estimate.
      const fraction = (init + Math.min(iteration, 30) / 30) / nInit;
      const elapsed = (Date.now() - started) / 1000;
      const left = fraction > 0.05 ? ` · about ${Math.ceil((elapsed * (1 - fraction)) / fraction)} s left` : '';
      progress('kmeans', fraction, `k = ${k}: start ${init + 1} of ${nInit}, iteration ${iteration}${left}`);
    },
  };
}

/**
 * The whole training pipeline: fit the preprocessing (blanks, log, scaling, one-hot), K-Means
 * (k-means++, nInit seeded starts), quality metrics, PCA and per-segment profiles. Segments are
 * numbered by size, largest first, so the same data always reads the same way.
 */
export function trainSegments(input: TrainInput, progress: TrainProgress = () => {}): TrainOutput {
  const { preprocessing, x } = prepareTraining(input, progress);
  const fit = kmeans(x, fitOptions(input, progress));
  const numbered = numberBySize(fit, input.k, x.cols);
  const part = segmentsPart(input, progress, preprocessing, x, numbered);
  progress('pca', null, 'Projecting for the segment map');
  return assemble(part, fit, matrixMeasures(x, numbered.labels, input.k));
}

/**
 * The measures of a model that need only the matrix and its segments (total sum of squares, the
 * map's PCA, Calinski–Harabasz, Davies–Bouldin): elsewhere (another thread) while this one makes
 * the rest, where `runMeasures` is given.
 */
export type MeasuresRunner = (x: Matrix, labels: Int32Array, k: number) => Promise<MatrixMeasures>;

export interface MatrixMeasures {
  totalSumOfSquares: number;
  pca: PcaModel;
  calinskiHarabasz: number;
  daviesBouldin: number;
}

/** See `MeasuresRunner`: the same numbers in any thread. */
export function matrixMeasures(x: Matrix, labels: Int32Array, k: number): MatrixMeasures {
  const { rows, cols } = x;
  const columnMeans = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) columnMeans[j] += x.data[i * cols + j] / rows;
  let totalSumOfSquares = 0;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) totalSumOfSquares += (x.data[i * cols + j] - columnMeans[j]) ** 2;
  // The segments' exact means in model space, once for both indices.
  const segmentMeans = clusterMeans(x, labels, k);
  return {
    totalSumOfSquares,
    pca: fitPca(x),
    calinskiHarabasz: calinskiHarabasz(x, labels, segmentMeans),
    daviesBouldin: daviesBouldin(x, labels, segmentMeans),
  };
}

/**
 * `trainSegments` with K-Means' passes over the rows shared by a team of threads (`withTeam`), and
 * the matrix measures made by `runMeasures` while this thread makes the profiles: the same model
 * to the bit (see `kmeansParallel`), sooner on a machine with several cores.
 */
export async function trainSegmentsParallel(
  input: TrainInput,
  progress: TrainProgress,
  withTeam: TeamRunner,
  runMeasures: MeasuresRunner = async (x, labels, k) => matrixMeasures(x, labels, k),
): Promise<TrainOutput> {
  const { preprocessing, x } = prepareTraining(input, progress, true);
  const fit = await kmeansParallel(x, fitOptions(input, progress), withTeam);
  const numbered = numberBySize(fit, input.k, x.cols);
  const measures = runMeasures(x, numbered.labels, input.k);
  // (Its failure is awaited below, after this thread's part.)
  measures.catch(() => {});
  const part = segmentsPart(input, progress, preprocessing, x, numbered);
  progress('pca', null, 'Projecting for the segment map');
  return assemble(part, fit, await measures);
}

/** Segments renumbered by size, largest first (ties by old number, for determinism). */
function numberBySize(fit: KMeansResult, k: number, cols: number) {
  const rows = fit.labels.length;
  const oldSizes = new Array<number>(k).fill(0);
  for (let i = 0; i < rows; i++) oldSizes[fit.labels[i]]++;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => oldSizes[b] - oldSizes[a] || a - b);
  const newIndex = new Int32Array(k);
  order.forEach((old, position) => (newIndex[old] = position));
  return {
    labels: fit.labels.map((l) => newIndex[l]),
    centroidsScaled: order.map((old) => Array.from(fit.centroids.data.subarray(old * cols, (old + 1) * cols))),
    sizes: order.map((old) => oldSizes[old]),
  };
}

/** The model with its matrix measures (see `matrixMeasures`). */
function assemble(
  part: ReturnType<typeof segmentsPart>,
  fit: KMeansResult,
  { totalSumOfSquares, pca, calinskiHarabasz, daviesBouldin }: MatrixMeasures,
): TrainOutput {
  return {
    ...part,
    inertia: fit.inertia,
    iterations: fit.iterations,
    startsSampled: fit.startsSampled ?? part.labels.length,
    calinskiHarabasz,
    daviesBouldin,
    varianceExplained: totalSumOfSquares > 0 ? 1 - fit.inertia / totalSumOfSquares : 0,
    pca: { explainedVarianceRatio: pca.explainedVarianceRatio, components: pca.components, mean: pca.mean },
  };
}

/** Everything of the model but its matrix measures: distances, silhouette, profiles, names. */
function segmentsPart(
  input: TrainInput,
  progress: TrainProgress,
  preprocessing: Preprocessing,
  x: Matrix,
  { labels, centroidsScaled, sizes }: ReturnType<typeof numberBySize>,
) {
  const { raw, k, seed } = input;
  const rows = raw.rows;
  const cols = x.cols;

  progress('metrics', null, 'Measuring segment quality');
  const distances = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const centre = centroidsScaled[labels[i]];
    for (let j = 0; j < cols; j++) s += (x.data[i * cols + j] - centre[j]) ** 2;
    distances[i] = Math.sqrt(s);
  }
  const sil = silhouette(x, labels, { seed });

  // Profiles in the units people know: numeric means after filling blanks, category shares.
  const numericCount = preprocessing.numeric.length;
  const means = Array.from({ length: k }, () => new Array<number>(numericCount).fill(0));
  const overallMeans = new Array<number>(numericCount).fill(0);
  const overallSquares = new Array<number>(numericCount).fill(0);
  preprocessing.numeric.forEach((step, j) => {
    const values = raw.numeric.find((c) => c.name === step.name)?.values ?? new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = Number.isNaN(values[i]) ? step.impute : values[i];
      means[labels[i]][j] += v;
      overallMeans[j] += v;
      overallSquares[j] += v * v;
    }
  });
  means.forEach((row, c) => row.forEach((_, j) => (row[j] /= sizes[c])));
  const ranges = preprocessing.numeric.map((step) => {
    const values = raw.numeric.find((c) => c.name === step.name)?.values ?? new Float64Array(0);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { min, max } : { min: step.impute, max: step.impute };
  });
  const overallStd = overallMeans.map((sum, j) => Math.sqrt(Math.max(overallSquares[j] / rows - (sum / rows) ** 2, 0)));
  overallMeans.forEach((sum, j) => (overallMeans[j] = sum / rows));
  const categoryShares = Array.from({ length: k }, () =>
    preprocessing.categorical.map((step) => new Array<number>(step.levels.length).fill(0)),
  );
  let offset = numericCount;
  preprocessing.categorical.forEach((step, f) => {
    for (let i = 0; i < rows; i++) {
      for (let l = 0; l < step.levels.length; l++) {
        if (x.data[i * cols + offset + l] !== 0) categoryShares[labels[i]][f][l] += 1 / sizes[labels[i]];
      }
    }
    offset += step.levels.length;
  });

  const suggestions = suggestSegments({
    numericFeatures: preprocessing.numeric.map((step) => step.name),
    overallMeans: overallMeans,
    overallStd,
    segments: sizes.map((size, cluster) => ({ cluster, size, means: means[cluster] })),
    recipe: input.meanings,
  });

  return {
    preprocessing,
    suggestions,
    centroidsScaled,
    centroids: centroidsScaled.map((c) => toOriginalUnits(preprocessing, c)),
    labels,
    distances,
    sizes,
    means,
    categoryShares,
    overallMeans,
    overallStd,
    ranges,
    silhouette: sil.value,
    silhouetteSampled: sil.sampled,
  };
}

/** How the sweep's ks are computed: in this thread by default, or by a parallel runner. */
export type SweepRunner = (x: Matrix, options: SweepOptions) => SweepOutput | Promise<SweepOutput>;

/** The k sweep on the preprocessed features, with a recommendation. */
export async function runSweep(
  input: SweepInput,
  progress: TrainProgress = () => {},
  runner: SweepRunner = sweepK,
): Promise<SweepJobOutput> {
  progress('prepare', 0, 'Filling blanks and scaling');
  const preprocessing = fitPreprocessing(input.raw, input.options);
  const x = applyPreprocessing(input.raw, preprocessing);
  const output = await runner(x, {
    kMin: input.kMin,
    kMax: input.kMax,
    nInit: input.nInit,
    seed: input.seed,
    onProgress: ({ fraction, secondsLeft, message }) =>
      progress(
        'sweep',
        fraction,
        secondsLeft === null ? message : `${message} · about ${Math.ceil(secondsLeft)} s left`,
      ),
  });
  return { ...output, recommendation: recommendK(output.points), columns: preprocessing.columns };
}

/** Compare the model's K-Means segments with Ward and DBSCAN on a sample (nothing is saved). */
export function runComparison(input: CompareInput, progress: TrainProgress = () => {}): MethodComparison {
  progress('prepare', null, 'Preparing a sample of customers');
  const x = applyPreprocessing(input.raw, input.preprocessing);
  progress('compare', null, 'Running Ward and DBSCAN on the sample');
  const k = input.centroidsScaled.length;
  return compareMethods(x, Float64Array.from(input.centroidsScaled.flat()), k, input.seed);
}

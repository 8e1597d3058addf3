import { AppError } from '../errors';
import type { ImputationNote } from '../domain';
import type { TrainInput, TrainOutput } from '../worker/messages';
import { createMatrix } from './matrix';
import { fitStandardScaler, standardize } from './scaling';
import { countDistinctRows, kmeans, KMEANS_DEFAULTS } from './kmeans';
import { calinskiHarabasz, daviesBouldin, silhouette } from './metrics';
import { fitPca } from './pca';

export type TrainProgress = (stage: string, fraction: number | null, message: string) => void;

/**
 * The whole training pipeline on a feature matrix: mean imputation of blanks, standard scaling,
 * K-Means (k-means++, nInit seeded starts), quality metrics, PCA and per-segment profiles.
 * Segments are numbered by size, largest first, so the same data always reads the same way.
 */
export function trainSegments(input: TrainInput, progress: TrainProgress = () => {}): TrainOutput {
  const { features, rows, k, seed, nInit } = input;
  const cols = features.length;
  if (rows === 0) throw new AppError('NO_ROWS', 'The dataset has no customers to segment.');
  progress('prepare', 0, 'Filling blanks and scaling');
  const data = Float64Array.from(input.data);
  const imputed: ImputationNote[] = [];
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    let present = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (!Number.isNaN(v)) {
        sum += v;
        present++;
      }
    }
    if (present === 0) {
      throw new AppError('COLUMN_EMPTY', `Column "${features[j]}" has no values, so it cannot be used as a feature.`);
    }
    if (present < rows) {
      const mean = sum / present;
      for (let i = 0; i < rows; i++) if (Number.isNaN(data[i * cols + j])) data[i * cols + j] = mean;
      imputed.push({ feature: features[j], count: rows - present, value: mean });
    }
  }
  const raw = createMatrix(rows, cols, data);
  const scaler = fitStandardScaler(raw);
  const x = standardize(raw, scaler);
  const distinct = countDistinctRows(x, k);
  if (distinct < k) {
    throw new AppError(
      'K_TOO_LARGE',
      `k = ${k} is more segments than there are distinct customers (${distinct}) in the chosen features.`,
    );
  }

  const fit = kmeans(x, {
    k,
    seed,
    nInit,
    onProgress: ({ init, iteration }) =>
      progress(
        'kmeans',
        (init + Math.min(iteration, 50) / 50) / nInit,
        `Start ${init + 1} of ${nInit}, iteration ${iteration}`,
      ),
  });

  // Renumber segments by size, largest first (ties by old number, for determinism).
  const oldSizes = new Array<number>(k).fill(0);
  for (let i = 0; i < rows; i++) oldSizes[fit.labels[i]]++;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => oldSizes[b] - oldSizes[a] || a - b);
  const newIndex = new Int32Array(k);
  order.forEach((old, position) => (newIndex[old] = position));
  const labels = fit.labels.map((l) => newIndex[l]);
  const centroidsScaled = order.map((old) => Array.from(fit.centroids.data.subarray(old * cols, (old + 1) * cols)));
  const centroids = centroidsScaled.map((c) => c.map((v, j) => v * scaler.scale[j] + scaler.mean[j]));

  progress('metrics', null, 'Measuring segment quality');
  const distances = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const centre = centroidsScaled[labels[i]];
    for (let j = 0; j < cols; j++) {
      const diff = x.data[i * cols + j] - centre[j];
      s += diff * diff;
    }
    distances[i] = Math.sqrt(s);
  }
  const sil = silhouette(x, labels, { seed });
  let totalSumOfSquares = 0;
  for (let p = 0; p < x.data.length; p++) totalSumOfSquares += x.data[p] * x.data[p];

  progress('pca', null, 'Projecting for the segment map');
  const pca = fitPca(x);

  const sizes = order.map((old) => oldSizes[old]);
  const means = Array.from({ length: k }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) {
    const row = means[labels[i]];
    for (let j = 0; j < cols; j++) row[j] += raw.data[i * cols + j];
  }
  means.forEach((row, c) => row.forEach((_, j) => (row[j] /= sizes[c])));

  return {
    imputed,
    scaler,
    centroidsScaled,
    centroids,
    labels,
    distances,
    sizes,
    means,
    overallMeans: scaler.mean.slice(),
    inertia: fit.inertia,
    iterations: fit.iterations,
    silhouette: sil.value,
    silhouetteSampled: sil.sampled,
    calinskiHarabasz: calinskiHarabasz(x, labels),
    daviesBouldin: daviesBouldin(x, labels),
    varianceExplained: totalSumOfSquares > 0 ? 1 - fit.inertia / totalSumOfSquares : 0,
    pca: { explainedVarianceRatio: pca.explainedVarianceRatio, components: pca.components },
  };
}

export { KMEANS_DEFAULTS };

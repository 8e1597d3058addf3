import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMatrix, type Matrix } from '../../shared/ml/matrix';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface KMeansReference {
  k: number;
  init_row_indices: number[];
  labels: number[];
  centroids_scaled: number[][];
  inertia: number;
  silhouette: number;
  silhouette_samples_first10: number[];
  calinski_harabasz: number;
  davies_bouldin: number;
}

export interface Reference {
  csv: string;
  features: string[];
  n: number;
  scaler: { mean: number[]; scale_population_std: number[] };
  pca: { explained_variance: number[]; explained_variance_ratio: number[]; components_abs: number[][] };
  kmeans: KMeansReference[];
}

export const referenceNames = ['blobs_300', 'overlap_2000'] as const;

export function loadReference(name: string): { reference: Reference; matrix: Matrix } {
  const reference = JSON.parse(readFileSync(`${fixturesDir}${name}.reference.json`, 'utf8')) as Reference;
  const lines = readFileSync(`${fixturesDir}${reference.csv}`, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const columns = reference.features.map((f) => header.indexOf(f));
  const matrix = createMatrix(lines.length - 1, columns.length);
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    columns.forEach((c, j) => (matrix.data[i * columns.length + j] = Number(cells[c])));
  });
  return { reference, matrix };
}

/** |actual − expected| ≤ rel · max(|expected|, 1e-300): relative closeness. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

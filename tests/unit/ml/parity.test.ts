import { describe, expect, it } from 'vitest';
import { kmeans as mlKMeans } from 'ml-kmeans';
import { readFileSync } from 'node:fs';
import { fixturesDir, loadReference, referenceNames, relativeError } from '../../helpers/fixtures';
import { fitStandardScaler, standardize } from '../../../shared/ml/scaling';
import { centresFromRows, lloyd, kmeans } from '../../../shared/ml/kmeans';
import { calinskiHarabasz, daviesBouldin, silhouette, silhouetteSamples } from '../../../shared/ml/metrics';
import { fitPca } from '../../../shared/ml/pca';

const REL = 1e-9;

interface DefaultTolReference {
  fixtures: Record<string, { k: number; n_iter: number; inertia: number; labels: number[] }[]>;
}
const defaultTol = JSON.parse(readFileSync(`${fixturesDir}default_tol.reference.json`, 'utf8')) as DefaultTolReference;

describe.each(referenceNames)('scikit-learn parity on %s', (name) => {
  const { reference, matrix } = loadReference(name);
  const scaler = fitStandardScaler(matrix);
  const scaled = standardize(matrix, scaler);

  it('has the reference row count', () => {
    expect(matrix.rows).toBe(reference.n);
  });

  it('fits the standard scaler like StandardScaler', () => {
    reference.scaler.mean.forEach((m, j) => expect(relativeError(scaler.mean[j], m)).toBeLessThan(REL));
    reference.scaler.scale_population_std.forEach((s, j) =>
      expect(relativeError(scaler.scale[j], s)).toBeLessThan(REL),
    );
  });

  it('gives the PCA explained variance and |components| of sklearn.decomposition.PCA', () => {
    const pca = fitPca(scaled);
    reference.pca.explained_variance_ratio.forEach((r, c) =>
      expect(relativeError(pca.explainedVarianceRatio[c], r)).toBeLessThan(1e-9),
    );
    reference.pca.explained_variance.forEach((v, c) =>
      expect(relativeError(pca.explainedVariance[c], v)).toBeLessThan(1e-9),
    );
    reference.pca.components_abs.forEach((axis, c) =>
      axis.forEach((v, f) => expect(Math.abs(Math.abs(pca.components[c][f]) - v)).toBeLessThan(1e-9)),
    );
  });

  describe.each(reference.kmeans.map((r) => [r.k, r] as const))('k = %i', (_k, ref) => {
    const start = centresFromRows(scaled, ref.init_row_indices);
    // The shared references are fitted to full convergence (no tolerance stop).
    const fit = kmeans(scaled, { k: ref.k, init: start, tol: 0 });

    it('reproduces labels, centroids and inertia from the given initial rows', () => {
      expect(Array.from(fit.labels)).toEqual(ref.labels);
      ref.centroids_scaled.forEach((centre, c) =>
        centre.forEach((v, f) => expect(Math.abs(fit.centroids.data[c * scaled.cols + f] - v)).toBeLessThan(1e-9)),
      );
      expect(relativeError(fit.inertia, ref.inertia)).toBeLessThan(REL);
    });

    it('computes silhouette, Calinski–Harabasz and Davies–Bouldin like sklearn.metrics', () => {
      const labels = Int32Array.from(ref.labels);
      const samples = silhouetteSamples(scaled, labels);
      ref.silhouette_samples_first10.forEach((s, i) => expect(relativeError(samples[i], s)).toBeLessThan(REL));
      expect(relativeError(silhouette(scaled, labels).value, ref.silhouette)).toBeLessThan(REL);
      expect(relativeError(calinskiHarabasz(scaled, labels), ref.calinski_harabasz)).toBeLessThan(REL);
      expect(relativeError(daviesBouldin(scaled, labels), ref.davies_bouldin)).toBeLessThan(REL);
    });

    it('stops on the default tolerance exactly where KMeans(tol=1e-4) stops', () => {
      const sklearn = defaultTol.fixtures[name].find((f) => f.k === ref.k);
      if (!sklearn) throw new Error(`no default-tol reference for k = ${ref.k}`);
      const ours = kmeans(scaled, { k: ref.k, init: start });
      expect(ours.iterations).toBe(sklearn.n_iter);
      expect(Array.from(ours.labels)).toEqual(sklearn.labels);
      expect(relativeError(ours.inertia, sklearn.inertia)).toBeLessThan(REL);
    });

    it('agrees with ml-kmeans started from the same centres', () => {
      const rows: number[][] = [];
      for (let i = 0; i < scaled.rows; i++)
        rows.push(Array.from(scaled.data.subarray(i * scaled.cols, (i + 1) * scaled.cols)));
      const initial = ref.init_row_indices.map((r) => rows[r]);
      // ml-kmeans' tolerance is absolute and its default iteration cap is 100: run it to a fixed point.
      const theirs = mlKMeans(rows, ref.k, { initialization: initial, maxIterations: 1000, tolerance: 0 });
      expect(theirs.clusters).toEqual(ref.labels);
      const ours = lloyd(scaled, start, { tolerance: 0, maxIter: 1000 });
      expect(Array.from(ours.labels)).toEqual(theirs.clusters);
    });
  });
});

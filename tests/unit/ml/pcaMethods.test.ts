import { describe, expect, it } from 'vitest';
import { fitPca, projectPca } from '../../../shared/ml/pca';
import { syntheticCustomers } from '../../helpers/synthetic';
import { createMatrix } from '../../../shared/ml/matrix';

describe('PCA from the covariance matrix (large tables)', () => {
  it('agrees with the SVD: the same axes, variances and map coordinates', () => {
    const base = syntheticCustomers(5000, 5, 7, 6);
    // A correlated column and a constant one, as real tables have.
    const cols = 8;
    const data = new Float64Array(base.rows * cols);
    for (let i = 0; i < base.rows; i++) {
      for (let j = 0; j < 6; j++) data[i * cols + j] = base.data[i * 6 + j];
      data[i * cols + 6] = 2 * base.data[i * 6] - base.data[i * 6 + 1] + 0.01 * base.data[i * 6 + 2];
      data[i * cols + 7] = 3;
    }
    const x = createMatrix(base.rows, cols, data);
    const svd = fitPca(x, cols, 'svd');
    const cov = fitPca(x, cols, 'covariance');
    expect(cov.mean).toEqual(svd.mean);
    // The informative components (the last ones carry no variance: their axes are arbitrary).
    const informative = svd.explainedVarianceRatio.filter((r) => r > 1e-9).length;
    expect(informative).toBeGreaterThanOrEqual(5);
    for (let c = 0; c < informative; c++) {
      expect(cov.explainedVarianceRatio[c]).toBeCloseTo(svd.explainedVarianceRatio[c], 10);
      expect(Math.abs(cov.explainedVariance[c] - svd.explainedVariance[c]) / svd.explainedVariance[c]).toBeLessThan(
        1e-9,
      );
      cov.components[c].forEach((v, j) => expect(v).toBeCloseTo(svd.components[c][j], 8));
    }
    const a = projectPca(x, svd, 2);
    const b = projectPca(x, cov, 2);
    for (let i = 0; i < a.data.length; i++) expect(b.data[i]).toBeCloseTo(a.data[i], 7);
  });
});

import { PCA } from 'ml-pca';
import { createMatrix, type Matrix } from './matrix';

export interface PcaModel {
  /** Feature means subtracted before projecting. */
  mean: number[];
  /** Principal axes, one row per component, each of length cols (unit vectors). */
  components: number[][];
  /** Variance of the data along each component (n − 1 denominator, as scikit-learn). */
  explainedVariance: number[];
  explainedVarianceRatio: number[];
}

/** Above this many rows PCA works from the covariance matrix (see `fitPca`). */
export const PCA_SVD_LIMIT = 20_000;

/**
 * PCA (ml-pca): by singular value decomposition of the centred data up to 20,000 rows (as
 * scikit-learn, and equal to it to 1e-9), from the features' covariance matrix above — one pass
 * over the rows and a d × d eigen-decomposition, where the SVD of a million rows took seconds and
 * a gigabyte of row arrays. The two agree to far below what a map can show (tested).
 * Components are oriented so that the loading with the largest magnitude is positive: the sign
 * of a principal axis is arbitrary, and a fixed rule keeps maps from flipping between runs.
 */
export function fitPca(
  x: Matrix,
  nComponents = Math.min(x.rows, x.cols),
  method: 'svd' | 'covariance' = x.rows > PCA_SVD_LIMIT ? 'covariance' : 'svd',
): PcaModel {
  const d = x.cols;
  const data = x.data;
  // (Typed arrays and hoisted offsets: the same sums in the same order, about twice as fast.)
  const sums = new Float64Array(d);
  for (let i = 0, p = 0; i < x.rows; i++, p += d) for (let j = 0; j < d; j++) sums[j] += data[p + j];
  const mean = Array.from(sums, (sum) => sum / x.rows);
  let pca: PCA;
  if (method === 'covariance') {
    // Centred two-pass covariance, n − 1 denominator (as the SVD's eigenvalues).
    const cov = new Float64Array(d * d);
    const centred = new Float64Array(d);
    const means = Float64Array.from(mean);
    for (let i = 0, p = 0; i < x.rows; i++, p += d) {
      for (let j = 0; j < d; j++) centred[j] = data[p + j] - means[j];
      for (let a = 0; a < d; a++) {
        const va = centred[a];
        const row = a * d;
        for (let b = a; b < d; b++) cov[row + b] += va * centred[b];
      }
    }
    const rows = Array.from({ length: d }, (_, a) =>
      Array.from({ length: d }, (_, b) => (a <= b ? cov[a * d + b] : cov[b * d + a]) / Math.max(x.rows - 1, 1)),
    );
    pca = new PCA(rows, { isCovarianceMatrix: true });
  } else {
    const rows: number[][] = [];
    for (let i = 0; i < x.rows; i++) rows.push(Array.from(x.data.subarray(i * d, (i + 1) * d)));
    pca = new PCA(rows, { center: true, scale: false, ignoreZeroVariance: true });
  }
  const loadings = pca.getLoadings().to2DArray();
  const eigenvalues = pca.getEigenvalues().map((v) => (v > 0 ? v : 0));
  const total = eigenvalues.reduce((a, b) => a + b, 0);
  const count = Math.min(nComponents, loadings.length);
  const components = loadings.slice(0, count).map((axis) => {
    let largest = 0;
    for (const v of axis) if (Math.abs(v) > Math.abs(largest)) largest = v;
    return largest < 0 ? axis.map((v) => -v) : axis.slice();
  });
  return {
    mean,
    components,
    explainedVariance: eigenvalues.slice(0, count),
    explainedVarianceRatio: eigenvalues.slice(0, count).map((v) => (total > 0 ? v / total : 0)),
  };
}

/** Coordinates of each row on the model's components (rows × components). */
export function projectPca(x: Matrix, model: PcaModel, nComponents = model.components.length): Matrix {
  const out = createMatrix(x.rows, nComponents);
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < nComponents; c++) {
      let s = 0;
      const axis = model.components[c];
      for (let f = 0; f < x.cols; f++) s += (x.data[i * x.cols + f] - model.mean[f]) * axis[f];
      out.data[i * nComponents + c] = s;
    }
  }
  return out;
}

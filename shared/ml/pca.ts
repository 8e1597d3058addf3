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

/**
 * PCA by singular value decomposition of the centred data (ml-pca). Components are oriented so
 * that the loading with the largest magnitude is positive: the sign of a principal axis is
 * arbitrary, and a fixed rule keeps maps from flipping between runs.
 */
export function fitPca(x: Matrix, nComponents = Math.min(x.rows, x.cols)): PcaModel {
  const rows: number[][] = [];
  for (let i = 0; i < x.rows; i++) rows.push(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  const pca = new PCA(rows, { center: true, scale: false, ignoreZeroVariance: true });
  const loadings = pca.getLoadings().to2DArray();
  const eigenvalues = pca.getEigenvalues();
  const total = eigenvalues.reduce((a, b) => a + b, 0);
  const count = Math.min(nComponents, loadings.length);
  const components = loadings.slice(0, count).map((axis) => {
    let largest = 0;
    for (const v of axis) if (Math.abs(v) > Math.abs(largest)) largest = v;
    return largest < 0 ? axis.map((v) => -v) : axis.slice();
  });
  const mean = new Array<number>(x.cols).fill(0);
  for (const row of rows) row.forEach((v, j) => (mean[j] += v / x.rows));
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

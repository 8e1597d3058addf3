import { createMatrix, type Matrix } from './matrix';

/** Parameters of a standard scaler: z = (x − mean) / scale. */
export interface StandardScaler {
  mean: number[];
  /** Population standard deviation (ddof = 0, as scikit-learn); 1 where a column is constant. */
  scale: number[];
}

/** Fit a standard scaler like scikit-learn's StandardScaler (population std, zero std → 1). */
export function fitStandardScaler(m: Matrix): StandardScaler {
  const { rows, cols, data } = m;
  const mean = new Array<number>(cols).fill(0);
  const scale = new Array<number>(cols).fill(0);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += data[i * cols + j];
    const mu = sum / rows;
    // Two-pass variance: stable when the mean is large relative to the spread (e.g. income).
    let ss = 0;
    let correction = 0;
    for (let i = 0; i < rows; i++) {
      const d = data[i * cols + j] - mu;
      ss += d * d;
      correction += d;
    }
    const variance = (ss - (correction * correction) / rows) / rows;
    mean[j] = mu;
    const std = Math.sqrt(Math.max(variance, 0));
    scale[j] = std > 10 * Number.EPSILON * Math.max(Math.abs(mu), 1) ? std : 1;
  }
  return { mean, scale };
}

export function standardize(m: Matrix, scaler: StandardScaler): Matrix {
  const out = createMatrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const p = i * m.cols + j;
      out.data[p] = (m.data[p] - scaler.mean[j]) / scaler.scale[j];
    }
  }
  return out;
}

export function unstandardize(m: Matrix, scaler: StandardScaler): Matrix {
  const out = createMatrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const p = i * m.cols + j;
      out.data[p] = m.data[p] * scaler.scale[j] + scaler.mean[j];
    }
  }
  return out;
}

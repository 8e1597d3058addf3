/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new RangeError(`Matrix data has ${values.length} values, expected ${rows} × ${cols}`);
  }
  return { data: values, rows, cols };
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, i) => m.data.set(row, i * cols));
  return m;
}

export function matrixRow(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Rows of `m` at the given indices, in that order (into `data` when given). */
export function selectRows(m: Matrix, indices: ArrayLike<number>, data?: Float64Array): Matrix {
  const out = createMatrix(indices.length, m.cols, data);
  for (let r = 0; r < indices.length; r++) out.data.set(matrixRow(m, indices[r]), r * m.cols);
  return out;
}

/** Squared Euclidean distance between row i of a and row j of b. */
export function squaredDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.cols;
  const ad = a.data;
  const bd = b.data;
  let sum = 0;
  let p = i * d;
  let q = j * d;
  for (let f = 0; f < d; f++, p++, q++) {
    const diff = ad[p] - bd[q];
    sum += diff * diff;
  }
  return sum;
}

/** Per-column mean. */
export function columnMeans(m: Matrix): Float64Array {
  const means = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) means[j] += m.data[i * m.cols + j];
  }
  for (let j = 0; j < m.cols; j++) means[j] /= m.rows;
  return means;
}

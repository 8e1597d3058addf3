import { createMatrix, type Matrix } from '../../shared/ml/matrix';
import { seededRandom } from '../../shared/ml/random';

/**
 * Seeded synthetic customers: `blobs` Gaussian groups (sd 1.5) around centres drawn in [0, 10)^cols,
 * rows dealt round-robin; with `blobs` = 0, unstructured log-uniform values. The bench and the
 * best-of-starts comparison with scikit-learn use it (same seed → same matrix on every machine).
 */
export function syntheticCustomers(rows: number, blobs: number, seed: number, cols = 8): Matrix {
  const random = seededRandom(seed);
  const centres = Array.from({ length: Math.max(blobs, 1) }, () => Array.from({ length: cols }, () => random() * 10));
  const m = createMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (blobs === 0) {
        m.data[i * cols + j] = Math.exp(random() * 3);
        continue;
      }
      const u = 1 - random();
      m.data[i * cols + j] =
        centres[i % blobs][j] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()) * 1.5;
    }
  }
  return m;
}

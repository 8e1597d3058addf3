/**
 * The thread that makes a trained model's matrix measures (./parallelMeasures.ts) on the shared
 * feature matrix, and posts them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import { matrixMeasures } from '../../shared/ml/train';
import { threadMatrix } from './threadMatrix';
import type { MeasuresThreadData, MeasuresThreadMessage } from './parallelMeasures';

const data = workerData as MeasuresThreadData;
const post = (message: MeasuresThreadMessage) => parentPort?.postMessage(message);

try {
  post({ type: 'done', measures: matrixMeasures(threadMatrix(data), data.labels, data.k) });
} catch (error) {
  post({ type: 'error', error: toErrorShape(error) });
}

/**
 * The thread that makes a trained model's matrix measures (./parallelMeasures.ts) on the shared
 * feature matrix it is sent, and posts them back.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import { matrixMeasures } from '../../shared/ml/train';
import { threadMatrix } from './threadMatrix';
import type { MeasuresThreadData, MeasuresThreadMessage } from './parallelMeasures';

const post = (message: MeasuresThreadMessage) => parentPort?.postMessage(message);

// Started ahead: the matrix and the segments come in one message, once they are known.
parentPort?.once('message', (data: MeasuresThreadData) => {
  try {
    post({ type: 'done', measures: matrixMeasures(threadMatrix(data), data.labels, data.k) });
  } catch (error) {
    post({ type: 'error', error: toErrorShape(error) });
  }
});

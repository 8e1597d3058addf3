/**
 * A thread of the parallel k sweep: computes the sweep points for the ks it is given on the
 * shared feature matrix, and posts progress and the points back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { threadMatrix } from './threadMatrix';
import { sweepPoint } from '../../shared/ml/sweep';
import { toErrorShape } from '../../shared/errors';
import type { SweepThreadData, SweepThreadMessage } from './parallelSweep';

const data = workerData as SweepThreadData;
const x = threadMatrix(data);
const post = (message: SweepThreadMessage) => parentPort?.postMessage(message);

try {
  for (const k of data.ks) {
    const { point, silhouetteSampled } = sweepPoint(x, k, {
      nInit: data.nInit,
      seed: data.seed,
      stabilityRuns: data.stabilityRuns,
      onWork: (units, message) => post({ type: 'work', units, k, message }),
    });
    post({ type: 'point', point, silhouetteSampled });
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', error: toErrorShape(error) });
}

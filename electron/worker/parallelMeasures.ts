import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { AppErrorShape } from '../../shared/domain';
import { kernelMemoryOf, type KernelMemory } from '../../shared/ml/wasm/lloydKernel';
import { matrixMeasures, type MatrixMeasures, type MeasuresRunner } from '../../shared/ml/train';

export interface MeasuresThreadData {
  buffer: SharedArrayBuffer;
  memory: KernelMemory | null;
  rows: number;
  cols: number;
  labels: Int32Array;
  k: number;
}

export type MeasuresThreadMessage =
  { type: 'done'; measures: MatrixMeasures } | { type: 'error'; error: AppErrorShape };

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'measures-thread.js');

/**
 * A model's matrix measures (total sum of squares, PCA, Calinski–Harabasz, Davies–Bouldin; see
 * `matrixMeasures`) made by another thread on the shared feature matrix, while training's own
 * thread makes the distances, silhouette and profiles (a million rows: about 0.5 s each). A matrix
 * that is not in shared memory is measured here.
 */
export function measuresInThread(threadEntry = THREAD_ENTRY): MeasuresRunner {
  return (x, labels, k) => {
    const memory = kernelMemoryOf(x.data);
    const buffer = x.data.buffer;
    if (!(buffer instanceof SharedArrayBuffer) || (!memory && x.data.byteOffset !== 0)) {
      return Promise.resolve(matrixMeasures(x, labels, k));
    }
    const shared = new Int32Array(new SharedArrayBuffer(labels.length * 4));
    shared.set(labels);
    const data: MeasuresThreadData = { buffer, memory, rows: x.rows, cols: x.cols, labels: shared, k };
    const worker = new Worker(threadEntry, { workerData: data });
    return new Promise<MatrixMeasures>((resolve, reject) => {
      worker.on('message', (message: MeasuresThreadMessage) => {
        if (message.type === 'done') resolve(message.measures);
        else reject(new AppError(message.error.code, message.error.message));
      });
      worker.on('error', (error) =>
        reject(new AppError('WORKER_CRASHED', `The thread measuring the segments failed: ${error.message}`)),
      );
      worker.on('exit', (code) =>
        reject(new AppError('WORKER_CRASHED', `The thread measuring the segments stopped (${code}).`)),
      );
    })
      .catch(() => {
        // A thread that could not run or failed: the same measures made here.
        return matrixMeasures(x, labels, k);
      })
      .finally(() => void worker.terminate());
  };
}

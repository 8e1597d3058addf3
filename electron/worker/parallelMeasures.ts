import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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
 * thread makes the distances, silhouette and profiles (a million rows: about 0.5 s each). The
 * thread is started ahead (a training job starts it with its team, so it has started by the time
 * the segments are known); `run` once, then `close`. A matrix that is not in shared memory, or a
 * thread that could not run, is measured in this thread: the same numbers.
 */
export interface MeasuresThread {
  run: MeasuresRunner;
  close: () => void;
}

export function startMeasuresThread(threadEntry = THREAD_ENTRY): MeasuresThread {
  const worker = new Worker(threadEntry);
  // The thread's answer, or null when it failed to start, failed or stopped.
  const outcome = new Promise<MeasuresThreadMessage | null>((resolve) => {
    worker.on('message', (message: MeasuresThreadMessage) => resolve(message));
    worker.on('error', () => resolve(null));
    worker.on('exit', () => resolve(null));
  });
  return {
    run: async (x, labels, k) => {
      const memory = kernelMemoryOf(x.data);
      const buffer = x.data.buffer;
      if (!(buffer instanceof SharedArrayBuffer) || (!memory && x.data.byteOffset !== 0)) {
        return matrixMeasures(x, labels, k);
      }
      const shared = new Int32Array(new SharedArrayBuffer(labels.length * 4));
      shared.set(labels);
      const data: MeasuresThreadData = { buffer, memory, rows: x.rows, cols: x.cols, labels: shared, k };
      worker.postMessage(data);
      const message = await outcome;
      if (message?.type === 'done') return message.measures;
      // (A computation that failed there fails here too, with its own error.)
      return matrixMeasures(x, labels, k);
    },
    close: () => void worker.terminate(),
  };
}

/** `startMeasuresThread` for one run: the thread started when the measures are asked for. */
export function measuresInThread(threadEntry = THREAD_ENTRY): MeasuresRunner {
  return async (x, labels, k) => {
    const thread = startMeasuresThread(threadEntry);
    try {
      return await thread.run(x, labels, k);
    } finally {
      thread.close();
    }
  };
}

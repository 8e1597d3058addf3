import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { AppErrorShape } from '../../shared/domain';
import { createMatrix, type Matrix } from '../../shared/ml/matrix';
import type { KMeansResult, StartsRunner } from '../../shared/ml/kmeans';
import { kernelMatrixData, kernelMemoryOf, type KernelMemory } from '../../shared/ml/wasm/lloydKernel';

export interface StartsThreadData {
  buffer: SharedArrayBuffer;
  /** The kernel memory holding the matrix at its start, where WebAssembly runs (else the buffer). */
  memory: KernelMemory | null;
  rows: number;
  cols: number;
  k: number;
  seed: number;
  nInit: number;
  /** One Int32: the index of the next start to take (Atomics.add), shared by the threads. */
  next: SharedArrayBuffer;
  maxIter: number;
  tolerance: number;
}

export type StartsThreadMessage =
  | { type: 'iteration'; init: number; iteration: number }
  | {
      type: 'best';
      index: number;
      inertia: number;
      iterations: number;
      converged: boolean;
      centres: Float64Array;
      labels: Int32Array;
    }
  | { type: 'none' }
  | { type: 'error'; error: AppErrorShape };

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'starts-thread.js');

/** Below this many rows the starts run in this thread: starting threads would cost more than they save. */
export const PARALLEL_STARTS_MIN_ROWS = 50_000;

/**
 * Lloyd from each start over several threads (one per core, the feature matrix shared, not
 * copied per thread): each thread takes the next start not yet taken (starts differ a lot in
 * length), keeps its best run, and the best of those — lowest inertia, then lowest index — is
 * the one `kmeans` would keep in one thread.
 */
export function parallelStarts(threads = availableParallelism(), threadEntry = THREAD_ENTRY): StartsRunner {
  return async (x: Matrix, plan, options, onIteration) => {
    const count = Math.min(threads, plan.nInit);
    // The matrix is shared as it is when it already lives in shared memory (trainSegmentsParallel),
    // else copied once into shared memory — a kernel memory where WebAssembly runs.
    const whole =
      kernelMemoryOf(x.data) !== null ||
      (x.data.buffer instanceof SharedArrayBuffer &&
        x.data.byteOffset === 0 &&
        x.data.byteLength === x.data.buffer.byteLength);
    const shared = whole ? x.data : kernelMatrixData(x.data.length);
    if (!whole) shared.set(x.data);
    const buffer = shared.buffer as SharedArrayBuffer;
    const memory = kernelMemoryOf(shared);
    const next = new SharedArrayBuffer(4);
    const workers: Worker[] = [];
    try {
      const bests = await Promise.all(
        Array.from(
          { length: count },
          () =>
            new Promise<{ index: number; result: KMeansResult } | null>((resolve, reject) => {
              const data: StartsThreadData = {
                buffer,
                memory,
                rows: x.rows,
                cols: x.cols,
                k: plan.k,
                seed: plan.seed,
                nInit: plan.nInit,
                next,
                maxIter: options.maxIter,
                tolerance: options.tolerance,
              };
              const worker = new Worker(threadEntry, { workerData: data });
              workers.push(worker);
              worker.on('message', (message: StartsThreadMessage) => {
                if (message.type === 'iteration') onIteration(message.init, message.iteration);
                else if (message.type === 'none') resolve(null);
                else if (message.type === 'best') {
                  resolve({
                    index: message.index,
                    result: {
                      centroids: createMatrix(plan.k, x.cols, message.centres),
                      labels: message.labels,
                      inertia: message.inertia,
                      iterations: message.iterations,
                      converged: message.converged,
                    },
                  });
                } else reject(new AppError(message.error.code, message.error.message));
              });
              worker.on('error', (error) =>
                reject(new AppError('WORKER_CRASHED', `A K-Means thread failed: ${error.message}`)),
              );
              worker.on('exit', (code) => {
                if (code !== 0) reject(new AppError('WORKER_CRASHED', `A K-Means thread stopped (exit code ${code}).`));
              });
            }),
        ),
      );
      const found = bests.filter((b): b is { index: number; result: KMeansResult } => b !== null);
      return found.reduce((best, b) =>
        b.result.inertia < best.result.inertia || (b.result.inertia === best.result.inertia && b.index < best.index)
          ? b
          : best,
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
}

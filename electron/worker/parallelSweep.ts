import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { AppErrorShape } from '../../shared/domain';
import type { Matrix } from '../../shared/ml/matrix';
import {
  checkSweepRange,
  progressMeter,
  STABILITY_RUNS,
  sweepK,
  sweepWorkUnits,
  type SweepOptions,
  type SweepOutput,
  type SweepPoint,
} from '../../shared/ml/sweep';
import { kernelMatrixData, kernelMemoryOf, type KernelMemory } from '../../shared/ml/wasm/lloydKernel';

export interface SweepThreadData {
  buffer: SharedArrayBuffer;
  /** The kernel memory holding the matrix at its start, where WebAssembly runs (else the buffer). */
  memory: KernelMemory | null;
  rows: number;
  cols: number;
  ks: number[];
  nInit: number;
  seed: number;
  stabilityRuns: number;
}

export type SweepThreadMessage =
  | { type: 'work'; units: number; k: number; message: string }
  | { type: 'point'; point: SweepPoint; silhouetteSampled: number }
  | { type: 'done' }
  | { type: 'error'; error: AppErrorShape };

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'sweep-thread.js');

/** Longest-processing-time-first: give each k to the least loaded thread. */
export function scheduleKs(ks: number[], threads: number, cost: (k: number) => number): number[][] {
  const bins = Array.from({ length: threads }, () => ({ load: 0, ks: [] as number[] }));
  for (const k of [...ks].sort((a, b) => cost(b) - cost(a))) {
    const bin = bins.reduce((least, b) => (b.load < least.load ? b : least), bins[0]);
    bin.ks.push(k);
    bin.load += cost(k);
  }
  return bins.filter((b) => b.ks.length > 0).map((b) => b.ks.sort((a, b) => a - b));
}

/**
 * The k sweep over several threads (one per core): each k's result depends only on the data,
 * k and the seed, so the points are identical to the single-threaded `sweepK`, only sooner.
 */
export async function parallelSweep(
  x: Matrix,
  options: SweepOptions,
  threads = availableParallelism(),
  threadEntry = THREAD_ENTRY,
): Promise<SweepOutput> {
  const { kMin, kMax, nInit, seed } = options;
  const runs = options.stabilityRuns ?? STABILITY_RUNS;
  checkSweepRange(x, kMin, kMax);
  const ks = Array.from({ length: kMax - kMin + 1 }, (_, i) => kMin + i);
  if (threads <= 1 || ks.length === 1) return sweepK(x, options);
  const cost = (k: number) => sweepWorkUnits(k, nInit, runs);
  const meter = progressMeter(
    ks.reduce((sum, k) => sum + cost(k), 0),
    options.onProgress,
  );
  // One copy in shared memory for the threads (a kernel memory, read in place, where WebAssembly runs).
  const shared = kernelMatrixData(x.data.length);
  shared.set(x.data);
  const buffer = shared.buffer as SharedArrayBuffer;
  const memory = kernelMemoryOf(shared);
  const points: SweepPoint[] = [];
  let silhouetteSampled = x.rows;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      scheduleKs(ks, threads, cost).map(
        (share) =>
          new Promise<void>((resolve, reject) => {
            const data: SweepThreadData = {
              buffer,
              memory,
              rows: x.rows,
              cols: x.cols,
              ks: share,
              nInit,
              seed,
              stabilityRuns: runs,
            };
            const worker = new Worker(threadEntry, { workerData: data });
            workers.push(worker);
            worker.on('message', (message: SweepThreadMessage) => {
              if (message.type === 'work') meter(message.units, message.k, message.message);
              else if (message.type === 'point') {
                points.push(message.point);
                silhouetteSampled = message.silhouetteSampled;
              } else if (message.type === 'done') resolve();
              else reject(new AppError(message.error.code, message.error.message));
            });
            worker.on('error', (error) =>
              reject(new AppError('WORKER_CRASHED', `A sweep thread failed: ${error.message}`)),
            );
            worker.on('exit', (code) => {
              if (code !== 0) reject(new AppError('WORKER_CRASHED', `A sweep thread stopped (exit code ${code}).`));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  points.sort((a, b) => a.k - b.k);
  return { points, silhouetteSampled, rows: x.rows };
}

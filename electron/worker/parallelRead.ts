import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { AppErrorShape } from '../../shared/domain';
import type { RawFeatures } from '../../shared/ml/preprocess';
import type { Db } from '../services/store/db';
import {
  checkFeatureRows,
  featureArrays,
  featureReadPlan,
  finishFeatures,
  readFeatureRange,
  readFeatures,
  type FeatureArrays,
  type FeatureReadPlan,
} from '../services/store/datasetRows';

/** What the reading thread gets: the store, the plan, its range and the shared arrays. */
export interface ReadThreadData {
  dbPath: string;
  nativeBinding: string | undefined;
  plan: FeatureReadPlan;
  range: { afterId: number; untilId: null; first: number; count: number };
  numeric: Float64Array[];
  codes: Int32Array[];
}

export type ReadThreadMessage =
  { type: 'done'; read: number; levels: string[][] } | { type: 'error'; error: AppErrorShape };

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'read-thread.js');

/** Below this many rows the features are read in one thread (a thread's start would cost more). */
export const PARALLEL_READ_MIN_ROWS = 200_000;

/**
 * `readFeatures` with the second half of the rows read by another thread on a connection of its
 * own (SQLite serves both at once): better-sqlite3 makes a JavaScript array per row, which is
 * most of the time (1M rows × 10 columns: SQLite's own scan 0.35 s, the read 1.5 s). The same
 * arrays, and the same refusal when the store holds other than the recorded row count.
 */
export async function readFeaturesParallel(
  db: Db,
  store: { dbPath: string; nativeBinding?: string; datasetId: number; features: string[] },
  { threads = availableParallelism(), threadEntry = THREAD_ENTRY, minRows = PARALLEL_READ_MIN_ROWS } = {},
): Promise<RawFeatures> {
  const plan = featureReadPlan(db, store.datasetId, store.features);
  if (threads < 2 || plan.rows < Math.max(2, minRows)) return readFeatures(db, store.datasetId, store.features);
  const first = Math.ceil(plan.rows / 2);
  // The last row_id of the first half: the thread reads every row after it.
  const split = db
    .prepare(`SELECT row_id FROM ${plan.table} ORDER BY row_id LIMIT 1 OFFSET ?`)
    .pluck()
    .get(first - 1);
  if (typeof split !== 'number') checkFeatureRows(plan, 0, plan.rows);
  const arrays = featureArrays(plan, (bytes) => new SharedArrayBuffer(bytes));
  const data: ReadThreadData = {
    dbPath: store.dbPath,
    nativeBinding: store.nativeBinding ?? undefined,
    plan,
    range: { afterId: split as number, untilId: null, first, count: plan.rows - first },
    numeric: arrays.numeric,
    codes: arrays.codes,
  };
  const worker = new Worker(threadEntry, { workerData: data });
  const done = new Promise<{ read: number; levels: string[][] }>((resolve, reject) => {
    worker.on('message', (message: ReadThreadMessage) => {
      if (message.type === 'done') resolve(message);
      else reject(new AppError(message.error.code, message.error.message));
    });
    worker.on('error', (error) =>
      reject(new AppError('WORKER_CRASHED', `The thread reading the customers failed: ${error.message}`)),
    );
    worker.on('exit', (code) =>
      reject(new AppError('WORKER_CRASHED', `The thread reading the customers stopped (${code}).`)),
    );
  });
  // This half is read meanwhile; a failure in either half is the read's.
  done.catch(() => {});
  try {
    const read = readFeatureRange(db, plan, arrays, { afterId: 0, untilId: split as number, first: 0, count: first });
    checkFeatureRows(plan, read, first);
    const rest = { afterId: split as number, untilId: null, first, count: plan.rows - first };
    const other = await done.catch((error: unknown) => {
      // A damaged store is the read's answer; a thread that could not run (its module, the
      // SQLite build in a thread) leaves its half to this thread.
      if (error instanceof AppError && error.code === 'STORE_FAILED') throw error;
      return null;
    });
    if (other) {
      checkFeatureRows(plan, other.read, rest.count);
      mergeLevels(arrays, other.levels, first, plan.rows);
    } else {
      checkFeatureRows(plan, readFeatureRange(db, plan, arrays, rest), rest.count);
    }
    return finishFeatures(plan, arrays);
  } finally {
    await worker.terminate();
  }
}

/** The thread's category codes (in its own order of first appearance) renumbered into this thread's. */
function mergeLevels(arrays: FeatureArrays, levels: string[][], from: number, to: number): void {
  arrays.seen.forEach((seen, j) => {
    const remap = levels[j].map((level) => {
      let code = seen.get(level);
      if (code === undefined) {
        code = seen.size;
        seen.set(level, code);
      }
      return code;
    });
    const codes = arrays.codes[j];
    for (let i = from; i < to; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  });
}

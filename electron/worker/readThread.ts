/**
 * The thread that reads a range of a dataset's rows for `readFeaturesParallel` (./parallelRead.ts):
 * on a read-only connection of its own, into the shared arrays; posts how many rows the range held
 * and each categorical column's levels in its order of first appearance.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import { readFeatureRange } from '../services/store/datasetRows';
import { openSqlite, useSqliteBinding } from '../services/store/sqlite';
import type { ReadThreadData, ReadThreadMessage } from './parallelRead';

const data = workerData as ReadThreadData;
const post = (message: ReadThreadMessage) => parentPort?.postMessage(message);

try {
  useSqliteBinding(data.nativeBinding);
  const db = openSqlite(data.dbPath, { readonly: true, fileMustExist: true, timeout: 60_000 });
  try {
    const seen = data.codes.map(() => new Map<string, number>());
    const read = readFeatureRange(db, data.plan, { numeric: data.numeric, codes: data.codes, seen }, data.range);
    post({ type: 'done', read, levels: seen.map((s) => [...s.keys()]) });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'error', error: toErrorShape(error) });
}

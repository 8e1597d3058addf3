/**
 * The thread that writes an import's rows into the store's staging table (./storeWriter.ts): on
 * a connection of its own; says when it has opened the store, acknowledges each request, and
 * answers `end` with the rows written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../shared/errors';
import { openStoreWriter } from '../services/store/database';
import { useSqliteBinding } from '../services/store/sqlite';
import { asStoreError, stagingWriter, type StoreTarget, type WriterReply, type WriterRequest } from './storeWriter';

const target = workerData as StoreTarget;
const post = (reply: WriterReply) => parentPort?.postMessage(reply);

useSqliteBinding(target.nativeBinding);
const db = openStoreWriter(target.dbPath, target.maxPageCount);
const writer = stagingWriter(db, target.table);
let failed = false;
post({ type: 'ready' });
parentPort?.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    if (db.open) db.close();
    post({ type: 'closed' });
    return;
  }
  if (failed) return;
  try {
    if (request.type === 'end') {
      db.close();
      post({ type: 'done', rows: writer.rows() });
      return;
    }
    writer.write(request);
    post({ type: 'ack' });
  } catch (error) {
    failed = true;
    post({ type: 'error', error: toErrorShape(asStoreError(error, target.dbPath)) });
  }
});

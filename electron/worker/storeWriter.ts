/**
 * An import's rows written into the store's staging table by the worker itself, so the main
 * process only turns the filled table into a dataset (staging.ts): a thread of its own inserts
 * each batch while this thread reads the file on. Sent to the main process instead, the batches
 * were copied through the pipe between the processes and inserted there between its other work
 * (a million-row file: about a second longer). Where the thread cannot start, the batches are
 * written in this thread.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { AppErrorShape } from '../../shared/domain';
import type { ImportStreamData } from '../../shared/worker/messages';
import { openStoreWriter, storeError } from '../services/store/database';
import type { Db } from '../services/store/db';
import { createStaging, dropStaging, type Staging } from '../services/store/staging';
import { useSqliteBinding } from '../services/store/sqlite';

/** The store file and the staging table the main process named for this import. */
export interface StoreTarget {
  dbPath: string;
  nativeBinding?: string;
  table: string;
  /** The main process's connection's page limit, kept on the writer's. */
  maxPageCount?: number;
}

/** What the reader asks of the writer, in order. */
type Queued = ImportStreamData | { type: 'end' };
export type WriterRequest = Queued | { type: 'close' };
export type WriterReply =
  | { type: 'ready' }
  | { type: 'ack' }
  | { type: 'done'; rows: number }
  | { type: 'closed' }
  | { type: 'error'; error: AppErrorShape };

/** Batches that may wait for the writer before the reader pauses (memory stays flat). */
const WAITING_LIMIT = 4;

/** How long a writer stopped before the end may take to close its connection. */
const CLOSE_WAIT_MS = 10_000;

const THREAD_ENTRY = join(fileURLToPath(new URL('.', import.meta.url)), 'staging-thread.js');

/**
 * The staging table written on a connection: a schema (re)creates it (a second one means the
 * file is read again: what was written is dropped), a batch is inserted in a transaction of its own.
 */
export function stagingWriter(db: Db, table: string) {
  let staging: Staging | null = null;
  return {
    write(data: ImportStreamData): void {
      if (data.type === 'schema') {
        dropStaging(db, staging);
        staging = createStaging(db, data.columns, table);
      } else if (staging) staging.insert(data);
      else throw new AppError('STORE_FAILED', 'A batch of rows came before its columns.');
    },
    rows: (): number => staging?.rows ?? 0,
  };
}

export interface StoreWriter {
  write(data: ImportStreamData): void;
  /** Resolves when few enough batches wait; rejects once writing failed. */
  ready(): Promise<void>;
  /** Every batch written: the rows in the staging table. */
  end(): Promise<number>;
  close(): Promise<void>;
}

/** Write in this thread (where the writer thread cannot start). */
function writerHere(target: StoreTarget): StoreWriter {
  useSqliteBinding(target.nativeBinding);
  const db = openStoreWriter(target.dbPath, target.maxPageCount);
  const writer = stagingWriter(db, target.table);
  return {
    write: (data) => {
      try {
        writer.write(data);
      } catch (error) {
        throw asStoreError(error, target.dbPath);
      }
    },
    ready: () => Promise.resolve(),
    end: () => Promise.resolve(writer.rows()),
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

/**
 * The writer for an import into `target`: a thread of its own (`threadEntry`), or this thread
 * when that one fails before it has opened the store (the batches held meanwhile are written here).
 */
export function startStoreWriter(target: StoreTarget, threadEntry = THREAD_ENTRY): StoreWriter {
  let here: StoreWriter | null = null;
  let worker: Worker | null = null;
  /** Requests not yet posted (until the thread has opened the store); null once posted. */
  let held: Queued[] | null = [];
  let waiting = 0;
  let failed: AppError | null = null;
  let finished = false;
  let closing = false;
  /** The thread has opened the store and not stopped since. */
  let running = false;
  let closed: (() => void) | null = null;
  let wake: (() => void) | null = null;
  let ended: { resolve: (rows: number) => void; reject: (error: AppError) => void } | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (error: AppError) => {
    failed ??= error;
    notify();
    ended?.reject(failed);
  };
  const finish = (rows: number) => {
    finished = true;
    ended?.resolve(rows);
  };
  /** Write here what was held (the thread never opened the store), and all that follows. */
  const fallBack = () => {
    const requests = held ?? [];
    held = null;
    waiting = 0;
    try {
      here = writerHere(target);
      for (const request of requests) if (request.type !== 'end') here.write(request);
      if (requests.some((r) => r.type === 'end')) void here.end().then(finish);
    } catch (error) {
      fail(asStoreError(error, target.dbPath));
    }
    notify();
  };
  try {
    worker = new Worker(threadEntry, { workerData: target });
  } catch {
    worker = null;
  }
  if (!worker) fallBack();
  else {
    worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'ready') {
        running = true;
        for (const request of held ?? []) worker?.postMessage(request);
        held = null;
      } else if (reply.type === 'ack') {
        waiting--;
        if (waiting <= WAITING_LIMIT) notify();
      } else if (reply.type === 'done') finish(reply.rows);
      else if (reply.type === 'closed') closed?.();
      else fail(new AppError(reply.error.code, reply.error.message));
    });
    const lost = (why: string) => {
      if (finished || failed || closing) return;
      // Before it opened the store: written here instead; after, the import fails.
      if (held) fallBack();
      else fail(new AppError('WORKER_CRASHED', `The thread writing the customers into the store ${why}.`));
    };
    worker.on('error', (error) => lost(`failed: ${error.message}`));
    worker.on('exit', (code) => {
      running = false;
      closed?.();
      lost(`stopped (${code})`);
    });
  }
  const send = (request: Queued) => {
    if (failed) throw failed;
    if (here) {
      if (request.type !== 'end') here.write(request);
      return;
    }
    waiting++;
    if (held) held.push(request);
    else worker?.postMessage(request);
  };
  return {
    write: (data) => send(data),
    ready: () =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (failed) reject(failed);
          else if (here || waiting <= WAITING_LIMIT) resolve();
          else wake = check;
        };
        check();
      }),
    end: () =>
      new Promise<number>((resolve, reject) => {
        if (failed) return reject(failed);
        if (here) return void here.end().then(resolve, reject);
        ended = { resolve, reject };
        send({ type: 'end' });
      }),
    close: async () => {
      // (Stopped, not lost: nothing is written here after.)
      closing = true;
      held = null;
      await here?.close();
      if (!worker) return;
      if (running && !finished) {
        // Stopped before the end (the import failed): the thread finishes the batch in hand and
        // closes its connection, so no transaction of this process outlives the import.
        const thread = worker;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, CLOSE_WAIT_MS);
          closed = () => {
            clearTimeout(timer);
            resolve();
          };
          thread.postMessage({ type: 'close' } satisfies WriterRequest);
        });
      }
      await worker.terminate();
    },
  };
}

/** A failure while writing the store, as the app's error (a full disk named as such). */
export function asStoreError(error: unknown, path?: string): AppError {
  if (error instanceof AppError) return error;
  return (path ? storeError(error, path) : null) ?? new AppError('STORE_FAILED', (error as Error).message);
}

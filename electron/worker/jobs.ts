import { availableParallelism } from 'node:os';
import { runComparison, runSweep, trainSegments, trainSegmentsParallel } from '../../shared/ml/train';
import type { FromStore, ImportStreamData, WorkerJob, WorkerJobResults } from '../../shared/worker/messages';
import type { RawFeatures } from '../../shared/ml/preprocess';
import { readFeaturesParallel } from './parallelRead';
import { startStoreWriter } from './storeWriter';
import { measuresInThread, startMeasuresThread } from './parallelMeasures';
import { importTable, previewImport, readTable } from './import/pipeline';
import { parallelSweep } from './parallelSweep';
import { ROW_TEAM_MIN_ROWS, startRowTeam, withRowTeam } from './rowTeam';
import { snapshotTransitions } from './transitions';
import { segmentMap } from '../../shared/segments/map';
import { boxStats } from '../../shared/segments/distribution';
import { describeData } from '../../shared/import/describe';
import { assignedCsvText, assignedRows, assignTable, scoreTable } from '../../shared/segments/assign';
import { parquetBytes } from '../services/export/parquet';
import { replayReadOptions } from '../../shared/import/recipe';
import { openSqlite, useSqliteBinding } from '../services/store/sqlite';
import { writeLabelled } from '../services/export/labelled';
import { readSegmentValue } from '../services/export/segmentValue';
import { writeOut } from './writeOut';

/** What a job may use of the worker: progress, data sent ahead of the result, and backpressure. */
export interface JobContext {
  progress: (stage: string, fraction: number | null, message: string) => void;
  /** Data for the main process before the result (a streamed import's batches). */
  sendData: (data: ImportStreamData) => void;
  /** Resolves when the main process has caught up with the data sent. */
  ready: () => Promise<void>;
}

type JobOf<K extends WorkerJob['kind']> = Extract<WorkerJob, { kind: K }>;

/**
 * Every job the worker runs, by kind. `satisfies` keeps this table, `WorkerJob` and
 * `WorkerJobResults` (shared/worker/messages.ts) in step: a kind without a handler, or a handler
 * whose result is not the declared one, does not compile.
 */
const JOBS = {
  preview: (job) => previewImport(job.fileName, job.source, job.options, job.totalBytes),
  importStream: async (job, { progress, sendData, ready }) => {
    const parse = (f: number, m: string) => progress('parse', f, m);
    if (!job.store) return importTable(job.fileName, job.source, job.options, sendData, parse, ready);
    // Into a store kept in a file: the rows written here (by a thread of their own), the columns
    // sent on (the main process records them when it makes the table a dataset).
    const writer = startStoreWriter(job.store);
    try {
      const sink = (data: ImportStreamData) => {
        writer.write(data);
        if (data.type === 'schema') sendData(data);
      };
      const table = await importTable(job.fileName, job.source, job.options, sink, parse, async () => {
        await ready();
        await writer.ready();
      });
      return { ...table, stagedRows: await writer.end() };
    } finally {
      await writer.close();
    }
  },
  // Large tables share K-Means' passes over the rows among every core (the same model to the bit
  // as in one thread).
  train: async (job, { progress }) => {
    const parallel = availableParallelism() > 1;
    // A large table's team and measures thread start now, while the rows are read.
    const recorded = 'store' in job.input ? (job.input.store.rows ?? 0) : job.input.raw.rows;
    const team = parallel && recorded >= ROW_TEAM_MIN_ROWS ? startRowTeam() : null;
    const measures = team ? startMeasuresThread() : null;
    try {
      const input = await withFeatures(job.input, progress);
      return parallel && input.raw.rows >= ROW_TEAM_MIN_ROWS
        ? await trainSegmentsParallel(input, progress, team?.run ?? withRowTeam, measures?.run ?? measuresInThread())
        : trainSegments(input, progress);
    } finally {
      measures?.close();
      await team?.close();
    }
  },
  sweep: async (job, { progress }) => runSweep(await withFeatures(job.input, progress), progress, parallelSweep),
  compare: (job, { progress }) => runComparison(job.input, progress),
  // New customers from a CSV or an Excel workbook (its first sheet that looks like a table).
  // Read as the model's training file was (its recipe's reading options), then the recipe replayed.
  assign: async ({ input }, { progress }) => {
    const options = input.recipe ? replayReadOptions(input.recipe) : undefined;
    const table = await readTable(input.fileName, input.source, options, (f, m) => progress('parse', f, m));
    progress('assign', null, `Assigning ${table.rowCount} customers`);
    const { outPath } = input;
    if (input.format !== 'parquet' && !outPath) return assignTable(input.fileName, table, input);
    const { assignment, leftOut } = scoreTable(input.fileName, table, input);
    if (input.format !== 'parquet') {
      // Written to --out a piece at a time: never one string, so no length limit.
      const { sizes, left } = writeOut(outPath as string, (write) =>
        assignedCsvText(table, assignment, input.segmentNames, leftOut, write),
      );
      return { csv: '', rows: table.rowCount, sizes, leftOut: left };
    }
    const { header, rows, sizes, left } = assignedRows(table, assignment, input.segmentNames, leftOut);
    const parquet = parquetBytes(header, rows);
    if (!outPath) return { csv: '', rows: table.rowCount, sizes, leftOut: left, parquet };
    writeOut(outPath, (write) => write(parquet));
    return { csv: '', rows: table.rowCount, sizes, leftOut: left };
  },
  map: ({ input }) =>
    segmentMap(input.raw, input.preprocessing, input.pca, input.centroidsScaled, input.seed, input.maxPoints),
  distribution: ({ input }) => boxStats(input.values, input.labels, input.k),
  describe: ({ input }) => describeData(input),
  transitions: ({ input }, { progress }) => snapshotTransitions(input, progress),
  segmentValue: ({ input }) => {
    useSqliteBinding(input.nativeBinding);
    const db = openSqlite(input.dbPath, { readonly: true, fileMustExist: true, timeout: 60_000 });
    try {
      return readSegmentValue(db, input.modelId, input.column);
    } finally {
      db.close();
    }
  },
  exportLabelled: async ({ input }, { progress }) => {
    useSqliteBinding(input.nativeBinding);
    const db = openSqlite(input.dbPath, { readonly: true, fileMustExist: true, timeout: 60_000 });
    try {
      return await writeLabelled(db, input, (f, m) => progress(input.format, f, m));
    } finally {
      db.close();
    }
  },
} satisfies {
  [K in WorkerJob['kind']]: (job: JobOf<K>, context: JobContext) => WorkerJobResults[K] | Promise<WorkerJobResults[K]>;
};

/**
 * The input with its feature columns: as sent, or read here from the store file (read-only; a
 * large table by two threads at once).
 */
async function withFeatures<T extends { raw: RawFeatures }>(
  input: T | FromStore<T>,
  progress: JobContext['progress'],
): Promise<T> {
  if (!('store' in input)) return input;
  const { store, ...rest } = input;
  progress('read', null, 'Reading the customers from the store');
  useSqliteBinding(store.nativeBinding);
  const db = openSqlite(store.dbPath, { readonly: true, fileMustExist: true, timeout: 60_000 });
  try {
    return { ...rest, raw: await readFeaturesParallel(db, store) } as unknown as T;
  } finally {
    db.close();
  }
}

/** Run one job with its handler from the table. */
export function runJob(job: WorkerJob, context: JobContext): Promise<WorkerJobResults[WorkerJob['kind']]> {
  const handler = JOBS[job.kind] as (
    job: WorkerJob,
    context: JobContext,
  ) => WorkerJobResults[WorkerJob['kind']] | Promise<WorkerJobResults[WorkerJob['kind']]>;
  return Promise.resolve(handler(job, context));
}

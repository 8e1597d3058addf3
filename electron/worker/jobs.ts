import { runComparison, runSweep, trainSegments } from '../../shared/ml/train';
import type { ImportStreamData, WorkerJob, WorkerJobResults } from '../../shared/worker/messages';
import { previewCsv, readTable } from '../services/import/readTable';
import { streamTransformed } from '../services/import/streamTransformed';
import { parallelSweep } from './parallelSweep';
import { segmentMap } from '../../shared/segments/map';
import { boxStats } from '../../shared/segments/distribution';
import { describeData } from '../../shared/import/describe';
import { assignCustomers, assignedCsv, featuresFromTable } from '../../shared/segments/assign';

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
  parseCsv: (job, { progress }) => readTable(job.fileName, job.source, (f, m) => progress('parse', f, m), job.options),
  previewCsv: (job) => previewCsv(job.fileName, job.source, job.options, job.totalBytes),
  importStream: (job, { progress, sendData, ready }) =>
    streamTransformed(
      job.fileName,
      job.source,
      job.options,
      sendData,
      (f, m) => progress('parse', f, m),
      job.retry,
      ready,
    ),
  train: (job, { progress }) => trainSegments(job.input, progress),
  sweep: (job, { progress }) => runSweep(job.input, progress, parallelSweep),
  compare: (job, { progress }) => runComparison(job.input, progress),
  // New customers from a CSV or an Excel workbook (its first sheet that looks like a table).
  assign: async ({ input }, { progress }) => {
    const table = await readTable(input.fileName, input.source, (f, m) => progress('parse', f, m));
    progress('assign', null, `Assigning ${table.rowCount} customers`);
    const raw = featuresFromTable(table, input.preprocessing, input.fileName);
    const assignment = assignCustomers(raw, input.preprocessing, input.centroidsScaled);
    return assignedCsv(table, assignment, input.segmentNames);
  },
  map: ({ input }) =>
    segmentMap(input.raw, input.preprocessing, input.pca, input.centroidsScaled, input.seed, input.maxPoints),
  distribution: ({ input }) => boxStats(input.values, input.labels, input.k),
  describe: ({ input }) => describeData(input),
} satisfies {
  [K in WorkerJob['kind']]: (job: JobOf<K>, context: JobContext) => WorkerJobResults[K] | Promise<WorkerJobResults[K]>;
};

/** Run one job with its handler from the table. */
export function runJob(job: WorkerJob, context: JobContext): Promise<WorkerJobResults[WorkerJob['kind']]> {
  const handler = JOBS[job.kind] as (
    job: WorkerJob,
    context: JobContext,
  ) => WorkerJobResults[WorkerJob['kind']] | Promise<WorkerJobResults[WorkerJob['kind']]>;
  return Promise.resolve(handler(job, context));
}

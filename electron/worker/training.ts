/**
 * The worker entry: parses files and trains models away from the main process. Electron starts
 * it with utilityProcess.fork (messages through process.parentPort); plain Node starts it with
 * child_process.fork (messages through process.send). Same file, same messages.
 */
import { toErrorShape } from '../../shared/errors';
import { runComparison, runSweep, trainSegments } from '../../shared/ml/train';
import type { WorkerJob, WorkerReply, WorkerRequest } from '../../shared/worker/messages';
import { previewCsv, readTable } from '../services/import/readTable';
import { streamTransformed } from '../services/import/streamTransformed';
import { parallelSweep } from './parallelSweep';
import { segmentMap } from '../../shared/segments/map';
import { boxStats } from '../../shared/segments/distribution';
import { describeData } from '../../shared/import/describe';

import { assignCustomers, featuresFromTable } from '../../shared/segments/assign';
import type { AssignInput } from '../../shared/worker/messages';

/** New customers from a CSV or an Excel workbook (its first sheet that looks like a table). */
async function assignFile(
  input: AssignInput,
  progress: (stage: string, fraction: number | null, message: string) => void,
) {
  const table = await readTable(input.fileName, input.source, (f, m) => progress('parse', f, m));
  progress('assign', null, `Assigning ${table.rowCount} customers`);
  const raw = featuresFromTable(table, input.preprocessing, input.fileName);
  return { table, assignment: assignCustomers(raw, input.preprocessing, input.centroidsScaled) };
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: WorkerRequest }) => void): void;
  postMessage(message: WorkerReply): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const send = (message: WorkerReply, sent?: () => void): void => {
  if (parentPort) {
    parentPort.postMessage(message);
    sent?.();
  } else if (process.send) process.send(message, undefined, undefined, () => sent?.());
};

/**
 * Batches that may wait in the pipe before the reader of a streamed file pauses: enough that the
 * store always has one to insert while the next are read, few enough that memory stays flat.
 */
function flowControl(limit = 8) {
  let inFlight = 0;
  let wake: (() => void) | null = null;
  return {
    send(message: WorkerReply) {
      inFlight++;
      send(message, () => {
        inFlight--;
        if (inFlight <= limit && wake) {
          wake();
          wake = null;
        }
      });
    },
    ready: () => (inFlight <= limit ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve))),
  };
}

const PROGRESS_INTERVAL_MS = 100;

async function run(jobId: string, job: WorkerJob): Promise<void> {
  let last = 0;
  let lastStage = '';
  // At most one message per interval, but always the first of each stage.
  const progress = (stage: string, fraction: number | null, message: string) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS && stage === lastStage) return;
    last = now;
    lastStage = stage;
    send({ type: 'progress', jobId, stage, fraction, message });
  };
  try {
    const result =
      job.kind === 'parseCsv'
        ? await readTable(job.fileName, job.source, (f, m) => progress('parse', f, m), job.options)
        : job.kind === 'importStream'
          ? await (() => {
              const flow = flowControl();
              return streamTransformed(
                job.fileName,
                job.source,
                job.options,
                (data) => flow.send({ type: 'data', jobId, data }),
                (f, m) => progress('parse', f, m),
                job.retry,
                flow.ready,
              );
            })()
          : job.kind === 'previewCsv'
            ? await previewCsv(job.fileName, job.source, job.options, job.totalBytes)
            : job.kind === 'train'
              ? trainSegments(job.input, progress)
              : job.kind === 'compare'
                ? runComparison(job.input, progress)
                : job.kind === 'assign'
                  ? await assignFile(job.input, progress)
                  : job.kind === 'map'
                    ? segmentMap(
                        job.input.raw,
                        job.input.preprocessing,
                        job.input.pca,
                        job.input.centroidsScaled,
                        job.input.seed,
                        job.input.maxPoints,
                      )
                    : job.kind === 'distribution'
                      ? boxStats(job.input.values, job.input.labels, job.input.k)
                      : job.kind === 'describe'
                        ? describeData(job.input)
                        : await runSweep(job.input, progress, parallelSweep);
    send({ type: 'result', jobId, result });
  } catch (error) {
    send({ type: 'error', jobId, error: toErrorShape(error) });
  }
}

function onRequest(request: WorkerRequest): void {
  // The computation blocks this process's event loop, so the host cancels a job by killing the
  // process (its sweep threads die with it); `cancel` is honoured between jobs.
  if (request.type === 'start') void run(request.jobId, request.job);
  else if (request.type === 'cancel') process.exit(0);
}

if (parentPort) parentPort.on('message', (event) => onRequest(event.data));
else process.on('message', (message) => onRequest(message as WorkerRequest));

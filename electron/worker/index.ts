/**
 * The worker entry: every job (parsing files, importing, training, sweeps, maps, assigning) runs
 * here, away from the main process. Electron starts it with utilityProcess.fork (messages through
 * process.parentPort); plain Node starts it with child_process.fork (messages through
 * process.send). Same file, same messages; what each job does is the table in ./jobs.ts.
 */
import { toErrorShape } from '../../shared/errors';
import type { WorkerJob, WorkerReply, WorkerRequest } from '../../shared/worker/messages';
import { runJob } from './jobs';

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
    const flow = flowControl();
    const result = await runJob(job, {
      progress,
      sendData: (data) => flow.send({ type: 'data', jobId, data }),
      ready: flow.ready,
    });
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

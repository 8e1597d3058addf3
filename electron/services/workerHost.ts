import { fork } from 'node:child_process';
import { AppError } from '../../shared/errors';
import type {
  ImportStreamData,
  WorkerJob,
  WorkerJobResults,
  WorkerReply,
  WorkerRequest,
} from '../../shared/worker/messages';

/** A running worker process, whatever started it (Electron utilityProcess or Node child_process). */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  onMessage(listener: (message: WorkerReply) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  /** Operating-system process id, where known. */
  readonly pid?: number;
}

export type WorkerFactory = () => WorkerPort;

/** Start the worker entry as a Node child process (CLI, browser mode, tests). */
export function nodeWorkerFactory(entry: string): WorkerFactory {
  return () => {
    const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      postMessage: (message) => child.send(message),
      onMessage: (listener) => child.on('message', (m) => listener(m as WorkerReply)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill(),
      pid: child.pid,
    };
  };
}

export type ProgressListener = (stage: string, fraction: number | null, message: string) => void;

/**
 * Runs jobs in worker processes, one process per job: cancel kills it outright (a K-Means
 * iteration is never left to finish), and a crash is one job's error, never the app's.
 */
export class JobRunner {
  private readonly running = new Map<string, { port: WorkerPort; cancel: () => void }>();
  /** A worker started ahead of the next job (`spare`), or null. */
  private spare: { port: WorkerPort; exited: boolean } | null = null;

  /**
   * `spare`: keep one worker process started and idle, so the next job does not wait for one to
   * start (Node's start and the worker's modules: about a quarter of a second). The desktop app
   * and browser mode keep one; the CLI, which runs one job and exits, does not.
   */
  constructor(
    private readonly startWorker: WorkerFactory,
    private readonly options: { spare?: boolean } = {},
  ) {
    this.warm();
  }

  /** Start the spare worker, if kept and not already there. */
  private warm(): void {
    if (!this.options.spare || this.spare) return;
    const spare = { port: this.startWorker(), exited: false };
    spare.port.onExit(() => {
      spare.exited = true;
      if (this.spare === spare) this.spare = null;
    });
    this.spare = spare;
  }

  /** The spare worker if it is alive, else a new one. */
  private takeWorker(): WorkerPort {
    const spare = this.spare;
    this.spare = null;
    return spare && !spare.exited ? spare.port : this.startWorker();
  }

  run<K extends WorkerJob['kind']>(
    jobId: string,
    job: Extract<WorkerJob, { kind: K }>,
    onProgress: ProgressListener = () => {},
    onData?: (data: ImportStreamData) => void,
  ): Promise<WorkerJobResults[K]> {
    if (this.running.has(jobId)) return Promise.reject(new AppError('JOB_EXISTS', `Job ${jobId} is already running.`));
    return new Promise<WorkerJobResults[K]>((resolve, reject) => {
      let settled = false;
      const port = this.takeWorker();
      const finish = (error: Error | null, result?: WorkerJobResults[K]) => {
        if (settled) return;
        settled = true;
        this.running.delete(jobId);
        port.kill();
        // The next job's worker starts now, while nothing runs (not when the job starts: on two
        // cores that would slow the job's own start).
        if (!this.stopped) this.warm();
        if (error) reject(error);
        else resolve(result as WorkerJobResults[K]);
      };
      this.running.set(jobId, {
        port,
        cancel: () => finish(new AppError('CANCELLED', 'Cancelled.')),
      });
      port.onMessage((message) => {
        if (message.jobId !== jobId) return;
        if (message.type === 'progress') onProgress(message.stage, message.fraction, message.message);
        else if (message.type === 'data') {
          // A listener that throws (the store refused a batch) ends the job with its error; SQLite's
          // own (a full disk, a read-only file) go on as they are, for the service to name them.
          try {
            onData?.(message.data);
          } catch (error) {
            const sqlite = String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_');
            finish(
              error instanceof AppError || sqlite
                ? (error as Error)
                : new AppError('STORE_FAILED', (error as Error).message),
            );
          }
        } else if (message.type === 'result') finish(null, message.result as WorkerJobResults[K]);
        else if (message.type === 'error') finish(new AppError(message.error.code, message.error.message));
      });
      port.onExit((code) =>
        finish(
          new AppError(
            'WORKER_CRASHED',
            `The computation stopped unexpectedly (exit code ${code ?? 'none'}). Nothing was saved; try again, or with fewer customers or features.`,
          ),
        ),
      );
      port.postMessage({ type: 'start', jobId, job });
    });
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.cancel();
    return true;
  }

  /** Process ids of the running jobs' workers (for diagnostics and tests). */
  workerPid(jobId: string): number | undefined {
    return this.running.get(jobId)?.port.pid;
  }

  /** Cancel every job and stop the spare worker (the app is quitting, or the CLI is done). */
  cancelAll(): void {
    this.stopped = true;
    for (const jobId of [...this.running.keys()]) this.cancel(jobId);
    this.spare?.port.kill();
    this.spare = null;
  }

  private stopped = false;
}

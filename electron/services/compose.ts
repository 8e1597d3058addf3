import { createAppService, type AppService, type AppServiceOptions } from './appService';
import { JobRunner, type WorkerFactory } from './workerHost';

/**
 * The one composition root: the desktop app, browser mode and the CLI each open their store and
 * say how workers start (Electron's utilityProcess, or a Node child process); this joins the job
 * runner and the service, and closes both in order.
 */
export function composeApp(options: Omit<AppServiceOptions, 'jobs'> & { workerFactory: WorkerFactory }): {
  service: AppService;
  jobs: JobRunner;
  close: () => void;
} {
  const { workerFactory, ...rest } = options;
  // The desktop app and browser mode keep a worker started for the next job; the CLI runs one.
  const jobs = new JobRunner(workerFactory, { spare: rest.mode !== 'cli' });
  const service = createAppService({ ...rest, jobs });
  return {
    service,
    jobs,
    close: () => {
      jobs.cancelAll();
      rest.db.close();
    },
  };
}

/**
 * Training the final model measured in a process of its own, for `npm run bench`:
 *   tsx scripts/bench-train.ts FILE
 * imports the customer CSV FILE, then trains k = 5 on ten of its numeric columns with 10 starts,
 * as the app and `segment-studio train` do (features read from the store, K-Means on every core,
 * metrics, the map's PCA, profiles, every customer's segment saved), a second after the import (as
 * in the desktop app, whose spare worker has then started). Prints one JSON line: rows,
 * training seconds, seconds per stage of the job, the main process's peak and the worker's peak
 * resident memory (MB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import { peakMB, processPeakMB } from './benchMemory';

const [file] = process.argv.slice(2);

const dir = mkdtempSync(join(tmpdir(), 'bench-train-'));
const db = openDatabase(join(dir, 'bench.db'));
// As the desktop app runs jobs: a worker process kept started for the next job.
const jobs = new JobRunner(nodeWorkerFactory(fileURLToPath(new URL('../out/main/worker.js', import.meta.url))), {
  spare: true,
});
// Seconds per stage of the training job, from its progress (a stage runs until the next begins).
const stages: Record<string, number> = {};
let stage: { name: string; since: number } | null = null;
const enter = (name: string | null) => {
  const now = performance.now();
  if (stage) stages[stage.name] = (stages[stage.name] ?? 0) + (now - stage.since) / 1000;
  stage = name === null ? null : { name, since: now };
};
const service = createAppService({
  db,
  jobs,
  mode: 'cli',
  version: 'bench',
  emit: (event) => {
    if (event.type === 'progress' && event.jobId === 'bench-train' && event.stage !== stage?.name) enter(event.stage);
  },
});
try {
  const dataset = await service.importFile('bench-train-import', basename(file), { path: file });
  // A user trains seconds after an import at the soonest: by then the spare worker has started.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let workerPeak: number | null = null;
  const poll = setInterval(() => {
    const peak = processPeakMB(jobs.workerPid('bench-train'));
    if (peak !== null) workerPeak = Math.max(workerPeak ?? 0, peak);
  }, 20);
  const started = performance.now();
  enter('start');
  const trained = await service.dispatch('trainModel', {
    jobId: 'bench-train',
    datasetId: dataset.id,
    features: Array.from({ length: 10 }, (_, j) => `m${j}`),
    k: 5,
    nInit: 10,
  });
  const seconds = (performance.now() - started) / 1000;
  enter(null);
  clearInterval(poll);
  if (!trained.ok) throw new Error(trained.error.message);
  console.log(JSON.stringify({ rows: dataset.rows, seconds, stages, peakMB: peakMB(), workerPeakMB: workerPeak }));
} finally {
  jobs.cancelAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The Excel export measured in a process of its own, for `npm run bench`:
 *   tsx scripts/bench-xlsx.ts FILE
 * imports the customer CSV FILE, trains k = 3 on two of its columns (one start), then writes the
 * labelled customers as an .xlsx workbook (streamed by the worker, as `segment-studio export --out
 * x.xlsx` does). Prints one JSON line: rows, export seconds, workbook MB, the main process's peak
 * resident memory before and after the export, and the worker's peak (MB).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import type { ModelSummary } from '../shared/domain';
import { peakMB, processPeakMB } from './benchMemory';

const [file] = process.argv.slice(2);

const dir = mkdtempSync(join(tmpdir(), 'bench-xlsx-'));
const db = openDatabase(join(dir, 'bench.db'));
const jobs = new JobRunner(nodeWorkerFactory(fileURLToPath(new URL('../out/main/worker.js', import.meta.url))));
const service = createAppService({ db, jobs, mode: 'cli', version: 'bench' });
try {
  const dataset = await service.importFile('bench-xlsx-import', basename(file), { path: file });
  const trained = await service.dispatch('trainModel', {
    jobId: 'bench-xlsx-train',
    datasetId: dataset.id,
    features: ['m1', 'm2'],
    k: 3,
    nInit: 1,
  });
  if (!trained.ok) throw new Error(trained.error.message);
  const before = peakMB();
  const out = join(dir, 'export.xlsx');
  const started = performance.now();
  let workerPeak: number | null = null;
  const poll = setInterval(() => {
    const peak = processPeakMB(jobs.workerPid('bench-xlsx-export'));
    if (peak !== null) workerPeak = Math.max(workerPeak ?? 0, peak);
  }, 20);
  const { rows } = await service.exportLabelled('bench-xlsx-export', {
    modelId: (trained.value as ModelSummary).id,
    format: 'xlsx',
    outPath: out,
  });
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      rows,
      seconds,
      megabytes: statSync(out).size / 2 ** 20,
      peakBeforeMB: before,
      peakMB: peakMB(),
      workerPeakMB: workerPeak,
    }),
  );
} finally {
  jobs.cancelAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

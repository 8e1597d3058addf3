/**
 * The Excel export measured in a process of its own, for `npm run bench`:
 *   tsx scripts/bench-xlsx.ts FILE
 * imports the customer CSV FILE, trains k = 3 on two of its columns (one start), then writes the
 * labelled customers as an .xlsx workbook (streamed, as `segment-studio export --out x.xlsx` does).
 * Prints one JSON line: rows, export seconds, workbook MB, and the process's peak resident memory
 * before and after the export (MB).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import type { ModelSummary } from '../shared/domain';

const [file] = process.argv.slice(2);
const peakMB = () => process.resourceUsage().maxRSS / 1024;

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
  const stream = createWriteStream(out);
  const started = performance.now();
  const { rows } = await service.writeSegmentsXlsx('bench-xlsx-export', (trained.value as ModelSummary).id, (chunk) =>
    stream.write(chunk),
  );
  stream.end();
  await once(stream, 'finish');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({ rows, seconds, megabytes: statSync(out).size / 2 ** 20, peakBeforeMB: before, peakMB: peakMB() }),
  );
} finally {
  jobs.cancelAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

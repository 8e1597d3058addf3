/**
 * One import measured in a process of its own (so its peak memory is its own), for `npm run bench`:
 *   tsx scripts/bench-import.ts app FILE [OPTIONS_JSON]   the app's import: worker reads, main stores
 *   tsx scripts/bench-import.ts papa FILE    papaparse alone, streaming the same file
 * Prints one JSON line: seconds, rows, and peak resident memory (MB) of each process involved.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import type { ImportOptions } from '../shared/import/options';
import { peakMB, processPeakMB } from './benchMemory';

const [mode, file, optionsJson] = process.argv.slice(2);
const started = performance.now();
if (mode === 'papa') {
  let rows = 0;
  await new Promise<void>((resolve, reject) =>
    Papa.parse<string[]>(createReadStream(file, { encoding: 'utf8', highWaterMark: 4 << 20 }), {
      chunk: (results) => {
        rows += results.data.length;
      },
      complete: () => resolve(),
      error: reject,
    }),
  );
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, rows: rows - 1, peakMB: peakMB() }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const jobs = new JobRunner(nodeWorkerFactory(fileURLToPath(new URL('../out/main/worker.js', import.meta.url))));
  const service = createAppService({ db, jobs, mode: 'cli', version: 'bench' });
  let workerPeak: number | null = null;
  const poll = setInterval(() => {
    const peak = processPeakMB(jobs.workerPid('bench-import'));
    if (peak !== null) workerPeak = Math.max(workerPeak ?? 0, peak);
  }, 20);
  const options = optionsJson ? (JSON.parse(optionsJson) as ImportOptions) : {};
  const dataset = await service.importFile('bench-import', basename(file), { path: file }, undefined, options);
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ seconds, rows: dataset.rows, peakMB: peakMB(), workerPeakMB: workerPeak }));
}

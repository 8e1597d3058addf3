/**
 * A transaction log made into customers, measured in a process of its own for `npm run bench`:
 *   tsx scripts/bench-log.ts LINES
 * writes a synthetic invoice-line log (Online Retail's shape: invoices of 1–20 lines, 20% of lines
 * without a customer, 2% cancelled invoices, 1% postage lines), imports it as the CLI does
 * (streamed by the worker, two passes) with distinct invoices, quantity × price and a row filter,
 * and prints one JSON line: lines, customers, seconds, peak memory of the main process and the
 * worker (MB), and the file's size; beside it, pandas doing the same (read_csv, filters,
 * groupby with nunique and sum) on the same file when Debian's python3-pandas is there.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppService } from '../electron/services/appService';
import { openDatabase } from '../electron/services/store/database';
import { JobRunner, nodeWorkerFactory } from '../electron/services/workerHost';
import type { DatasetSummary } from '../shared/domain';
import { peakMB, processPeakMB } from './benchMemory';

const lines = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-log-'));
const file = join(dir, 'log.csv');

/** An xorshift generator: the same log for the same size. */
let seed = 7;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

function writeLog(): void {
  const fd = openSync(file, 'w');
  let text = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
  let invoice = 500_000;
  let left = 0;
  let customer = '';
  let cancel = false;
  let date = '';
  for (let i = 0; i < lines; i++) {
    if (left === 0) {
      invoice++;
      left = 1 + Math.floor(random() * 20);
      customer = random() < 0.2 ? '' : String(10_000 + Math.floor(random() * 200_000));
      cancel = random() < 0.02;
      const d = new Date(Date.UTC(2010, 11, 1) + Math.floor(random() * 730) * 86_400_000);
      date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${Math.floor(random() * 24)}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
    }
    left--;
    const code = random() < 0.01 ? 'POST' : `${20_000 + Math.floor(random() * 4000)}${random() < 0.3 ? 'A' : ''}`;
    const quantity = 1 + Math.floor(random() * 24);
    text += `${cancel ? 'C' : ''}${invoice},${code},ITEM ${code},${cancel ? -quantity : quantity},${date},${(random() * 10).toFixed(2)},${customer},United Kingdom\n`;
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
}

/** pandas on the same file: seconds, customers and peak memory, or null without python3-pandas. */
function pandasRun(): { seconds: number; customers: number; peakMB: number } | null {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return null;
  const script = `
import resource, sys, time
import pandas as pd
t = time.time()
df = pd.read_csv(sys.argv[1], dtype={'CustomerID': str, 'InvoiceNo': str, 'StockCode': str})
df = df[df['StockCode'] != 'POST']
df = df[df['CustomerID'].notna()]
df['Total'] = df['Quantity'] * df['UnitPrice']
df['Date'] = pd.to_datetime(df['InvoiceDate'], format='%m/%d/%Y %H:%M').dt.normalize()
cancel = df['InvoiceNo'].str.startswith('C') | (df['Quantity'] < 0)
kept = df[~cancel]
g = kept.groupby('CustomerID').agg(last=('Date', 'max'), frequency=('InvoiceNo', 'nunique'), monetary=('Total', 'sum'))
print(time.time() - t, len(g), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
`;
  try {
    const [seconds, customers, peak] = execFileSync(python, ['-c', script, file], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map(Number);
    return { seconds, customers, peakMB: peak };
  } catch {
    return null;
  }
}

const db = openDatabase(join(dir, 'bench.db'));
const jobs = new JobRunner(nodeWorkerFactory(fileURLToPath(new URL('../out/main/worker.js', import.meta.url))));
const service = createAppService({ db, jobs, mode: 'cli', version: 'bench' });
try {
  writeLog();
  let workerPeak: number | null = null;
  const poll = setInterval(() => {
    const peak = processPeakMB(jobs.workerPid('bench-log'));
    if (peak !== null) workerPeak = Math.max(workerPeak ?? 0, peak);
  }, 20);
  const started = performance.now();
  const result = await service.dispatch('importDataset', {
    jobId: 'bench-log',
    fileName: 'log.csv',
    fileToken: service.registerOpenedFile(file),
    options: {
      transactions: {
        customer: 'CustomerID',
        date: 'InvoiceDate',
        invoice: 'InvoiceNo',
        quantity: 'Quantity',
        price: 'UnitPrice',
        exclude: [{ column: 'StockCode', values: ['POST'] }],
      },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  if (!result.ok) throw new Error(result.error.message);
  const dataset = result.value as DatasetSummary;
  console.log(
    JSON.stringify({
      lines,
      customers: dataset.rows,
      seconds,
      megabytes: statSync(file).size / 2 ** 20,
      peakMB: peakMB(),
      workerPeakMB: workerPeak,
      pandas: pandasRun(),
    }),
  );
} finally {
  jobs.cancelAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

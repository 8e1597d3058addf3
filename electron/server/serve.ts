/**
 * Browser mode: `npm run serve [-- --port N] [--no-open] [--db PATH]`. Serves the built renderer
 * and the API on 127.0.0.1 with a per-launch token, and prints the address to open.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';
import type { AppEvent } from '../../shared/domain';
import { composeApp } from '../services/compose';
import { openStore } from '../services/store/backups';
import { backupDirFor, defaultDatabasePath, RENDERER_DIR, SAMPLE_DATASET, WORKER_ENTRY } from '../services/paths';
import { APP_VERSION } from '../services/version';
import { nodeWorkerFactory } from '../services/workerHost';
import { startHttpTransport } from './http';
import { chromiumReportPrinter } from '../services/report/browserPrinter';

function openInBrowser(url: string): void {
  const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.error('Could not open a browser: open the address above yourself.'));
  child.unref();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      db: { type: 'string' },
      'no-sample': { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got ${values.port}`);
  const dbPath = values.db ?? defaultDatabasePath();
  const db = await openStore(dbPath, backupDirFor(dbPath));
  const events = new EventEmitter();
  let baseUrl = '';
  const printer = chromiumReportPrinter({ baseUrl: () => baseUrl });
  const { service, jobs } = composeApp({
    db,
    workerFactory: nodeWorkerFactory(WORKER_ENTRY),
    mode: 'browser',
    version: APP_VERSION,
    emit: (event) => events.emit('event', event),
    printReport: printer.print,
  });
  if (!values['no-sample']) await service.ensureSampleDataset(SAMPLE_DATASET);
  const token = randomBytes(24).toString('base64url');
  const transport = await startHttpTransport({
    token,
    port,
    staticDir: RENDERER_DIR,
    dispatch: service.dispatch,
    subscribe: (listener: (event: AppEvent) => void) => {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
  });
  baseUrl = transport.url;
  console.log(transport.url);
  if (!values['no-open']) openInBrowser(transport.url);
  const stop = () => {
    jobs.cancelAll();
    void transport.close().then(() => {
      db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`segment-studio serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

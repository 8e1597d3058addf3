#!/usr/bin/env node
/**
 * `segment-studio`: the command line. This file reads the command and its options, checks what
 * every command shares (arguments, files, --out), opens the store and the worker, and runs the
 * command (./commands/); help texts are ./help.ts, options ./context.ts.
 */
import { existsSync, statSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { unreadableFileMessage } from '../../shared/files';
import { REPORT_SECTIONS } from '../../shared/report/settings';
import type { AppService } from '../services/appService';
import { composeApp } from '../services/compose';
import { backupDirFor, defaultDatabasePath, RENDERER_DIR, WORKER_ENTRY } from '../services/paths';
import { chromiumReportPrinter } from '../services/report/browserPrinter';
import { openStore, restoreBackup } from '../services/store/backups';
import { storeError } from '../services/store/database';
import { APP_VERSION } from '../services/version';
import { nodeWorkerFactory } from '../services/workerHost';
import { importCommand, describeCommand, backupCommand, listCommand, recipeCommand } from './commands/data';
import { sweepCommand, trainCommand, segmentsCommand, renameCommand, modelCommand } from './commands/models';
import { assignCommand, reportCommand, exportCommand, transitionsCommand } from './commands/outputs';
import { caller, list, parseCli, UsageError, type CliContext } from './context';
import { HELP, positionalCount, positionalWords } from './help';

const COMMANDS: Record<string, (context: CliContext) => Promise<number>> = {
  import: importCommand,
  describe: describeCommand,
  recipe: recipeCommand,
  backup: backupCommand,
  list: listCommand,
  sweep: sweepCommand,
  train: trainCommand,
  segments: segmentsCommand,
  rename: renameCommand,
  model: modelCommand,
  assign: assignCommand,
  transitions: transitionsCommand,
  report: reportCommand,
  export: exportCommand,
  restore: () => Promise.reject(new Error('restore runs before the store is opened')),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? 0 : 1;
  }
  if (command === '--version') {
    console.log(APP_VERSION);
    return 0;
  }
  if (!(command in COMMANDS)) throw new UsageError(`unknown command "${command}" (try --help)`);
  const { values, positionals } = parseCli(rest);
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const dbPath = values.db ?? defaultDatabasePath();
  openedDbPath = dbPath;
  let modelAction = '';
  if (command === 'model') {
    modelAction = positionals.shift() ?? '';
    if (modelAction !== 'export' && modelAction !== 'import' && modelAction !== 'sql') {
      throw new UsageError(
        'model takes "export MODEL_ID --out FILE.json", "import FILE.json" or "sql MODEL_ID --dialect D" (try --help)',
      );
    }
  }
  // How many arguments each command takes is in the command table (help.ts); the model command's
  // export or import takes one.
  const expected = command === 'model' ? 1 : positionalCount(command);
  if (positionals.length !== expected) {
    const what = command === 'model' ? (modelAction === 'import' ? 'FILE' : 'MODEL_ID') : positionalWords(command);
    throw new UsageError(`${command} takes ${expected === 0 ? 'no arguments' : what} (try --help)`);
  }
  let file = '';
  if (command === 'import' || command === 'assign' || modelAction === 'import') {
    file = positionals[command === 'assign' ? 1 : 0];
    const isFile = (() => {
      try {
        return statSync(file).isFile();
      } catch (error) {
        throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(file, (error as NodeJS.ErrnoException).code));
      }
    })();
    if (!isFile) throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(file, 'EISDIR'));
  }
  if ((command === 'export' || command === 'assign') && !values.out)
    throw new UsageError(`${command} needs --out FILE.csv`);
  if (command === 'report' && !values.out) throw new UsageError('report needs --out FILE.pdf');
  if (values.paper !== undefined && values.paper !== 'a4' && values.paper !== 'letter')
    throw new UsageError(`--paper must be a4 or letter, got "${values.paper}"`);
  const sections = values.sections === undefined ? undefined : list(values.sections);
  if (sections) {
    const unknown = sections.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
    if (unknown.length > 0)
      throw new UsageError(`unknown section ${unknown.join(', ')} (sections: ${REPORT_SECTIONS.join(', ')})`);
  }
  if (modelAction === 'export' && !values.out) throw new UsageError('model export needs --out FILE.json');

  if (command === 'restore') {
    if (!existsSync(positionals[0]))
      throw new AppError('FILE_NOT_FOUND', unreadableFileMessage(positionals[0], 'ENOENT'));
    const before = await restoreBackup(positionals[0], dbPath, backupDirFor(dbPath));
    if (values.json)
      console.log(JSON.stringify({ restore: { db: dbPath, from: positionals[0], backupBefore: before } }));
    console.error(`Restored ${dbPath} from ${positionals[0]}${before ? ` (what was there is kept in ${before})` : ''}`);
    return 0;
  }
  const db = await openStore(dbPath, backupDirFor(dbPath));

  // The report is the renderer's page printed by Chromium, served by a private 127.0.0.1 server.
  let dispatch: AppService['dispatch'] = () => Promise.reject(new Error('not ready'));
  const printer = chromiumReportPrinter({
    chromiumPath: values.chromium,
    privateServer: { staticDir: RENDERER_DIR, dispatch: (name, args) => dispatch(name, args) },
  });
  const { service, jobs } = composeApp({
    db,
    workerFactory: nodeWorkerFactory(WORKER_ENTRY),
    mode: 'cli',
    version: APP_VERSION,
    printReport: printer.print,
  });
  dispatch = service.dispatch;
  const call = caller(service);
  try {
    return await COMMANDS[command as keyof typeof COMMANDS]({
      values,
      positionals,
      call,
      service,
      dbPath,
      file,
      sections,
      modelAction,
      db,
    });
  } finally {
    jobs.cancelAll();
    await printer.close();
    db.close();
  }
}

/** The database the command uses: its SQLite failures are named with it. */
let openedDbPath = '';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (raw: unknown) => {
    const error = (openedDbPath && storeError(raw, openedDbPath)) || raw;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`segment-studio: ${message.replace(/\s+/g, ' ').trim()}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);

/**
 * The desktop shell: wires Electron to the shared services and nothing more. Computation runs
 * in a utility process; the API is the same table the browser transport serves.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, utilityProcess } from 'electron';
import log from 'electron-log/main';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { callNames, ipcChannel, IPC_EVENT_CHANNEL } from '../../shared/api/names';
import type { AppEvent } from '../../shared/domain';
import type { WorkerReply } from '../../shared/worker/messages';
import { composeApp } from '../services/compose';
import { isModelFile, MODEL_EXTENSIONS, OPENABLE_FILE, TABLE_EXTENSIONS } from '../../shared/files';
import { backupDatabase } from '../services/store/backups';
import { openStoreOrRestore, restoreFromMenu } from './store';
import type { Db } from '../services/store/database';
import { backupDirFor } from '../services/paths';
import { AppError } from '../../shared/errors';
import { SAMPLE_DATASET, WORKER_ENTRY } from '../services/paths';
import { type WorkerFactory } from '../services/workerHost';
import { CONTENT_SECURITY_POLICY } from '../server/csp';
import { createAppWindow, isAppUrl, ICON_PATH } from './window';
import { printReportInElectron } from './report';
import { menuTemplate, rememberRecent } from './menu';
import { DEFAULT_SIZE, restoreWindowState, saveWindowState } from './windowState';
import { sqliteNativeBinding, useSqliteBinding } from '../services/store/sqlite';

// Logs go to a file in the user-data folder ("Help › Show logs"); errors anywhere are logged and
// shown as a message, never a white window.
log.initialize();
log.errorHandler.startCatching({
  showDialog: false,
  onError: ({ error, processType }) => {
    if (app.isReady()) {
      dialog.showErrorBox(
        'Segment Studio hit an unexpected error',
        `${error.message}\n\nIt was written to the log (Help › Show logs). Your data is safe in the database.`,
      );
    }
    log.error(`uncaught error in ${processType ?? 'main'} process`, error);
    return false;
  },
});

/** A model file is read whole and sent to the page; it is small. */
const MAX_MODEL_BYTES = 64 * 1024 * 1024;

const utilityWorker: WorkerFactory = () => {
  const child = utilityProcess.fork(WORKER_ENTRY, [], { serviceName: 'Segment Studio training' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: WorkerReply) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
};

/** Files named on the command line ("Open with" on Windows and Linux). */
const filesIn = (argv: readonly string[]): string[] =>
  argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && OPENABLE_FILE.test(a) && existsSync(a));

const pendingFiles: string[] = filesIn(process.argv);
// macOS hands files over with this event, possibly before the app is ready.
app.on('open-file', (event, path) => {
  event.preventDefault();
  pendingFiles.push(path);
  openPending?.();
});
let openPending: (() => void) | null = null;

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // No web permission (camera, notifications, clipboard, …) is ever asked for or granted, and a
  // page checking whether it has one is told no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.setAboutPanelOptions({
    applicationName: 'Segment Studio',
    applicationVersion: app.getVersion(),
    copyright: 'Copyright © 2026 Segment Studio',
    iconPath: ICON_PATH,
  });

  // The desktop app loads SQLite's Electron build from its own folder in development (see store/sqlite.ts).
  useSqliteBinding(
    sqliteNativeBinding({ electron: process.versions.electron, packaged: app.isPackaged, appRoot: app.getAppPath() }),
  );
  const userData = app.getPath('userData');
  const dbPath = join(userData, 'segment-studio.db');
  const db: Db = await openStoreOrRestore(dbPath);
  const send = (event: AppEvent) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(IPC_EVENT_CHANNEL, event);
  };
  const { service, jobs } = composeApp({
    db,
    workerFactory: utilityWorker,
    mode: 'desktop',
    version: app.getVersion(),
    printReport: printReportInElectron,
    chooseFile: async () => {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = {
        properties: ['openFile' as const],
        filters: [
          { name: 'Customer tables', extensions: [...TABLE_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const { canceled, filePaths } = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return canceled ? null : (filePaths[0] ?? null);
    },
    emit: send,
    log: (level, message) => (level === 'error' ? log.error(message) : log.info(message)),
  });

  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), (event, args: unknown) => {
      // Only the app's own page may call the API.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        log.warn(`refused ${name} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the app window only.' } };
      }
      return service.dispatch(name, args);
    });
  }

  const sample = app.isPackaged ? join(process.resourcesPath, 'resources', 'sample', 'customers.csv') : SAMPLE_DATASET;
  await service.ensureSampleDataset(sample).catch((error: unknown) => log.error('sample import failed', error));

  // Window size and place are remembered between runs.
  const stateFile = join(userData, 'window-state.json');
  const createWindow = () => {
    const state = restoreWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const w = createAppWindow({ show: true, ...(state?.bounds ?? DEFAULT_SIZE) });
    if (state?.maximized) w.maximize();
    const remember = () => saveWindowState(stateFile, { bounds: w.getNormalBounds(), maximized: w.isMaximized() });
    w.on('close', remember);
    w.webContents.on('render-process-gone', (_event, details) => {
      log.error(`renderer gone: ${details.reason}`);
      if (details.reason !== 'clean-exit') w.reload();
    });
    w.webContents.on('did-finish-load', () => openPending?.());
    return w;
  };
  let window = createWindow();

  // Recent files, newest first.
  const recentFile = join(userData, 'recent.json');
  let recent: string[] = [];
  try {
    recent = (JSON.parse(readFileSync(recentFile, 'utf8')) as unknown[]).filter(
      (p): p is string => typeof p === 'string',
    );
  } catch {
    recent = [];
  }

  /**
   * Hand a file the user chose to the page: a model file's contents; for a customer table, a token
   * the page previews and imports it by — the worker streams it from disk, whatever its size.
   */
  const openFile = (path: string) => {
    try {
      const size = statSync(path).size;
      if (isModelFile(path)) {
        if (size > MAX_MODEL_BYTES) throw new AppError('FILE_TOO_LARGE', `${basename(path)} is larger than 64 MB.`);
        send({ type: 'open-file', fileName: basename(path), contentBase64: readFileSync(path).toString('base64') });
      } else {
        send({ type: 'open-file', fileName: basename(path), fileToken: service.registerOpenedFile(path), size });
      }
      recent = rememberRecent(recent, path);
      writeFileSync(recentFile, JSON.stringify(recent));
      app.addRecentDocument(path);
      buildMenu();
      if (window.isMinimized()) window.restore();
      window.focus();
    } catch (error) {
      log.error(`opening ${path} failed`, error);
      dialog.showErrorBox('Could not open the file', `${path}\n\n${(error as Error).message}`);
    }
  };
  openPending = () => {
    if (window.webContents.isLoading()) return;
    for (const path of pendingFiles.splice(0)) openFile(path);
  };

  const buildMenu = () => {
    const template = menuTemplate(
      {
        importFile: () => {
          void dialog
            .showOpenDialog(window, {
              title: 'Import customers or a model',
              properties: ['openFile'],
              filters: [
                { name: 'Customer tables and models', extensions: [...TABLE_EXTENSIONS, ...MODEL_EXTENSIONS] },
                { name: 'All files', extensions: ['*'] },
              ],
            })
            .then(({ canceled, filePaths }) => {
              if (!canceled && filePaths[0]) openFile(filePaths[0]);
            });
        },
        openRecent: openFile,
        clearRecent: () => {
          recent = [];
          writeFileSync(recentFile, '[]');
          app.clearRecentDocuments();
          buildMenu();
        },
        exportCustomers: () => send({ type: 'command', command: 'export' }),
        backUp: () => {
          void backupDatabase(db, backupDirFor(dbPath), 'manual').then(
            (path) =>
              dialog.showMessageBox(window, { type: 'info', message: 'The database is backed up.', detail: path }),
            (error: unknown) => dialog.showErrorBox('Backup failed', (error as Error).message),
          );
        },
        restore: () =>
          void restoreFromMenu(window, dbPath, () => {
            jobs.cancelAll();
            db.close();
          }),
        showGuide: () => send({ type: 'command', command: 'guide' }),
        showLogs: () => void shell.openPath(dirname(log.transports.file.getFile().path)),
        about: () => app.showAboutPanel(),
      },
      { platform: process.platform, appName: app.name, recent },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  buildMenu();

  app.on('second-instance', (_event, argv) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    pendingFiles.push(...filesIn(argv));
    openPending?.();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('before-quit', () => {
    jobs.cancelAll();
    db.close();
  });
  log.info(`Segment Studio ${app.getVersion()} started; database ${dbPath}`);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

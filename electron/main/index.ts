/**
 * The desktop shell: wires Electron to the shared services and nothing more. Computation runs
 * in a utility process; the API is the same table the browser transport serves.
 */
import { app, BrowserWindow, dialog, ipcMain, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { callNames, ipcChannel, IPC_EVENT_CHANNEL } from '../../shared/api/names';
import type { WorkerReply } from '../../shared/worker/messages';
import { createAppService } from '../services/appService';
import { listBackups, openStore, restoreBackup } from '../services/store/backups';
import { backupDirFor } from '../services/paths';
import { AppError } from '../../shared/errors';
import { SAMPLE_DATASET, WORKER_ENTRY } from '../services/paths';
import { JobRunner, type WorkerFactory } from '../services/workerHost';
import { CONTENT_SECURITY_POLICY } from '../server/csp';
import { createMainWindow, isAppUrl } from './window';
import { printReportInElectron } from './report';

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

/** Open the store; if it is damaged, offer the newest backup instead of a blank window. */
async function openStoreOrRestore(dbPath: string) {
  try {
    return await openStore(dbPath, backupDirFor(dbPath));
  } catch (error) {
    const latest = listBackups(backupDirFor(dbPath))[0];
    if (!(error instanceof AppError) || error.code !== 'DATABASE_CORRUPT' || !latest) throw error;
    const { response } = await dialog.showMessageBox({
      type: 'error',
      message: 'The Segment Studio database is damaged.',
      detail: `${error.message}\n\nRestore the backup of ${latest.createdAt.toLocaleString()}?`,
      buttons: ['Restore backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response !== 0) {
      app.quit();
      throw error;
    }
    restoreBackup(latest.path, dbPath);
    return openStore(dbPath, backupDirFor(dbPath));
  }
}

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const dbPath = join(app.getPath('userData'), 'segment-studio.db');
  const db = await openStoreOrRestore(dbPath);
  const jobs = new JobRunner(utilityWorker);
  const service = createAppService({
    db,
    jobs,
    mode: 'desktop',
    version: app.getVersion(),
    printReport: printReportInElectron,
    emit: (event) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, event);
    },
  });

  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), (event, args: unknown) => {
      // Only the app's own page may call the API.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the app window only.' } };
      }
      return service.dispatch(name, args);
    });
  }

  const sample = app.isPackaged ? join(process.resourcesPath, 'resources', 'sample', 'customers.csv') : SAMPLE_DATASET;
  await service.ensureSampleDataset(sample).catch(() => null);
  let window = createMainWindow();
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow();
  });
  app.on('before-quit', () => {
    jobs.cancelAll();
    db.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

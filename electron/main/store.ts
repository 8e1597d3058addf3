import { app, dialog, type BrowserWindow } from 'electron';
import log from 'electron-log/main';
import { AppError } from '../../shared/errors';
import { backupDirFor } from '../services/paths';
import { listBackups, openStore, restoreBackup } from '../services/store/backups';
import type { Db } from '../services/store/db';

/** The desktop app's store: opened with a restore offered when it is damaged, and File ▸ Restore. */

/** Open the store; if it is damaged, offer the newest backup instead of a blank window. */
export async function openStoreOrRestore(dbPath: string): Promise<Db> {
  try {
    return await openStore(dbPath, backupDirFor(dbPath));
  } catch (error) {
    const latest = listBackups(backupDirFor(dbPath), dbPath)[0];
    log.error('opening the database failed', error);
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
    await restoreBackup(latest.path, dbPath, backupDirFor(dbPath));
    log.info(`restored ${dbPath} from ${latest.path}`);
    return openStore(dbPath, backupDirFor(dbPath));
  }
}

/**
 * File ▸ Restore: choose a backup, confirm, let go of the database (`letGo`: restore refuses while
 * any process holds it), restore, and start again on whichever file is there after.
 */
export function restoreFromMenu(window: BrowserWindow, dbPath: string, letGo: () => void): Promise<void> {
  return dialog
    .showOpenDialog(window, {
      title: 'Restore a backup',
      defaultPath: backupDirFor(dbPath),
      properties: ['openFile'],
      filters: [{ name: 'Segment Studio backups', extensions: ['db'] }],
    })
    .then(async ({ canceled, filePaths }) => {
      if (canceled || !filePaths[0]) return;
      const { response } = await dialog.showMessageBox(window, {
        type: 'warning',
        message: 'Replace the current data with this backup?',
        detail: `${filePaths[0]}\n\nThe current database is backed up first. Segment Studio restarts.`,
        buttons: ['Restore and restart', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      });
      if (response !== 0) return;
      // The app lets go of the file first (restore refuses while any process holds it), and
      // starts again on whichever file is there after.
      letGo();
      try {
        await restoreBackup(filePaths[0], dbPath, backupDirFor(dbPath));
        log.info(`restored ${dbPath} from ${filePaths[0]}`);
      } catch (error) {
        dialog.showErrorBox('Restore failed', (error as Error).message);
      }
      app.relaunch();
      app.exit(0);
    });
}

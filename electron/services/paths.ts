import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the running bundle (out/main when built): the entries sit side by side there. */
const bundleDir = dirname(fileURLToPath(import.meta.url));

export const WORKER_ENTRY = join(bundleDir, 'worker.js');
export const RENDERER_DIR = join(bundleDir, '../renderer');
export const RESOURCES_DIR = process.env.SEGMENT_STUDIO_RESOURCES ?? join(bundleDir, '../../resources');
export const SAMPLE_DATASET = join(RESOURCES_DIR, 'sample', 'customers.csv');

export const PRODUCT_NAME = 'Segment Studio';

/** The user-data folder Electron's app.getPath('userData') uses for this product name. */
export function userDataDir(): string {
  if (process.env.SEGMENT_STUDIO_DATA_DIR) return process.env.SEGMENT_STUDIO_DATA_DIR;
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

export const defaultDatabasePath = (): string => join(userDataDir(), 'segment-studio.db');

/** Backups live beside the database, in a "backups" folder. */
export const backupDirFor = (dbPath: string): string => join(dirname(dbPath), 'backups');

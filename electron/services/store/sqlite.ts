import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Db } from './db';

/**
 * better-sqlite3 is a native module, built for one runtime at a time: Node (tests, browser mode,
 * the CLI) or Electron (the desktop app). Two builds live side by side: Node's in node_modules, and
 * Electron's in its own folder (`npm run rebuild:electron` makes it), which the desktop app loads
 * with better-sqlite3's `nativeBinding` option — so `npm start` never breaks `npm test`. A packaged
 * app has only the Electron build, in node_modules (electron-builder rebuilds it there).
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';

/** Where the desktop app loads SQLite's compiled part from; undefined means better-sqlite3's own. */
export function sqliteNativeBinding(runtime: {
  electron?: string;
  packaged: boolean;
  appRoot: string;
}): string | undefined {
  if (!runtime.electron || runtime.packaged) return undefined;
  return join(runtime.appRoot, ELECTRON_NATIVE_DIR, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

let nativeBinding: string | undefined;

/** Set once at start-up by the desktop shell (see sqliteNativeBinding), and in a worker by its job. */
export function useSqliteBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** The build this process loads (a worker that opens the store is told it). */
export const sqliteBinding = (): string | undefined => nativeBinding;

/**
 * A build of better-sqlite3 made for another runtime, or a missing Electron build, in one line with
 * the command that fixes it; null for any other error.
 */
export function nativeBuildProblem(error: unknown, electron = process.versions.electron): AppError | null {
  const message = error instanceof Error ? error.message : String(error);
  const runtime = electron ? `Electron ${electron}` : `Node ${process.versions.node}`;
  const fix = electron ? 'npm run rebuild:electron' : 'npm run rebuild:node';
  if (
    /NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF header|not a valid Win32/.test(
      message,
    )
  ) {
    return new AppError(
      'DATABASE_OPEN_FAILED',
      `better-sqlite3 (SQLite's native module) was built for another runtime than ${runtime}: run "${fix}".`,
    );
  }
  if (/Cannot find module|no such file|ENOENT|could not locate the bindings/i.test(message)) {
    return new AppError(
      'DATABASE_OPEN_FAILED',
      `The ${electron ? `Electron build of better-sqlite3 (${ELECTRON_NATIVE_DIR}/)` : 'Node build of better-sqlite3'} is missing: run "${fix}".`,
    );
  }
  return null;
}

/** Open a SQLite file with the build this runtime needs; a build mismatch says which command fixes it. */
export function openSqlite(path: string, options: Database.Options = {}): Db {
  try {
    return new Database(path, nativeBinding ? { ...options, nativeBinding } : options);
  } catch (error) {
    throw nativeBuildProblem(error) ?? error;
  }
}

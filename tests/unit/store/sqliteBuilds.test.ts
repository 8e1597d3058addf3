import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ELECTRON_NATIVE_DIR,
  nativeBuildProblem,
  openSqlite,
  sqliteNativeBinding,
  useSqliteBinding,
} from '../../../electron/services/store/sqlite';

afterEach(() => useSqliteBinding(undefined));

describe('two builds of better-sqlite3 side by side', () => {
  it('the desktop app in development loads the Electron build from its own folder; Node keeps its own', () => {
    expect(sqliteNativeBinding({ electron: '45.4.1', packaged: false, appRoot: '/app' })).toBe(
      join('/app', ELECTRON_NATIVE_DIR, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    );
    // Tests, browser mode and the CLI run under Node: better-sqlite3's own build.
    expect(sqliteNativeBinding({ packaged: false, appRoot: '/app' })).toBeUndefined();
    // A packaged app carries only the Electron build, in its node_modules.
    expect(sqliteNativeBinding({ electron: '45.4.1', packaged: true, appRoot: '/app' })).toBeUndefined();
  });

  it('says in one line which command fixes a build made for another runtime', () => {
    const mismatch = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 140. This version of Node.js requires NODE_MODULE_VERSION 115.",
    );
    expect(nativeBuildProblem(mismatch, undefined)?.message).toBe(
      `better-sqlite3 (SQLite's native module) was built for another runtime than Node ${process.versions.node}: run "npm run rebuild:node".`,
    );
    expect(nativeBuildProblem(mismatch, '45.4.1')?.message).toMatch(
      /than Electron 45\.4\.1: run "npm run rebuild:electron"/,
    );
    expect(nativeBuildProblem(new Error('Cannot find module /app/.electron-native/x.node'), '45.4.1')?.message).toMatch(
      /The Electron build of better-sqlite3 \(\.electron-native\/\) is missing: run "npm run rebuild:electron"/,
    );
    expect(nativeBuildProblem(new Error('database is locked'))).toBeNull();
  });

  it('opens with the binding chosen, and a missing build is that one line, not a stack', () => {
    expect(openSqlite(':memory:').prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    useSqliteBinding('/nowhere/better_sqlite3.node');
    expect(() => openSqlite(':memory:')).toThrow(
      'The Node build of better-sqlite3 is missing: run "npm run rebuild:node".',
    );
  });
});

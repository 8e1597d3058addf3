// Builds better-sqlite3 for Electron into its own folder (.electron-native/better-sqlite3), which
// the desktop app loads with better-sqlite3's `nativeBinding` option (electron/services/store/sqlite.ts).
// node_modules keeps the Node build, so `npm start` never breaks `npm test`, browser mode or the CLI.
// Run by `npm start` and `npm run dev` (npm run rebuild:electron). Needs the network (Electron's
// headers or a prebuilt binary) and Node 22.12+, as Electron's tools do.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.electron-native', 'better-sqlite3');
const source = dirname(require.resolve('better-sqlite3/package.json'));
const electron = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const built = join(target, 'build', 'Release', 'better_sqlite3.node');
const stamp = join(target, '.electron-version');

if (existsSync(built) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electron) {
  console.log(`better-sqlite3 for Electron ${electron} is already built in ${target}`);
  process.exit(0);
}
rmSync(target, { recursive: true, force: true });
// The source without its Node build (build/), which the Electron build replaces.
cpSync(source, target, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
const run = (command, args) =>
  execFileSync(command, args, { cwd: target, stdio: 'inherit', shell: process.platform === 'win32' });
try {
  // A prebuilt binary for this Electron when one is published…
  run('npx', ['--yes', 'prebuild-install', '--runtime', 'electron', '--target', electron]);
} catch {
  // …otherwise compiled against Electron's headers.
  run('npx', [
    '--yes',
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${electron}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ]);
}
writeFileSync(stamp, electron);
console.log(`Built better-sqlite3 for Electron ${electron} in ${target}`);

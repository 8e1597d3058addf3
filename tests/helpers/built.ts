import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const builtMain = join(repoRoot, 'out', 'main');
export const workerEntry = join(builtMain, 'worker.js');
export const cliEntry = join(builtMain, 'cli.js');
export const serveEntry = join(builtMain, 'serve.js');

/** Integration and e2e tests run the built app, as users do: `npm test` builds it first. */
export function requireBuild(): void {
  for (const file of [workerEntry, cliEntry, serveEntry, join(repoRoot, 'out', 'renderer', 'index.html')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does).`);
  }
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

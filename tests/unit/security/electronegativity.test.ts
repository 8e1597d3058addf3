import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = new URL('../../../', import.meta.url);

interface Judged {
  check: string;
  file: string;
  sample: string;
  judgement: string;
}

/** A CSV line of electronegativity's output: quoted fields may hold commas. */
function fields(line: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      const end = line.indexOf('",', at + 1);
      const stop = end < 0 ? line.length - 1 : end;
      out.push(line.slice(at + 1, stop));
      at = stop + 2;
    } else {
      const end = line.indexOf(',', at);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(at, stop));
      at = stop + 1;
    }
  }
  return out;
}

describe('electronegativity on the Electron shell', () => {
  it('finds nothing that is not judged in tests/security/electronegativity-judged.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eneg-'));
    try {
      const out = join(dir, 'findings.csv');
      const bin = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
      const electron = (
        JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies.electron.replace(/^[^\d]*/, '');
      execFileSync(
        process.execPath,
        [bin, '-i', new URL('electron', root).pathname, '-r', '-v', 'false', '-e', electron, '-o', out],
        {
          stdio: 'pipe',
          timeout: 120_000,
        },
      );
      const found = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map(fields)
        .map(([check, , , file, , sample]) => ({ check, file, sample: sample.replace(/^"|"$/g, '') }));
      const judged = (
        JSON.parse(readFileSync(new URL('tests/security/electronegativity-judged.json', root), 'utf8')) as {
          findings: Judged[];
        }
      ).findings;
      const unjudged = found.filter(
        (f) => !judged.some((j) => j.check === f.check && j.file === f.file && j.sample === f.sample),
      );
      expect(unjudged).toEqual([]);
      expect(judged.every((j) => j.judgement.length > 40)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

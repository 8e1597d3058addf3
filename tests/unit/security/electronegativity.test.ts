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

interface Sarif {
  runs: {
    results: {
      ruleId: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number; charLength: number };
        };
      }[];
    }[];
  }[];
}

describe('electronegativity on the Electron shell', () => {
  it('finds nothing that is not judged in tests/security/electronegativity-judged.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eneg-'));
    try {
      // SARIF: one write (its CSV output is written by two racing writes, header and rows).
      const out = join(dir, 'findings.sarif');
      const bin = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
      const electron = (
        JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies.electron.replace(/^[^\d]*/, '');
      const source = new URL('electron/', root);
      execFileSync(process.execPath, [bin, '-i', source.pathname, '-r', '-v', 'false', '-e', electron, '-o', out], {
        stdio: 'pipe',
        timeout: 120_000,
      });
      const report = JSON.parse(readFileSync(out, 'utf8')) as Sarif;
      // Each finding as check, file and the line of code it points at (line numbers move; the code is what was judged).
      const found = report.runs[0].results.map((r) => {
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        const line =
          readFileSync(new URL(artifactLocation.uri, source), 'utf8').split('\n')[region.startLine - 1] ?? '';
        const sample = region.charLength > 0 ? line.trim() : 'N/A';
        return { check: r.ruleId, file: artifactLocation.uri, sample };
      });
      expect(found.length).toBeGreaterThan(0);
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

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli, trainSampleModel } from '../helpers/cli';
import { CHROMIUM_PATH } from '../helpers/chromium';

const temp = tempDir('segment-report-');
const db = join(temp.dir, 'report.db');
const cli = (...args: string[]) => runCli([...args, '--db', db], temp.dir);
const cliWithChromium = (...args: string[]) => runCli([...args, '--chromium', CHROMIUM_PATH, '--db', db], temp.dir);

const FEATURES = [
  'income',
  'recency_days',
  'spend_wine',
  'spend_meat',
  'spend_gold',
  'purchases_web',
  'purchases_store',
  'web_visits_month',
  'marital_status',
].join(',');
const HOSTILE = '<script>alert("x")</script> & <b>Co</b>';

interface SegmentJson {
  cluster: number;
  name: string;
  size: number;
  strategy: string;
}

let modelId = 0;
let segments: SegmentJson[] = [];

const pdfText = (file: string, ...args: string[]) =>
  execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
const flat = (text: string) => text.replace(/\s+/g, ' ');
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(pdfInfo(file))?.[1]);

beforeAll(async () => {
  requireBuild();
  modelId = await trainSampleModel(db, temp.dir, FEATURES);
  expect((await cli('rename', String(modelId), '1', HOSTILE)).code).toBe(0);
  const listed = await cli('segments', String(modelId), '--json');
  segments = (JSON.parse(listed.stdout) as { segments: SegmentJson[] }).segments;
}, 120_000);

afterAll(temp.cleanup);

describe('segment-studio report (PDF printed by Chromium from the renderer)', () => {
  it('prints every section: each segment name, size and strategy, and markup from the user as text', async () => {
    const out = join(temp.dir, 'report.pdf');
    const { stdout, code, stderr } = await cliWithChromium('report', String(modelId), '--out', out, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { report } = JSON.parse(stdout) as {
      report: { out: string; bytes: number; modelId: number; paper: string; sections: string[] };
    };
    expect(report).toMatchObject({ out, modelId, paper: 'a4' });
    expect(report.sections).toEqual(['cover', 'summary', 'segments', 'map', 'method', 'appendix']);
    expect(statSync(out).size).toBe(report.bytes);

    const info = pdfInfo(out);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+|Page size:\s+595\.\d+ x 842\.\d+/);
    // Cover, summary, one page per segment, map, method, appendix.
    expect(pages(out)).toBe(2 + segments.length + 3);

    const text = flat(pdfText(out));
    expect(text).toContain('Executive summary');
    expect(text).toContain('What stands out');
    // Who is worth what: the sample's 0/1 outcome beside its overall rate.
    expect(text).toContain('Who is worth what');
    // Columns by their friendly labels; a playbook strategy with the traits that justify it.
    expect(text).toContain('Responded last campaign');
    expect(text).toContain('Spend on wine');
    expect(text).toMatch(/Because: .+ [+−]\d\.\d sd/);
    expect(text).toContain('Segment map');
    expect(text).toContain('Keep in mind');
    expect(text).toContain('Segment centres');
    for (const segment of segments) {
      expect(text).toContain(segment.name);
      expect(text).toContain(`${segment.size.toLocaleString('en')} customers`);
      expect(text).toContain(flat(segment.strategy));
    }
    // The hostile name is shown literally (never run, never dropped as a tag).
    expect(text).toContain(HOSTILE);
    // Pages are numbered.
    expect(text).toContain(`Page 1 of ${pages(out)}`);
    // Fonts are the bundled Inter, embedded.
    expect(execFileSync('pdffonts', [out], { encoding: 'utf8' })).toMatch(
      /Inter-Regular\s+CID TrueType\s+Identity-H\s+yes/,
    );

    // Rendered page by page to PNG (what a person looks at while building it).
    const pngDir = join(temp.dir, 'png');
    execFileSync('mkdir', ['-p', pngDir]);
    execFileSync('pdftoppm', ['-r', '40', '-png', out, join(pngDir, 'page')]);
    const images = readdirSync(pngDir).filter((f) => f.endsWith('.png'));
    expect(images).toHaveLength(pages(out));
    for (const image of images) expect(statSync(join(pngDir, image)).size).toBeGreaterThan(2000);
  }, 120_000);

  it('charts are vector: the segment pages carry no raster images', async () => {
    const out = join(temp.dir, 'segments-only.pdf');
    expect((await cliWithChromium('report', String(modelId), '--out', out, '--sections', 'segments,method')).code).toBe(
      0,
    );
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images).toEqual([]);
    expect(pages(out)).toBe(segments.length + 1);
  }, 120_000);

  it('prints on Letter paper and only the sections asked for', async () => {
    const out = join(temp.dir, 'letter.pdf');
    const { code } = await cliWithChromium(
      'report',
      String(modelId),
      '--out',
      out,
      '--paper',
      'letter',
      '--sections',
      'cover,summary',
    );
    expect(code).toBe(0);
    expect(pdfInfo(out)).toMatch(/Page size:\s+612 x 792/);
    expect(pages(out)).toBe(2);
    const text = flat(pdfText(out));
    expect(text).toContain('Executive summary');
    expect(text).not.toContain('Keep in mind');
  }, 120_000);

  it('says clearly when no browser can be found, and refuses unknown options', async () => {
    const missing = await runCli(
      ['report', String(modelId), '--out', join(temp.dir, 'x.pdf'), '--chromium', '/nowhere/chrome', '--db', db],
      temp.dir,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no browser at /nowhere/chrome');
    const paper = await cli('report', String(modelId), '--out', 'x.pdf', '--paper', 'a3');
    expect(paper.code).toBe(2);
    expect(paper.stderr).toContain('--paper must be a4 or letter');
    const section = await cli('report', String(modelId), '--out', 'x.pdf', '--sections', 'cover,gossip');
    expect(section.code).toBe(2);
    expect(section.stderr).toContain('unknown section gossip');
    const noModel = await cliWithChromium('report', '999', '--out', join(temp.dir, 'y.pdf'));
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toContain('There is no model 999');
  }, 60_000);
});

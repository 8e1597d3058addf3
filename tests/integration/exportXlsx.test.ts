import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-xlsx-');
const db = join(temp.dir, 'xlsx.db');
const cli = (...args: string[]) => runCli([...args, '--db', db], temp.dir);

beforeAll(requireBuild);
afterAll(temp.cleanup);

/** The first sheet's rows as text, read back through the workbook's shared strings. */
function readSheet(file: string): { rows: string[][]; types: string[][] } {
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  const strings = [...strFromU8(files['xl/sharedStrings.xml']).matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map(
    (m) =>
      m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
  );
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  const rows: string[][] = [];
  const types: string[][] = [];
  for (const row of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = [
      ...row[1].matchAll(/<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?\s*(?:\/>|>(?:<v>([\s\S]*?)<\/v>)?<\/c>)/g),
    ];
    rows.push(cells.map((c) => (c[1] === 's' ? strings[Number(c[2])] : (c[2] ?? ''))));
    types.push(cells.map((c) => c[1] ?? 'n'));
  }
  return { rows, types };
}

describe('export as Excel (.xlsx)', () => {
  it('writes every customer with segment id and name; text stays text, never a formula', async () => {
    const csv = ['id,note,spend,visits'];
    for (let i = 1; i <= 40; i++) {
      const note = i === 1 ? '=HYPERLINK("http://evil.example","click")' : i === 2 ? '@SUM(1)' : `customer ${i}`;
      csv.push(`${i},"${note.replace(/"/g, '""')}",${(i % 4) * 100 + i},${i % 4}`);
    }
    const file = join(temp.dir, 'notes.csv');
    writeFileSync(file, csv.join('\n'));
    const imported = await cli('import', file, '--json');
    const datasetId = (JSON.parse(imported.stdout) as { dataset: { id: number } }).dataset.id;
    const trained = await cli('train', String(datasetId), '--features', 'spend,visits', '--k', '3', '--json');
    const model = (JSON.parse(trained.stdout) as { model: { id: number } }).model;
    expect((await cli('rename', String(model.id), '0', '<b>Top</b> & co')).code).toBe(0);

    const out = join(temp.dir, 'segments.xlsx');
    const exported = await cli('export', String(model.id), '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('Wrote 40 customers');
    const { rows, types } = readSheet(out);
    expect(rows[0]).toEqual(['id', 'note', 'spend', 'visits', 'segment_id', 'segment']);
    expect(rows).toHaveLength(41);
    // The formula-like note is a text cell with its characters unchanged; nothing is a formula.
    expect(rows[1][1]).toBe('=HYPERLINK("http://evil.example","click")');
    expect(types[1][1]).toBe('s');
    expect(rows[2][1]).toBe('@SUM(1)');
    expect(readFileSync(out).includes('<f>')).toBe(false);
    expect(strFromU8(unzipSync(new Uint8Array(readFileSync(out)))['xl/worksheets/sheet1.xml'])).not.toContain('<f>');
    // Segment ids are numbers 1…k and the names are the model's, literally.
    const csvOut = join(temp.dir, 'segments.csv');
    expect((await cli('export', String(model.id), '--out', csvOut)).code).toBe(0);
    const csvRows = readFileSync(csvOut, 'utf8').trim().split('\r\n');
    for (let r = 1; r <= 40; r++) {
      const segmentId = rows[r][4];
      expect(types[r][4]).toBe('n');
      expect(csvRows[r]).toContain(`,${segmentId},`);
      if (segmentId === '1') expect(rows[r][5]).toBe('<b>Top</b> & co');
    }
  }, 60_000);
});

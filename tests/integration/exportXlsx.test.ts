import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-xlsx-');
const db = join(temp.dir, 'xlsx.db');
const cli = (...args: string[]) => runCli([...args, '--db', db], temp.dir);

beforeAll(requireBuild);
afterAll(temp.cleanup);

/**
 * Each zip entry's CRC and size as its central directory records them, beside the CRC and size of
 * what it unpacks to: a reader that checks them (Excel does) refuses a workbook where they differ.
 */
function zipChecks(file: string): { name: string; recorded: [number, number]; actual: [number, number] }[] {
  const bytes = readFileSync(file);
  const files = unzipSync(new Uint8Array(bytes));
  const out: { name: string; recorded: [number, number]; actual: [number, number] }[] = [];
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0;) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const data = files[name];
    out.push({
      name,
      recorded: [bytes.readUInt32LE(at + 16), bytes.readUInt32LE(at + 24)],
      actual: [crc32(data), data.length],
    });
    at = bytes.indexOf(
      Buffer.from([0x50, 0x4b, 0x01, 0x02]),
      at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32),
    );
  }
  return out;
}

/** The first sheet's cells as read-excel-file (the app's own reader) reads them, and their JS types. */
async function readSheet(file: string): Promise<{ rows: string[][]; types: string[][] }> {
  const [sheet] = (await readExcelFile(readFileSync(file))) as { data: unknown[][] }[];
  return {
    rows: sheet.data.map((row) => row.map((v) => (v === null ? '' : String(v)))),
    types: sheet.data.map((row) => row.map((v) => (typeof v === 'number' ? 'n' : 's'))),
  };
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
    const { rows, types } = await readSheet(out);
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

  it('round-trips 200,000 customers: export streamed, imported back, assigned from the workbook', async () => {
    const csv = ['customer_id,spend,visits'];
    for (let i = 1; i <= 200_000; i++) csv.push(`C${i},${(i * 37) % 1000}.5,${i % 9}`);
    const file = join(temp.dir, 'big.csv');
    writeFileSync(file, csv.join('\n'));
    const imported = await cli('import', file, '--json');
    const datasetId = (JSON.parse(imported.stdout) as { dataset: { id: number } }).dataset.id;
    const trained = await cli(
      'train',
      String(datasetId),
      '--features',
      'spend,visits',
      '--k',
      '3',
      '--inits',
      '1',
      '--json',
    );
    const modelId = (JSON.parse(trained.stdout) as { model: { id: number } }).model.id;
    const out = join(temp.dir, 'big.xlsx');
    const exported = await cli('export', String(modelId), '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('Wrote 200000 customers');
    // The sheet's XML (tens of megabytes, deflated a piece at a time by zlib) unpacks whole, to
    // the CRC and size the zip records for it.
    const checks = zipChecks(out);
    expect(checks.map((c) => c.name)).toContain('xl/worksheets/sheet1.xml');
    expect(checks.find((c) => c.name === 'xl/worksheets/sheet1.xml')?.actual[1]).toBeGreaterThan(8 << 20);
    for (const check of checks) expect(check.actual, check.name).toEqual(check.recorded);
    // The app reads its own large export back (no call-stack overflow on 200,000 rows)…
    const back = await cli('import', out, '--name', 'back', '--json');
    expect(back.code, back.stderr).toBe(0);
    const dataset = (
      JSON.parse(back.stdout) as { dataset: { rows: number; import: { records: number; stored: number } } }
    ).dataset;
    expect([dataset.rows, dataset.import.records, dataset.import.stored]).toEqual([200_000, 200_000, 200_000]);
    // …and assigns customers from it, the same segments as the export says.
    const assigned = join(temp.dir, 'big-assigned.csv');
    const assign = await cli('assign', String(modelId), out, '--out', assigned);
    expect(assign.code, assign.stderr).toBe(0);
    const lines = readFileSync(assigned, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(200_001);
    const header = lines[0].split(',');
    const exportedId = header.indexOf('segment_id');
    const assignedId = header.lastIndexOf('segment_id');
    expect(assignedId).toBeGreaterThan(exportedId);
    for (const line of lines.slice(1, 2_000)) {
      const cells = line.split(',');
      expect(cells[assignedId]).toBe(cells[exportedId]);
    }
  }, 240_000);
});

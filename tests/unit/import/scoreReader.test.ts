/**
 * A file to score (`assign`) is read by the streaming import's reader: it must give the table the
 * whole-table reader gives — the same columns, kinds and values — on files with every kind of
 * column, blanks, quotes, decimal commas, dates and other encodings; and refuse what it refuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, readTableToScore } from '../../../electron/worker/import/readTable';
import { repoRoot } from '../../helpers/built';

const corpus = (name: string) => join(repoRoot, 'tests', 'corpus', name);
const FILES = [
  join(repoRoot, 'tests', 'fixtures', 'overlap_2000.csv'),
  join(repoRoot, 'resources', 'sample', 'customers.csv'),
  corpus('mall-customers-head.csv'),
  corpus('dates.csv'),
  corpus('decimal-comma-semicolon.csv'),
  corpus('excel-de-windows1252.csv'),
  corpus('quoted-multiline.csv'),
  corpus('quoted-separators.csv'),
  corpus('escaped-quotes.csv'),
  corpus('thousands-separators.csv'),
  corpus('currency-us.csv'),
  corpus('tab.tsv'),
  corpus('latin1-french.csv'),
];

const plain = (values: Float64Array | (string | null)[]) => Array.from(values as ArrayLike<unknown>);

describe('the reader of files to score', () => {
  it.each(FILES)('reads %s as the whole-table reader does', async (path) => {
    const name = path.split('/').at(-1) ?? path;
    const bytes = new Uint8Array(readFileSync(path));
    const whole = await readTable(name, { bytes });
    const streamed = await readTableToScore(name, { bytes });
    expect(streamed.rowCount).toBe(whole.rowCount);
    expect(streamed.columns.map((c) => [c.name, c.kind, c.missing])).toEqual(
      whole.columns.map((c) => [c.name, c.kind, c.missing]),
    );
    streamed.columns.forEach((column, j) => {
      expect(plain(column.values), column.name).toEqual(plain(whole.columns[j].values));
    });
  });

  it.each([
    ['unclosed-quote.csv', /unclosed-quote\.csv/],
    ['header-and-blanks.csv', /header-and-blanks\.csv has a header row but no customers/],
  ])('refuses %s as the whole-table reader does, naming the file', async (name, message) => {
    const bytes = new Uint8Array(readFileSync(corpus(name)));
    await expect(readTable(name, { bytes })).rejects.toThrow(message);
    await expect(readTableToScore(name, { bytes })).rejects.toThrow(message);
  });
});

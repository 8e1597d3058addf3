import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/worker/import/pipeline';
import type { ParsedTable } from '../../../shared/import/table';
import { deriveColumns, parseDeriveSpec } from '../../../shared/import/transform';

const datesCsv = readFileSync(new URL('../../corpus/dates.csv', import.meta.url));
const column = (table: ParsedTable, name: string) => {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
};

describe('date columns', () => {
  it('are a kind of their own, stored as ISO days, with the day/month evidence', async () => {
    const table = await readTable('dates.csv', { bytes: datesCsv });
    const signup = column(table, 'signup');
    expect(signup.kind).toBe('date');
    expect(signup.missing).toBe(1);
    expect(signup.note).toBe(
      '3 dates, 1 blank; day/month/year (13/02/2021 in row 2: the first number is above 12, so it is the day)',
    );
    expect(signup.values).toEqual(['2021-02-13', '2022-03-01', null, '2020-12-25']);
    expect(column(table, 'birth_date')).toMatchObject({
      kind: 'date',
      values: ['1985-04-12', '1990-12-31', '1979-07-04', '2001-01-15'],
    });
    expect(column(table, 'spend').kind).toBe('numeric');
  });

  it('follow the chosen order when the values cannot tell', async () => {
    const text = 'id,seen,visits\n1,03/04/2024,2\n2,05/06/2024,3\n';
    expect(column(await readTable('a.csv', { text: text }), 'seen').values).toEqual(['2024-04-03', '2024-06-05']);
    expect(column(await readTable('a.csv', { text: text }), 'seen').note).toContain(
      'day/month assumed; change it if wrong',
    );
    expect(column(await readTable('a.csv', { text: text }, { dateOrder: 'mdy' }), 'seen').values).toEqual([
      '2024-03-04',
      '2024-05-06',
    ]);
  });

  it('refuse a cell that is not a date in a column set to dates, naming row and column', async () => {
    await expect(readTable('dates.csv', { bytes: datesCsv }, { kinds: { spend: 'date' } })).rejects.toThrow(
      'dates.csv, row 2, column "spend": "120.5" is not a date.',
    );
  });

  it('give tenure in days and age in completed years, to a reference day or the latest date', async () => {
    const table = await readTable('dates.csv', { bytes: datesCsv });
    const derived = deriveColumns(table.columns, table.rowCount, [
      parseDeriveSpec('Tenure=tenure(signup)@2022-03-01'),
      parseDeriveSpec('Tenure latest=tenure(signup)'),
      parseDeriveSpec('Age=age(birth_date)@2024-01-01'),
    ]);
    const values = (name: string) => Array.from(derived.find((c) => c.name === name)?.values as Float64Array);
    expect(values('Tenure')).toEqual([381, 0, Number.NaN, 431]);
    expect(values('Tenure latest')).toEqual([381, 0, Number.NaN, 431]);
    expect(values('Age')).toEqual([38, 33, 44, 22]);
    expect(() => deriveColumns(table.columns, table.rowCount, [parseDeriveSpec('T=tenure(spend)')])).toThrow(
      'Derived feature "T": column "spend" is not a date column.',
    );
    expect(parseDeriveSpec('Age=age(birth_year)@2020')).toMatchObject({ reference: 2020, referenceDate: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/worker/import/pipeline';
import type { ParsedTable } from '../../../shared/import/table';
import { previewImport } from '../../../electron/worker/import/pipeline';
import { parseDeriveSpec } from '../../../shared/import/transform';

const csv = [
  'id,plan,spend_wine,spend_meat,accepted_1,accepted_2,birth_year',
  '1,gold,10,5,1,0,1980',
  '2,basic,,7,yes,yes,1990',
  '3,gold,30,,0,0,1975',
  '4,basic,40,9,1,1,',
  '5,rare,1000,8,0,1,2000',
  ...Array.from(
    { length: 195 },
    (_, i) => `${i + 6},${i % 2 ? 'gold' : 'basic'},${20 + (i % 7)},${5 + (i % 3)},0,1,1985`,
  ),
].join('\n');

const values = (table: ParsedTable, name: string): (number | string | null)[] =>
  Array.from((table.columns.find((c) => c.name === name)?.values ?? []) as ArrayLike<number | string | null>);

describe('cleaning', () => {
  it('fills blanks with the median, mean, a constant or "Unknown", and drops rows when asked', async () => {
    const table = await readTable(
      't.csv',
      { text: csv },
      {
        clean: {
          spend_wine: { missing: 'median' },
          spend_meat: { missing: 'constant', constant: 0 },
          birth_year: { missing: 'drop' },
        },
      },
    );
    expect(table.rowCount).toBe(199);
    expect(table.dropped).toBe(1);
    expect(values(table, 'spend_wine')[1]).toBe(23); // median of the present values after dropping row 4
    expect(values(table, 'spend_meat')[2]).toBe(0);
    expect(table.columns.every((c) => c.name === 'plan' || c.missing === 0)).toBe(true);
  });

  it('caps outliers at the IQR fences and merges rare categories into "Other"', async () => {
    const table = await readTable(
      't.csv',
      { text: csv },
      {
        clean: { spend_wine: { capOutliers: true }, plan: { mergeRare: true } },
      },
    );
    expect(
      Math.max(...(values(table, 'spend_wine').filter((v) => !Number.isNaN(v as number)) as number[])),
    ).toBeLessThan(1000);
    expect(values(table, 'plan')[4]).toBe('Other');
    const preview = await previewImport('t.csv', { text: csv });
    expect(preview.columns.find((c) => c.name === 'spend_wine')).toMatchObject({ outliers: 3, blanksBefore: 1 });
    expect(preview.columns.find((c) => c.name === 'plan')?.rare).toBe(1);
  });
});

describe('derived features', () => {
  it('sum, count of flags, ratio, log(1+x) and age, computed after cleaning', async () => {
    const table = await readTable(
      't.csv',
      { text: csv },
      {
        clean: { spend_wine: { missing: 'constant', constant: 0 } },
        derive: [
          { name: 'Total', template: 'sum', columns: ['spend_wine', 'spend_meat'] },
          { name: 'Accepted', template: 'count', columns: ['accepted_1', 'accepted_2'] },
          { name: 'Wine per meat', template: 'ratio', columns: ['spend_wine', 'spend_meat'] },
          { name: 'Log wine', template: 'log1p', columns: ['spend_wine'] },
          { name: 'Age', template: 'age', columns: ['birth_year'], reference: 2026 },
        ],
      },
    );
    expect(values(table, 'Total').slice(0, 3)).toEqual([15, 7, 30]);
    expect(values(table, 'Accepted').slice(0, 4)).toEqual([1, 2, 0, 2]);
    expect(values(table, 'Wine per meat')[0]).toBe(2);
    expect(Number.isNaN(values(table, 'Wine per meat')[2] as number)).toBe(true);
    expect(values(table, 'Log wine')[0] as number).toBeCloseTo(Math.log1p(10), 12);
    expect(values(table, 'Age').slice(0, 3)).toEqual([46, 36, 51]);
    expect(table.columns.find((c) => c.name === 'Age')).toMatchObject({ kind: 'numeric', missing: 1 });
  });

  it('refuses unknown or non-numeric columns and name clashes, naming them', async () => {
    await expect(
      readTable('t.csv', { text: csv }, { derive: [{ name: 'X', template: 'sum', columns: ['nope'] }] }),
    ).rejects.toThrow('Derived feature "X": there is no column "nope".');
    await expect(
      readTable('t.csv', { text: csv }, { derive: [{ name: 'X', template: 'sum', columns: ['plan'] }] }),
    ).rejects.toThrow('column "plan" is not numeric');
    await expect(
      readTable('t.csv', { text: csv }, { derive: [{ name: 'plan', template: 'log1p', columns: ['spend_meat'] }] }),
    ).rejects.toThrow('a column with that name exists');
  });

  it('reads the CLI spelling', async () => {
    expect(parseDeriveSpec('Total_Spending=sum(MntWines, MntFruits)')).toEqual({
      name: 'Total_Spending',
      template: 'sum',
      columns: ['MntWines', 'MntFruits'],
      reference: undefined,
    });
    expect(parseDeriveSpec('Age = age(Year_Birth)@2014')).toMatchObject({ template: 'age', reference: 2014 });
    expect(() => parseDeriveSpec('Total')).toThrow('--derive "Total"');
  });
});

describe('capping outliers never erases a flag or a mostly-constant count', () => {
  it('refuses a 0/1 column and a column whose middle half is one value, and says why', async () => {
    const { capRefusal, cleanTable, columnIssues } = await import('../../../shared/import/transform');
    const flag = Float64Array.from({ length: 100 }, (_, i) => (i < 12 ? 1 : 0));
    const kids = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : i < 95 ? 1 : 2));
    const spend = Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 10_000 : i * 3));
    expect(capRefusal(flag)).toMatch(/only two values \(a flag\)/);
    expect(capRefusal(kids)).toMatch(/middle half of values are all 0: capping would turn every other value into 0/);
    expect(capRefusal(spend)).toBeNull();
    expect(columnIssues({ name: 'Response', kind: 'numeric', missing: 0, values: flag })).toMatchObject({
      outliers: 0,
    });
    expect(columnIssues({ name: 'spend', kind: 'numeric', missing: 0, values: spend }).outliers).toBe(1);
    expect(() =>
      cleanTable('f.csv', [{ name: 'Response', kind: 'numeric', missing: 0, values: flag }], 100, {
        Response: { capOutliers: true },
      }),
    ).toThrow(/f\.csv, column "Response": outliers are not capped because it holds only two values/);
  });
});

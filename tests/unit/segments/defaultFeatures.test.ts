import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/worker/import/pipeline';
import { defaultFeatures, logRefusal } from '../../../shared/segments/defaultFeatures';
import type { ParsedTable } from '../../../shared/import/table';
import { datasetPage } from '../../helpers/datasetPage';

/** A parsed file as the dataset page sees it: its summary and its data summary. */
async function page(name: string, text: string) {
  const table: ParsedTable = await readTable(name, { text });
  return { ...datasetPage(name, table), table };
}

let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

describe('default features', () => {
  it('leave out a CustomerID (by name) and a running number, and keep what describes customers (Mall Customers)', async () => {
    const lines = ['CustomerID,Row,Age,Annual Income (k$),Spending Score (1-100)'];
    for (let i = 1; i <= 200; i++) {
      lines.push(
        `${String(i).padStart(4, '0')},${i},${18 + Math.floor(random() * 50)},${15 + Math.floor(random() * 120)},${1 + Math.floor(random() * 99)}`,
      );
    }
    const { dataset, description, table } = await page('Mall_Customers.csv', lines.join('\n'));
    // Zero-padded or plain, CustomerID is an identifier by its name: never a feature.
    expect(table.columns[0].kind).toBe('identifier');
    const chosen = defaultFeatures(dataset, description);
    expect(chosen.features).toEqual(['Age', 'Annual Income (k$)', 'Spending Score (1-100)']);
    expect(chosen.leftOut).toEqual([
      {
        name: 'Row',
        reason: 'a running number (1–200, unique in every row): it identifies customers, it does not describe them',
      },
    ]);
  });

  it('leave out flags, constants, codes and one of a near-duplicate pair, each with its reason (Wholesale, marketing)', async () => {
    const lines = ['Channel,Region,Fresh,Milk,Milk_litres,Response,Country_Flag,Kidhome,Stars'];
    for (let i = 0; i < 300; i++) {
      const milk = Math.round(random() * 10000);
      lines.push(
        [
          1 + (i % 2),
          1 + (i % 3),
          Math.round(random() * 20000),
          milk,
          (milk * 1.03 + random() * 50).toFixed(1),
          random() < 0.2 ? 1 : 0,
          7,
          Math.floor(random() * 3),
          1 + Math.floor(random() * 5),
        ].join(','),
      );
    }
    const { dataset, description } = await page('wholesale.csv', lines.join('\n'));
    const chosen = defaultFeatures(dataset, description);
    expect(chosen.features).toEqual(['Fresh', 'Milk', 'Kidhome', 'Stars']);
    const reasons = Object.fromEntries(chosen.leftOut.map((l) => [l.name, l]));
    expect(reasons.Channel).toMatchObject({ code: true });
    expect(reasons.Channel.reason).toMatch(/^looks like a code \(2 values, 1–2\)/);
    expect(reasons.Region.reason).toMatch(/^looks like a code \(3 values, 1–3\)/);
    expect(reasons.Milk_litres.reason).toMatch(
      /^moves with Milk \(r = 1\.00\): using both would count the same thing twice/,
    );
    expect(reasons.Response.reason).toMatch(/^a 0\/1 flag/);
    expect(reasons.Country_Flag.reason).toBe('the same value (7) for every customer: it cannot tell them apart');
    // Kidhome is a count by its name; "Stars" (1–5) too: neither is asked about.
    expect(chosen.ask).toEqual([]);
  });

  it('ask "code or number?" about small whole numbers whose name says neither', async () => {
    const lines = ['Spend,Band'];
    for (let i = 0; i < 100; i++) lines.push(`${Math.round(random() * 900)},${1 + (i % 4)}`);
    const { dataset, description } = await page('ask.csv', lines.join('\n'));
    expect(defaultFeatures(dataset, description).ask).toEqual([{ name: 'Band', values: '4 values, 1–4' }]);
  });

  it('never offers log(1 + x) for a flag or for values at or below −1', async () => {
    const { description } = await page('log.csv', 'flag,balance,spend\n0,-5,10\n1,3,20\n0,4,30\n');
    const stats = (name: string) => description.columns.find((c) => c.name === name);
    expect(logRefusal(stats('flag'))).toMatch(/a flag/);
    expect(logRefusal(stats('balance'))).toMatch(/at or below −1 \(the smallest is -5\)/);
    expect(logRefusal(stats('spend'))).toBeNull();
  });
});

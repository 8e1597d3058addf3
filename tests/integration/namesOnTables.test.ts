/**
 * Names never contradict their numbers on every table we hold (the sample, Mall Customers' head,
 * the reference transaction log turned into customers, the scikit-learn fixtures), at every k from
 * 2 to 8, with the default features and with every numeric column: each theme a name claims is met
 * by every column of that meaning; each "because" names only traits on the strategy's side.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../electron/worker/import/pipeline';
import type { ParsedTable } from '../../shared/import/table';
import { buildRecipe } from '../../shared/import/recipe';
import type { ImportOptions } from '../../shared/import/options';
import { trainSegments } from '../../shared/ml/train';
import { defaultFeatures } from '../../shared/segments/defaultFeatures';
import { strategyBecause } from '../../shared/segments/naming';
import { nameContradictions } from '../helpers/names';
import { datasetPage } from '../helpers/datasetPage';

const read = (path: string) => {
  const bytes = readFileSync(new URL(`../../${path}`, import.meta.url));
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

const TABLES: { name: string; path: string; options?: ImportOptions }[] = [
  { name: 'sample customers', path: 'resources/sample/customers.csv' },
  { name: 'Mall Customers (head)', path: 'tests/corpus/mall-customers-head.csv' },
  {
    name: 'transaction log',
    path: 'tests/fixtures/transactions_log.csv',
    options: {
      transactions: {
        customer: 'CustomerID',
        date: 'InvoiceDate',
        quantity: 'Quantity',
        price: 'UnitPrice',
        invoice: 'InvoiceNo',
      },
    },
  },
  { name: 'blobs_300', path: 'tests/fixtures/blobs_300.csv' },
];

function setUp(name: string, table: ParsedTable) {
  const { dataset, description } = datasetPage(name, table);
  return {
    numeric: table.columns.filter((c) => c.kind === 'numeric'),
    chosen: defaultFeatures(dataset, description).features,
  };
}

describe('names on every held-in table', () => {
  for (const { name, path, options } of TABLES) {
    it(`${name}: no name contradicts a trait of its meaning, no "because" is untrue, k = 2…8`, async () => {
      const table = await readTable(path, { text: read(path) }, options ?? {});
      const recipe = buildRecipe(path, options ?? {}, table);
      const { numeric, chosen } = setUp(name, table);
      const featureSets = [chosen, numeric.map((c) => c.name)].filter((f) => f.length >= 2);
      expect(featureSets.length).toBeGreaterThan(0);
      let named = 0;
      for (const features of featureSets) {
        const raw = {
          rows: table.rowCount,
          numeric: features.map((f) => ({
            name: f,
            values: numeric.find((c) => c.name === f)?.values as Float64Array,
          })),
          categorical: [],
        };
        for (let k = 2; k <= Math.min(8, table.rowCount - 1); k++) {
          const out = trainSegments({ raw, options: { scaling: 'standard' }, k, seed: 3, nInit: 2, meanings: recipe });
          const input = {
            numericFeatures: features,
            overallMeans: out.overallMeans,
            overallStd: out.overallStd,
            segments: out.sizes.map((size, cluster) => ({ cluster, size, means: out.means[cluster] })),
            recipe,
          };
          expect(nameContradictions(input, out.suggestions), `${name}, k = ${k}`).toEqual([]);
          out.suggestions.forEach((s, cluster) => {
            if (!/^(Average|Typical) customers/.test(s.name)) named++;
            expect(strategyBecause(input, cluster, s.strategy) ?? '').toBe(s.because);
          });
        }
      }
      // The check is not empty: the tables with meanings name segments by them.
      if (name !== 'blobs_300') expect(named).toBeGreaterThan(0);
    });
  }
});

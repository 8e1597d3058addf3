import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategyBecause, suggestSegments, themeOf } from '../../../shared/segments/naming';
import { STRATEGIES, THEME_OF_MEANING } from '../../../shared/segments/playbook';
import { suggestLabel, suggestMeaning } from '../../../shared/segments/meanings';
import { nameContradictions } from '../../helpers/names';

/** Column names as real tables name them, several per theme. */
const COLUMNS = [
  'Income',
  'Kidhome',
  'Teenhome',
  'Recency',
  'MntWines',
  'MntMeatProducts',
  'NumWebPurchases',
  'NumStorePurchases',
  'NumDealsPurchases',
  'NumWebVisitsMonth',
  'Year_Birth',
  'Age',
  'tenure_days',
  'AcceptedCmp1',
  'CASH_ADVANCE_FREQUENCY',
  'PURCHASES_FREQUENCY',
];

describe('segment names never contradict their numbers', () => {
  it('reads themes from whole words, not substrings', () => {
    expect(themeOf('CASH_ADVANCE_FREQUENCY')).toBeNull();
    expect(themeOf('PURCHASES_FREQUENCY')).toBe('frequency');
    expect(themeOf('average_spend')).toBe('spend');
    expect(themeOf('usage_rate')).toBeNull();
    expect(themeOf('NumWebPurchases')).toBe('web');
    expect(themeOf('days_since_last_purchase')).toBe('recency');
    expect(themeOf('customer_since')).toBe('tenure');
  });

  it('names no family when small children are up and teenagers down (the marketing campaign table)', () => {
    const [segment] = suggestSegments({
      numericFeatures: ['Income', 'Kidhome', 'Teenhome'],
      overallMeans: [52000, 0.44, 0.5],
      overallStd: [21000, 0.54, 0.54],
      segments: [
        { cluster: 0, size: 500, means: [30000, 0.86, 0.1] },
        { cluster: 1, size: 500, means: [74000, 0.02, 0.9] },
      ],
    });
    expect(segment.name).toBe('Budget customers');
    expect(segment.name.toLowerCase()).not.toMatch(/famil|children/);
  });

  it('holds as a property: every theme a name claims is met by every column of that theme', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(COLUMNS, { minLength: 2, maxLength: 10 }),
        fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 10, maxLength: 10 }), {
          minLength: 2,
          maxLength: 6,
        }),
        (features, rows) => {
          const input = {
            numericFeatures: features,
            overallMeans: features.map(() => 0),
            overallStd: features.map(() => 1),
            segments: rows.map((z, cluster) => ({ cluster, size: 100, means: z.slice(0, features.length) })),
          };
          expect(nameContradictions(input, suggestSegments(input))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the meanings the user chose over the names: a column meaning nothing names nothing', () => {
    const input = {
      numericFeatures: ['Kidhome', 'x1'],
      overallMeans: [0, 0],
      overallStd: [1, 1],
      segments: [
        { cluster: 0, size: 10, means: [1.5, 1.2] },
        { cluster: 1, size: 10, means: [-1.5, -1.2] },
      ],
      recipe: {
        columns: [
          { name: 'Kidhome', role: 'file' as const, meaning: null, label: 'Kids' },
          { name: 'x1', role: 'file' as const, meaning: 'income' as const, label: 'Household income' },
        ],
      },
    };
    const [high, low] = suggestSegments(input);
    expect(high.name).toBe('Affluent customers');
    expect(low.name).toBe('Budget customers');
    expect(high.description).toBe('Customers with kids well above average and household income well above average.');
    expect(nameContradictions(input, [high, low])).toEqual([]);
  });
});

describe('strategies fit', () => {
  it('a strategy is chosen only when all its conditions are present and met; else the generic one, which says so', () => {
    // Mall Customers: income and spending only — no family, visits or deals columns.
    const suggestions = suggestSegments({
      numericFeatures: ['Annual Income (k$)', 'Spending Score (1-100)', 'Age'],
      overallMeans: [60, 50, 39],
      overallStd: [26, 26, 14],
      segments: [
        { cluster: 0, size: 40, means: [88, 82, 33] },
        { cluster: 1, size: 40, means: [26, 20, 45] },
        { cluster: 2, size: 40, means: [60, 50, 39] },
      ],
    });
    expect(suggestions[0].strategyTitle).toBe('VIP rewards');
    expect(suggestions[0].because).toBe('Spending Score (1-100) +1.2 sd, Annual Income (k$) +1.1 sd');
    expect(suggestions[2].because).toBe('');
    const generic = STRATEGIES.find((s) => s.when.length === 0);
    expect(suggestions[2].strategyTitle).toBe(generic?.title);
    expect(suggestions[2].strategy).toMatch(/generic/);
    for (const s of suggestions) expect(s.strategyTitle).not.toMatch(/Family value|Online conversion/);
  });
});

describe('strategies say why', () => {
  const input = {
    numericFeatures: ['Income', 'MntWines', 'Recency'],
    overallMeans: [50000, 300, 50],
    overallStd: [20000, 300, 30],
    segments: [
      { cluster: 0, size: 40, means: [80000, 700, 40] },
      { cluster: 1, size: 40, means: [45000, 100, 95] },
    ],
  };
  it('a kept playbook strategy is explained by the traits behind its conditions, from the numbers', () => {
    const [vip, lapsed] = suggestSegments(input);
    expect(vip.strategyTitle).toBe('VIP rewards');
    expect(vip.because).toBe('Spend on wine +1.3 sd, Income +1.5 sd');
    expect(strategyBecause(input, 0, vip.strategy)).toBe(vip.because);
    expect(lapsed.strategyTitle).toBe('Win-back');
    expect(strategyBecause(input, 1, lapsed.strategy)).toBe('Recency +1.5 sd');
  });
  it('a strategy the user wrote, or one whose conditions the segment does not meet, has no "because"', () => {
    expect(strategyBecause(input, 0, 'Call them every week.')).toBeNull();
    const winBack = STRATEGIES.find((s) => s.id === 'win-back');
    expect(strategyBecause(input, 0, `${winBack?.title}: ${winBack?.text}`)).toBeNull();
  });
});

describe('meanings', () => {
  it('split children from teenagers, and read a birth year as age the other way round', () => {
    expect(suggestMeaning('Kidhome')).toBe('children');
    expect(suggestMeaning('Teenhome')).toBe('teenagers');
    expect(THEME_OF_MEANING.children.theme).toBe(THEME_OF_MEANING.teenagers.theme);
    expect(THEME_OF_MEANING.birthYear).toEqual({ theme: 'age', sign: -1 });
    expect(suggestMeaning('customer_lifetime_value')).toBe('value');
    expect(suggestMeaning('average_order_value')).toBeNull();
    expect(suggestMeaning('frequency', 'aggregated')).toBe('frequency');
    expect(suggestMeaning('r_score', 'aggregated')).toBeNull();
  });
});

describe('friendly labels', () => {
  it('reword code-like names and keep names written for people', () => {
    expect(suggestLabel('Kidhome')).toBe('Small children at home');
    expect(suggestLabel('NumWebPurchases')).toBe('Web purchases');
    expect(suggestLabel('NumWebVisitsMonth')).toBe('Website visits per month');
    expect(suggestLabel('MntWines')).toBe('Spend on wine');
    expect(suggestLabel('MntSomethingElse')).toBe('Spend on something else');
    expect(suggestLabel('AcceptedCmp1')).toBe('Accepted campaign 1');
    expect(suggestLabel('spend_wine')).toBe('Spend on wine');
    expect(suggestLabel('spend_total')).toBe('Spend total');
    expect(suggestLabel('purchases_web')).toBe('Web purchases');
    expect(suggestLabel('purchases_deals')).toBe('Purchases with a discount');
    expect(suggestLabel('purchases_catalogue')).toBe('Catalogue purchases');
    expect(suggestLabel('visits_copy')).toBe('Visits copy');
    expect(suggestLabel('CASH_ADVANCE_FREQUENCY')).toBe('Cash advance frequency');
    expect(suggestLabel('customer_ltv')).toBe('Customer LTV');
    expect(suggestLabel('tenure_days')).toBe('Tenure (days)');
    expect(suggestLabel('tenure_days', 'aggregated')).toBe('Days since first purchase');
    expect(suggestLabel('Annual Income (k$)')).toBe('Annual Income (k$)');
    expect(suggestLabel('Ümsatz')).toBe('Ümsatz');
  });
});

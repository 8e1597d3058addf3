import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestSegments, themeOf } from '../../../shared/segments/naming';
import { STRATEGIES, THEME_WORDS, type Theme } from '../../../shared/segments/playbook';
import { featureZScores } from '../../../shared/segments/traits';

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

/** The themes a name claims, with their direction, read back from the playbook's words. */
function claims(name: string): { theme: Theme; direction: 1 | -1 }[] {
  const lower = name.toLowerCase();
  const found: { theme: Theme; direction: 1 | -1 }[] = [];
  for (const [theme, words] of Object.entries(THEME_WORDS) as [Theme, (typeof THEME_WORDS)[Theme]][]) {
    if (lower.includes(words.high.toLowerCase())) found.push({ theme, direction: 1 });
    if (lower.includes(words.low.toLowerCase())) found.push({ theme, direction: -1 });
  }
  return found;
}

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
          const suggestions = suggestSegments(input);
          suggestions.forEach((suggestion, s) => {
            const zs = featureZScores(input, input.segments[s].means);
            for (const claim of claims(suggestion.name)) {
              features.forEach((feature, j) => {
                // A birth year means age, the other way round.
                const theme = themeOf(feature);
                const sign = theme === 'birthYear' ? -1 : 1;
                const meaning = theme === 'birthYear' ? 'age' : theme;
                const claimed = claim.theme === 'birthYear' ? 'age' : claim.theme;
                const direction = claim.theme === 'birthYear' ? -claim.direction : claim.direction;
                if (meaning !== claimed) return;
                expect(Math.sign(sign * zs[j]), `${suggestion.name}: ${feature} z=${zs[j]}`).toBe(direction);
                expect(Math.abs(zs[j])).toBeGreaterThanOrEqual(0.4);
              });
            }
          });
        },
      ),
      { numRuns: 300 },
    );
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
    const generic = STRATEGIES.find((s) => s.when.length === 0);
    expect(suggestions[2].strategyTitle).toBe(generic?.title);
    expect(suggestions[2].strategy).toMatch(/generic/);
    for (const s of suggestions) expect(s.strategyTitle).not.toMatch(/Family value|Online conversion/);
  });
});

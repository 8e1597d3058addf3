/**
 * The naming and strategy playbook: plain data, so it can be edited or translated without
 * touching the logic. A feature is recognised by words in its column name; a segment's name is
 * built from its strongest recognised traits, in the vocabulary marketers already use.
 */
import type { Meaning } from './meanings';

export type Theme =
  | 'income'
  | 'spend'
  | 'recency'
  | 'frequency'
  | 'web'
  | 'store'
  | 'catalogue'
  | 'deals'
  | 'visits'
  | 'family'
  | 'age'
  | 'tenure'
  | 'campaigns';

/**
 * The theme a column's meaning speaks for in a name or a strategy: small children and teenagers
 * both speak for the family, a customer value for spend; a birth year speaks for age the other way
 * round (a late birth year is a young customer), so the two can never name a segment against each other.
 */
export const THEME_OF_MEANING: Record<Meaning, { theme: Theme; sign: 1 | -1 }> = {
  income: { theme: 'income', sign: 1 },
  spend: { theme: 'spend', sign: 1 },
  value: { theme: 'spend', sign: 1 },
  recency: { theme: 'recency', sign: 1 },
  frequency: { theme: 'frequency', sign: 1 },
  web: { theme: 'web', sign: 1 },
  store: { theme: 'store', sign: 1 },
  catalogue: { theme: 'catalogue', sign: 1 },
  deals: { theme: 'deals', sign: 1 },
  visits: { theme: 'visits', sign: 1 },
  children: { theme: 'family', sign: 1 },
  teenagers: { theme: 'family', sign: 1 },
  age: { theme: 'age', sign: 1 },
  birthYear: { theme: 'age', sign: -1 },
  tenure: { theme: 'tenure', sign: 1 },
  campaigns: { theme: 'campaigns', sign: 1 },
};

/** Words for a theme when the segment is high / low on it: [adjective before, noun after]. */
export const THEME_WORDS: Record<Theme, { high: string; low: string; kind: 'adjective' | 'noun' }> = {
  income: { high: 'Affluent', low: 'Budget', kind: 'adjective' },
  spend: { high: 'big spenders', low: 'light spenders', kind: 'noun' },
  recency: { high: 'Lapsed', low: 'Recently active', kind: 'adjective' },
  frequency: { high: 'Frequent', low: 'Occasional', kind: 'adjective' },
  web: { high: 'online shoppers', low: 'offline shoppers', kind: 'noun' },
  store: { high: 'in-store shoppers', low: 'remote shoppers', kind: 'noun' },
  catalogue: { high: 'catalogue buyers', low: 'non-catalogue buyers', kind: 'noun' },
  deals: { high: 'Deal-seeking', low: 'Full-price', kind: 'adjective' },
  visits: { high: 'browsers', low: 'direct buyers', kind: 'noun' },
  family: { high: 'families', low: 'households without children', kind: 'noun' },
  age: { high: 'Senior', low: 'Young', kind: 'adjective' },
  tenure: { high: 'Long-standing', low: 'New', kind: 'adjective' },
  campaigns: { high: 'Campaign-responsive', low: 'Campaign-indifferent', kind: 'adjective' },
};

export interface Strategy {
  id: string;
  title: string;
  text: string;
  /**
   * When it applies: themes with their direction (+1 high, −1 low). It is eligible only when every
   * one is present among the segment's traits and met; the best eligible one wins. The one with no
   * conditions is the generic fallback, and says so.
   */
  when: { theme: Theme; direction: 1 | -1 }[];
}

export const STRATEGIES: Strategy[] = [
  {
    id: 'vip',
    title: 'VIP rewards',
    text: 'Protect and grow your most valuable customers: early access, a loyalty tier with real perks, personal recommendations. Avoid blanket discounts; they buy anyway.',
    when: [
      { theme: 'spend', direction: 1 },
      { theme: 'income', direction: 1 },
    ],
  },
  {
    id: 'win-back',
    title: 'Win-back',
    text: 'Reach out before they are lost: a "we miss you" message with a time-limited offer on what they used to buy, then a short survey on why they stopped.',
    when: [{ theme: 'recency', direction: 1 }],
  },
  {
    id: 'onboarding',
    title: 'Onboarding',
    text: 'Turn first purchases into habits: a welcome series, guidance to the categories they have not tried, and a reason to make the second order soon.',
    when: [{ theme: 'tenure', direction: -1 }],
  },
  {
    id: 'promotions',
    title: 'Targeted promotions',
    text: 'They respond to price: bundle offers and promotions on their favourite categories, timed to paydays; measure margin, not only volume.',
    when: [{ theme: 'deals', direction: 1 }],
  },
  {
    id: 'conversion',
    title: 'Online conversion',
    text: 'They browse more than they buy: simplify checkout, remind them of abandoned baskets, and show social proof on the pages they visit.',
    when: [
      { theme: 'visits', direction: 1 },
      { theme: 'spend', direction: -1 },
    ],
  },
  {
    id: 'family',
    title: 'Family value',
    text: 'Speak to the household: family packs, kids-oriented ranges and convenience (delivery slots, subscriptions) over premium lines.',
    when: [
      { theme: 'family', direction: 1 },
      { theme: 'income', direction: -1 },
    ],
  },
  {
    id: 'generic',
    title: 'General care (no specific strategy fits)',
    text: "None of the playbook strategies fits this segment's traits, so this is a generic one: broaden the basket with complementary categories, keep in touch at a steady pace, and write a strategy of your own from the traits above.",
    when: [],
  },
  {
    id: 'cost-to-serve',
    title: 'Cost-to-serve',
    text: 'Keep them at low cost: automated, low-frequency communication through the cheapest channel; no expensive incentives.',
    when: [
      { theme: 'spend', direction: -1 },
      { theme: 'frequency', direction: -1 },
    ],
  },
];

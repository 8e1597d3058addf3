/**
 * The naming and strategy playbook: plain data, so it can be edited or translated without
 * touching the logic. A feature is recognised by words in its column name; a segment's name is
 * built from its strongest recognised traits, in the vocabulary marketers already use.
 */

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
  | 'birthYear'
  | 'tenure'
  | 'campaigns';

/**
 * Words in a column name that reveal its theme. A name is split into words (camelCase, snake_case,
 * spaces, digits: `NumWebPurchases` → num, web, purchases) and a keyword matches a whole word or
 * the start of one (`kid` in `kidhome`, `visit` in `visits`); the short `age` and `num` only match
 * whole words (never "average" or "usage"). `unless` words veto the theme (a cash-advance frequency
 * is no purchase frequency); `phrases` match when all their words are there ("days since last
 * purchase"). The first theme that matches wins.
 */
export const THEME_KEYWORDS: { theme: Theme; words: string[]; unless?: string[]; phrases?: string[][] }[] = [
  { theme: 'birthYear', words: ['birth', 'yob'] },
  { theme: 'age', words: ['age'] },
  { theme: 'income', words: ['income', 'salary', 'wealth'] },
  { theme: 'deals', words: ['deal', 'discount', 'coupon', 'promo'] },
  { theme: 'visits', words: ['visit', 'session'] },
  { theme: 'web', words: ['web', 'online'] },
  { theme: 'catalogue', words: ['catalog'] },
  { theme: 'store', words: ['store', 'instore', 'offline'] },
  {
    theme: 'recency',
    words: ['recency', 'lapsed'],
    phrases: [
      ['days', 'since'],
      ['last', 'purchase'],
      ['last', 'order'],
    ],
  },
  {
    theme: 'frequency',
    words: ['frequency', 'purchases', 'orders', 'transactions'],
    unless: ['cash', 'advance', 'balance', 'payment', 'payments', 'credit', 'installments', 'oneoff'],
  },
  { theme: 'spend', words: ['spend', 'spending', 'mnt', 'amount', 'monetary', 'revenue'] },
  { theme: 'family', words: ['kid', 'child', 'teen', 'family'] },
  { theme: 'tenure', words: ['tenure', 'signup', 'member'], phrases: [['customer', 'since']] },
  { theme: 'campaigns', words: ['campaign', 'accepted', 'response', 'responded'] },
];

/** Keywords that match only as whole words. */
export const WHOLE_WORD_KEYWORDS = new Set(['age', 'num', 'yob', 'mnt', 'web']);

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
  birthYear: { high: 'Young', low: 'Senior', kind: 'adjective' },
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

/**
 * What a column means to a marketer (income, spend, recency, small children…) and the friendly
 * label it is called by wherever a person reads about it (traits, cards, charts, report, slides,
 * the CLI's text). Both are suggested from the column's name by whole words, shown and editable in
 * the wizard and on the dataset page, and kept in the dataset's recipe. Pure: no Node, no DOM.
 */

/** The meanings the app knows; null is "no meaning" (the column names no segment and fits no strategy). */
export const MEANINGS = [
  { id: 'income', label: 'Income' },
  { id: 'spend', label: 'Spend' },
  { id: 'value', label: 'Customer value' },
  { id: 'recency', label: 'Days since last purchase' },
  { id: 'frequency', label: 'Purchase frequency' },
  { id: 'web', label: 'Web purchases' },
  { id: 'store', label: 'Store purchases' },
  { id: 'catalogue', label: 'Catalogue purchases' },
  { id: 'deals', label: 'Deals and discounts' },
  { id: 'visits', label: 'Website visits' },
  { id: 'children', label: 'Small children' },
  { id: 'teenagers', label: 'Teenagers' },
  { id: 'age', label: 'Age' },
  { id: 'birthYear', label: 'Birth year' },
  { id: 'tenure', label: 'Time as a customer' },
  { id: 'campaigns', label: 'Campaign response' },
] as const;
export type Meaning = (typeof MEANINGS)[number]['id'];
export const MEANING_IDS = MEANINGS.map((m) => m.id) as unknown as readonly [Meaning, ...Meaning[]];

/** A meaning's words for a person ("Small children"); "None" for null. */
export const meaningLabel = (meaning: Meaning | null): string =>
  meaning === null ? 'None' : (MEANINGS.find((m) => m.id === meaning)?.label ?? meaning);

/** A column name's words, lower case: camelCase, snake_case, spaces and digits split (`NumWebPurchases` → num, web, purchases). */
export function nameWords(name: string): string[] {
  return splitName(name)
    .map((w) => w.toLowerCase())
    .flatMap((w) => w.split(/[^a-z]+/))
    .filter(Boolean);
}

/** A name's words as written, digits kept as words of their own (`AcceptedCmp1` → Accepted, Cmp, 1). */
function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/**
 * Words in a column name that reveal its meaning. A keyword matches a whole word or the start of
 * one (`kid` in `kidhome`, `visit` in `visits`); the short `age`, `num`, `yob`, `mnt` and `web` only
 * match whole words (never "average" or "usage"). `unless` words veto the meaning (a cash-advance
 * frequency is no purchase frequency); `phrases` match when all their words are there ("days since
 * last purchase"). The first meaning that matches wins.
 */
export const MEANING_KEYWORDS: { meaning: Meaning; words: string[]; unless?: string[]; phrases?: string[][] }[] = [
  { meaning: 'birthYear', words: ['birth', 'yob'] },
  { meaning: 'age', words: ['age'] },
  { meaning: 'income', words: ['income', 'salary', 'wealth'] },
  { meaning: 'deals', words: ['deal', 'discount', 'coupon', 'promo'] },
  { meaning: 'visits', words: ['visit', 'session'] },
  { meaning: 'web', words: ['web', 'online'] },
  { meaning: 'catalogue', words: ['catalog'] },
  { meaning: 'store', words: ['store', 'instore', 'offline'] },
  {
    meaning: 'recency',
    words: ['recency', 'lapsed'],
    phrases: [
      ['days', 'since'],
      ['last', 'purchase'],
      ['last', 'order'],
    ],
  },
  {
    meaning: 'frequency',
    words: ['frequency', 'purchases', 'orders', 'transactions'],
    unless: ['cash', 'advance', 'balance', 'payment', 'payments', 'credit', 'installments', 'oneoff'],
  },
  {
    meaning: 'value',
    words: ['clv', 'ltv'],
    phrases: [
      ['lifetime', 'value'],
      ['customer', 'value'],
    ],
  },
  { meaning: 'spend', words: ['spend', 'spending', 'mnt', 'amount', 'monetary', 'revenue'] },
  { meaning: 'children', words: ['kid', 'child', 'baby', 'infant'] },
  { meaning: 'teenagers', words: ['teen'] },
  { meaning: 'tenure', words: ['tenure', 'signup', 'member'], phrases: [['customer', 'since']] },
  { meaning: 'campaigns', words: ['campaign', 'cmp', 'accepted', 'response', 'responded'] },
];

const WHOLE_WORD_KEYWORDS = new Set(['age', 'num', 'yob', 'mnt', 'web', 'cmp', 'clv', 'ltv']);

/** The columns a transaction log's aggregation makes, with what they are (we made them, so we know). */
const AGGREGATED: Record<string, { label: string; meaning: Meaning | null }> = {
  recency_days: { label: 'Days since last purchase', meaning: 'recency' },
  frequency: { label: 'Number of purchases', meaning: 'frequency' },
  monetary: { label: 'Total spend', meaning: 'spend' },
  tenure_days: { label: 'Days since first purchase', meaning: 'tenure' },
  average_order_value: { label: 'Average order value', meaning: null },
  returns_count: { label: 'Returned lines', meaning: null },
  returns_value: { label: 'Value of returns', meaning: null },
  r_score: { label: 'Recency score (5 = most recent)', meaning: null },
  f_score: { label: 'Frequency score (5 = most often)', meaning: null },
  m_score: { label: 'Monetary score (5 = spends most)', meaning: null },
  rfm_group: { label: 'RFM group', meaning: null },
};

export type ColumnRole = 'file' | 'aggregated' | 'derived';

/** The meaning suggested by a column's name (whole words), or null. */
export function suggestMeaning(name: string, role: ColumnRole = 'file'): Meaning | null {
  if (role === 'aggregated' && name in AGGREGATED) return AGGREGATED[name].meaning;
  const words = nameWords(name);
  const matches = (keyword: string) =>
    words.some((w) => w === keyword || (!WHOLE_WORD_KEYWORDS.has(keyword) && w.startsWith(keyword)));
  const entry = MEANING_KEYWORDS.find(
    (e) =>
      (e.words.some(matches) || (e.phrases ?? []).some((phrase) => phrase.every((w) => words.includes(w)))) &&
      !(e.unless ?? []).some((veto) => words.includes(veto)),
  );
  return entry?.meaning ?? null;
}

/** Whole names with a label of their own (the marketing campaign table's). */
const KNOWN_NAMES: Record<string, string> = {
  kidhome: 'Small children at home',
  teenhome: 'Teenagers at home',
  yearbirth: 'Birth year',
  dtcustomer: 'Customer since',
  numwebvisitsmonth: 'Website visits per month',
  numdealspurchases: 'Purchases with a discount',
  mntgoldprods: 'Spend on gold products',
  mntsweetproducts: 'Spend on sweets',
  mntfishproducts: 'Spend on fish',
  mntmeatproducts: 'Spend on meat',
  mntfruits: 'Spend on fruit',
  mntwines: 'Spend on wine',
};

/** Short words and the words a person reads (`cmp` → campaign). */
const ABBREVIATIONS: Record<string, string> = {
  cmp: 'campaign',
  prods: 'products',
  amt: 'amount',
  qty: 'quantity',
  avg: 'average',
  pct: 'percent',
  freq: 'frequency',
  txn: 'transactions',
  trx: 'transactions',
  cnt: 'count',
  nr: 'number',
  dt: 'date',
};
/** Channels a count of purchases, orders or visits is split by ("purchases_web" → "Web purchases"). */
const CHANNELS = new Set([
  'web',
  'online',
  'store',
  'instore',
  'catalogue',
  'catalog',
  'app',
  'mobile',
  'phone',
  'email',
  'shop',
]);
/** Words after "spend" that are no category. */
const NOT_A_THING = new Set([
  'total',
  'amount',
  'score',
  'per',
  'count',
  'rate',
  'ratio',
  'average',
  'value',
  'sum',
  'all',
]);
const ACRONYMS = new Set(['id', 'clv', 'ltv', 'rfm', 'vip', 'sms', 'aov', 'kpi', 'usd', 'eur', 'gbp', 'gdp']);

/**
 * A friendly label from a column name: a name already written for people (it has spaces or
 * characters other than letters, digits, `_` and `-`) is kept as it is; a code-like name is split
 * into words, abbreviations spelled out, "Num…" and "Mnt…" read ("NumWebPurchases" → "Web
 * purchases", "MntWines" → "Spend on wine"), in sentence case. The label only rewords the name:
 * it never claims more than the name says.
 */
export function suggestLabel(name: string, role: ColumnRole = 'file'): string {
  if (role === 'aggregated' && name in AGGREGATED) return AGGREGATED[name].label;
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (KNOWN_NAMES[key]) return KNOWN_NAMES[key];
  if (/\s/.test(name.trim()) || !/^[A-Za-z0-9_-]+$/.test(name)) return name;
  const parts = splitName(name);
  if (parts.length === 0) return name;
  let words = parts.map((w) => {
    const lower = w.toLowerCase();
    if (ACRONYMS.has(lower)) return lower === 'id' ? 'ID' : lower.toUpperCase();
    return ABBREVIATIONS[lower] ?? lower;
  });
  if (words.length > 1 && words[0] === 'num') words = words.slice(1);
  if (words.length > 1 && words[0] === 'mnt') words = ['spend', 'on', ...words.slice(1)];
  // "spend_wine" → "Spend on wine"; "purchases_web" → "Web purchases" (not "spend total", "purchases per day").
  if (words.length === 2 && ['spend', 'spending'].includes(words[0]) && !NOT_A_THING.has(words[1])) {
    words = ['spend', 'on', words[1]];
  }
  if (
    words.length === 2 &&
    ['purchases', 'orders'].includes(words[0]) &&
    ['deals', 'deal', 'discount'].includes(words[1])
  ) {
    words = [words[0], 'with', 'a', 'discount'];
  } else if (words.length === 2 && ['purchases', 'orders', 'visits'].includes(words[0]) && CHANNELS.has(words[1])) {
    words = [words[1], words[0]];
  }
  if (words.length > 1 && words[words.length - 1] === 'month' && words[words.length - 2] !== 'per') {
    words = [...words.slice(0, -1), 'per', 'month'];
  }
  if (words.length > 1 && words[words.length - 1] === 'days') words = [...words.slice(0, -1), '(days)'];
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A column's meaning and label as the recipe keeps them. */
export interface ColumnMeaning {
  meaning: Meaning | null;
  label: string;
}

/** The stored columns of a recipe with meanings and labels (a column without them gets the suggestion). */
export interface MeaningSource {
  columns: { name: string; role: ColumnRole; meaning?: Meaning | null; label?: string }[];
}

/** The meaning and label of a column: the recipe's, else the suggestion from its name. */
export function columnMeaning(recipe: MeaningSource | null | undefined, name: string): ColumnMeaning {
  const column = recipe?.columns.find((c) => c.name === name);
  const role = column?.role ?? 'file';
  return {
    meaning: column?.meaning !== undefined ? column.meaning : suggestMeaning(name, role),
    label: column?.label?.trim() ? column.label : suggestLabel(name, role),
  };
}

/** The friendly label of a column (the recipe's, else suggested from its name). */
export const columnLabel = (recipe: MeaningSource | null | undefined, name: string): string =>
  columnMeaning(recipe, name).label;

/** The meanings of some columns, by name. */
export function meaningsOf(
  recipe: MeaningSource | null | undefined,
  names: readonly string[],
): Record<string, Meaning | null> {
  return Object.fromEntries(names.map((n) => [n, columnMeaning(recipe, n).meaning]));
}

/** The labels of some columns, by name. */
export function labelsOf(recipe: MeaningSource | null | undefined, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, columnMeaning(recipe, n).label]));
}

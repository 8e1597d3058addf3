/**
 * Writes resources/sample/customers.csv: 3,000 synthetic retail customers with the columns a
 * marketing team exports from its CRM, drawn from five hidden personas so that K-Means has real
 * structure to find. Seeded: running it again writes the same file byte for byte.
 *   npm run sample
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../shared/ml/random';
import { csvLine } from '../shared/csv';

const random = seededRandom(20260101);
const normal = (mean: number, sd: number) => {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
};
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const count = (mean: number, sd: number, hi = 40) => Math.round(clamp(normal(mean, sd), 0, hi));
const money = (mean: number, sd: number) => Math.round(clamp(normal(mean, sd), 0, 5000));

interface Persona {
  weight: number;
  birthYear: [number, number];
  income: [number, number];
  kids: number;
  teens: number;
  tenureDays: [number, number];
  recency: [number, number];
  /** wine, fruit, meat, fish, sweets, gold: mean spend per year */
  spend: [number, number, number, number, number, number];
  /** web, catalogue, store, deals */
  purchases: [number, number, number, number];
  webVisits: number;
  campaigns: number;
}

const personas: Persona[] = [
  // Affluent loyal: high income, big spend on wine and meat, catalogue and store, answers campaigns.
  {
    weight: 0.2,
    birthYear: [1962, 9],
    income: [82000, 9000],
    kids: 0.05,
    teens: 0.2,
    tenureDays: [1500, 300],
    recency: [20, 12],
    spend: [850, 70, 520, 110, 75, 80],
    purchases: [5, 6, 9, 1],
    webVisits: 2.5,
    campaigns: 1.6,
  },
  // Young families on a budget: low income, kids at home, small baskets, many web visits, deals.
  {
    weight: 0.28,
    birthYear: [1985, 6],
    income: [32000, 7000],
    kids: 1.1,
    teens: 0.1,
    tenureDays: [900, 350],
    recency: [45, 25],
    spend: [45, 6, 25, 8, 6, 15],
    purchases: [2, 0.5, 3, 2],
    webVisits: 7,
    campaigns: 0.1,
  },
  // Established families, deal seekers: middle income, teenagers, online and in store, many deals.
  {
    weight: 0.24,
    birthYear: [1968, 8],
    income: [55000, 8000],
    kids: 0.3,
    teens: 1,
    tenureDays: [1300, 350],
    recency: [40, 22],
    spend: [380, 22, 120, 30, 22, 50],
    purchases: [6, 2.5, 7, 4.5],
    webVisits: 6,
    campaigns: 0.3,
  },
  // Lapsed: used to buy, have not for months.
  {
    weight: 0.16,
    birthYear: [1972, 11],
    income: [48000, 12000],
    kids: 0.5,
    teens: 0.5,
    tenureDays: [1700, 250],
    recency: [88, 7],
    spend: [120, 10, 60, 12, 10, 20],
    purchases: [2.5, 1, 4, 1.5],
    webVisits: 4,
    campaigns: 0.05,
  },
  // New web shoppers: signed up recently, younger, buy online.
  {
    weight: 0.12,
    birthYear: [1992, 5],
    income: [47000, 9000],
    kids: 0.2,
    teens: 0,
    tenureDays: [120, 80],
    recency: [12, 8],
    spend: [180, 35, 160, 45, 40, 90],
    purchases: [9, 1, 2.5, 2],
    webVisits: 8,
    campaigns: 0.4,
  },
];

const header = [
  'customer_id',
  'birth_year',
  'gender',
  'education',
  'marital_status',
  'income',
  'kids_at_home',
  'teens_at_home',
  'signup_date',
  'recency_days',
  'spend_wine',
  'spend_fruit',
  'spend_meat',
  'spend_fish',
  'spend_sweets',
  'spend_gold',
  'purchases_web',
  'purchases_catalogue',
  'purchases_store',
  'purchases_deals',
  'web_visits_month',
  'campaigns_accepted',
  'responded_last_campaign',
];

const referenceDay = Date.UTC(2026, 5, 30);
const lines = [csvLine(header)];
for (let i = 0; i < 3000; i++) {
  const p = pick(
    personas,
    personas.map((x) => x.weight),
  );
  const income = clamp(normal(p.income[0], p.income[1]), 8000, 160000);
  const signup = new Date(
    referenceDay - Math.round(clamp(normal(p.tenureDays[0], p.tenureDays[1]), 10, 2400)) * 86400000,
  );
  const spendScale = clamp(normal(1, 0.15), 0.5, 1.6);
  const campaigns = Math.round(clamp(normal(p.campaigns, 0.8), 0, 5));
  lines.push(
    csvLine([
      `C${String(i + 1).padStart(5, '0')}`,
      Math.round(clamp(normal(p.birthYear[0], p.birthYear[1]), 1940, 2006)),
      pick(['Female', 'Male'], [0.52, 0.48]),
      pick(
        ['Basic', 'Secondary', 'Graduation', 'Master', 'PhD'],
        income > 60000 ? [0.02, 0.1, 0.45, 0.25, 0.18] : [0.1, 0.3, 0.45, 0.1, 0.05],
      ),
      pick(
        ['Single', 'Married', 'Together', 'Divorced', 'Widow'],
        p.kids + p.teens > 0.8 ? [0.1, 0.5, 0.3, 0.08, 0.02] : [0.35, 0.3, 0.2, 0.1, 0.05],
      ),
      random() < 0.012 ? null : Math.round(income),
      Math.round(clamp(normal(p.kids, 0.45), 0, 3)),
      Math.round(clamp(normal(p.teens, 0.45), 0, 3)),
      signup.toISOString().slice(0, 10),
      Math.round(clamp(normal(p.recency[0], p.recency[1]), 0, 99)),
      ...p.spend.map((m) => money(m * spendScale, m * 0.2)),
      ...p.purchases.map((m) => count(m * Math.sqrt(spendScale), Math.max(0.8, m * 0.25), 30)),
      count(p.webVisits, 1.3, 20),
      campaigns,
      random() < 0.08 + campaigns * 0.12 ? 1 : 0,
    ]),
  );
}

const target = fileURLToPath(new URL('../resources/sample/customers.csv', import.meta.url));
writeFileSync(target, lines.join('\n') + '\n');
console.log(`Wrote ${lines.length - 1} customers to ${target}`);

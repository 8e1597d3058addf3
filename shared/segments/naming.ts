import { columnMeaning, type Meaning } from './meanings';
import { STRATEGIES, THEME_OF_MEANING, THEME_WORDS, type Strategy, type Theme } from './playbook';
import { featureZScores, inSentence, segmentTraits, type TraitInput } from './traits';

export { nameWords } from './meanings';

/** The theme a column speaks for, from its meaning (the recipe's, else suggested from its name), with its sign. */
function themeOfColumn(input: TraitInput, feature: string): { theme: Theme; sign: 1 | -1; meaning: Meaning } | null {
  const meaning = columnMeaning(input.recipe, feature).meaning;
  return meaning === null ? null : { ...THEME_OF_MEANING[meaning], meaning };
}

/** The theme of a column from the words in its name alone (no recipe), or null. */
export function themeOf(feature: string): Theme | null {
  return themeOfColumn({ numericFeatures: [], overallMeans: [], overallStd: [], segments: [] }, feature)?.theme ?? null;
}

export interface Suggestion {
  name: string;
  strategyTitle: string;
  strategy: string;
  /** The traits that justify the strategy ("income +1.2 sd, spend +0.9 sd"); '' for the generic one. */
  because: string;
  description: string;
}

const MIN_Z = 0.4;

/** The themes a segment's traits speak for: every column of the theme agrees in direction, |z| ≥ 0.4. */
interface Themed {
  theme: Theme;
  direction: 1 | -1;
  /** The strongest column's z, signed for the theme. */
  z: number;
  /** The theme's columns with their z, as a person reads them. */
  columns: { label: string; z: number }[];
}

function segmentThemes(input: TraitInput, means: readonly number[]): Themed[] {
  const zs = featureZScores(input, means);
  const order = input.numericFeatures
    .map((feature, j) => ({ feature, j, z: zs[j] }))
    .filter((t) => Math.abs(t.z) >= MIN_Z)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  const themed: Themed[] = [];
  for (const t of order) {
    const meaning = themeOfColumn(input, t.feature);
    if (!meaning || themed.some((x) => x.theme === meaning.theme)) continue;
    const z = meaning.sign * t.z;
    const direction = z > 0 ? 1 : -1;
    // A theme speaks for the segment only when every column of that theme agrees: all of them
    // at least 0.4 standard deviations from the average, all the same way (small children up and
    // teenagers down name no family at all).
    const same = input.numericFeatures.flatMap((feature, j) => {
      const m = themeOfColumn(input, feature);
      return m?.theme === meaning.theme ? [{ feature, z: m.sign * zs[j], raw: zs[j] }] : [];
    });
    if (same.every((o) => Math.abs(o.z) >= MIN_Z && (o.z > 0 ? 1 : -1) === direction)) {
      themed.push({
        theme: meaning.theme,
        direction,
        z,
        columns: same.map((o) => ({ label: columnMeaning(input.recipe, o.feature).label, z: o.raw })),
      });
    }
  }
  return themed;
}

/** A signed value to one decimal, as people read it: "+1.2", "−0.4", and "0.0" — never "−0.0". */
export function signedTenths(value: number): string {
  const tenths = Math.round(value * 10) / 10;
  if (tenths === 0) return '0.0';
  return `${tenths > 0 ? '+' : '−'}${Math.abs(tenths).toFixed(1)}`;
}

/** "+1.2 sd" — a signed z to one decimal, never "−0.0". */
export const signedSd = (z: number): string => `${signedTenths(z)} sd`;

/** Eligible only when every condition is among the themes and met. */
const eligible = (s: Strategy, themed: Themed[]) =>
  s.when.length > 0 && s.when.every((w) => themed.some((t) => t.theme === w.theme && t.direction === w.direction));

/** The traits behind a strategy's conditions, each column's label with its z. */
const reasonsOf = (s: Strategy, themed: Themed[]): { label: string; z: number }[] =>
  s.when.flatMap((w) => themed.find((t) => t.theme === w.theme)?.columns ?? []);

/** Reasons as one line: "Income +1.2 sd, Spend on wine +0.9 sd". */
export const becauseText = (reasons: { label: string; z: number }[]): string =>
  reasons.map((c) => `${c.label} ${signedSd(c.z)}`).join(', ');

const becauseOf = (s: Strategy, themed: Themed[]): string => becauseText(reasonsOf(s, themed));

/**
 * Suggested names and strategies from the centroids: the strongest recognised traits
 * (|z| ≥ 0.4) give an adjective and a noun ("Affluent big spenders", "Lapsed light spenders"),
 * the strongest playbook entry whose every condition is met gives the strategy, with the traits
 * that justify it. Names are made unique.
 */
export function suggestSegments(input: TraitInput): Suggestion[] {
  const used = new Set<string>();
  return input.segments.map((segment, index) => {
    const traits = segmentTraits(input, segment.cluster, input.numericFeatures.length).filter(
      (t) => Math.abs(t.z) >= MIN_Z,
    );
    const themed = segmentThemes(input, segment.means);
    const words = themed.map((t) => ({
      ...THEME_WORDS[t.theme],
      word: t.direction > 0 ? THEME_WORDS[t.theme].high : THEME_WORDS[t.theme].low,
    }));
    const adjectives = words.filter((w) => w.kind === 'adjective').map((w) => w.word);
    const nouns = words.filter((w) => w.kind === 'noun').map((w) => w.word);
    let name = [adjectives[0], nouns[0] ?? (adjectives[0] ? 'customers' : undefined)].filter(Boolean).join(' ');
    if (name === '') name = traits.length > 0 ? 'Typical customers' : 'Average customers';
    name = name.charAt(0).toUpperCase() + name.slice(1);
    // Make it unique with the next distinguishing word, then a number.
    const extra = [...adjectives.slice(1), ...nouns.slice(1)];
    for (const word of extra) {
      if (!used.has(name)) break;
      name = `${name}, ${word.toLowerCase()}`;
    }
    if (used.has(name)) name = `${name} (${index + 1})`;
    used.add(name);

    const strength = (s: Strategy) =>
      s.when.reduce((sum, w) => sum + Math.abs(themed.find((t) => t.theme === w.theme)?.z ?? 0), 0) / s.when.length;
    const chosen =
      STRATEGIES.filter((s) => eligible(s, themed)).sort((a, b) => strength(b) - strength(a))[0] ??
      (STRATEGIES.find((s) => s.when.length === 0) as Strategy);
    return {
      name,
      strategyTitle: chosen.title,
      strategy: `${chosen.title}: ${chosen.text}`,
      because: becauseOf(chosen, themed),
      description: describeTraits(traits),
    };
  });
}

/**
 * Why a segment's strategy fits, from the numbers now: when the strategy is still a playbook one
 * (its text starts with the title) and its conditions are met, the traits behind it; else null (a
 * strategy written by the user, or one whose conditions the segment does not meet).
 */
export function strategyReasons(
  input: TraitInput,
  cluster: number,
  strategy: string,
): { label: string; z: number }[] | null {
  const segment = input.segments.find((s) => s.cluster === cluster);
  const chosen = STRATEGIES.find((s) => s.when.length > 0 && strategy.startsWith(`${s.title}:`));
  if (!segment || !chosen) return null;
  const themed = segmentThemes(input, segment.means);
  return eligible(chosen, themed) ? reasonsOf(chosen, themed) : null;
}

/** {@link strategyReasons} as one line, or null. */
export function strategyBecause(input: TraitInput, cluster: number, strategy: string): string | null {
  const reasons = strategyReasons(input, cluster, strategy);
  return reasons ? becauseText(reasons) : null;
}

const listWords = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** One plain sentence from the strongest traits: "Customers with Income well above average and …". */
export function describeTraits(traits: { feature: string; label?: string; z: number }[]): string {
  const strongest = traits.slice(0, 3);
  if (strongest.length === 0) return 'Close to the average customer on every feature.';
  const phrases = strongest.map((t) => {
    const size = Math.abs(t.z);
    const adverb = size >= 2 ? 'far ' : size >= 1 ? 'well ' : '';
    return `${inSentence(t.label ?? t.feature)} ${adverb}${t.z > 0 ? 'above' : 'below'} average`;
  });
  return `Customers with ${listWords(phrases)}.`;
}

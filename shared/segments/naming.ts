import { STRATEGIES, THEME_KEYWORDS, THEME_WORDS, type Strategy, type Theme } from './playbook';
import { segmentTraits, type TraitInput } from './traits';

/** The theme of a column from the words in its name, or null. */
export function themeOf(feature: string): Theme | null {
  const name = feature.toLowerCase();
  return THEME_KEYWORDS.find((entry) => entry.words.some((w) => name.includes(w)))?.theme ?? null;
}

export interface Suggestion {
  name: string;
  strategyTitle: string;
  strategy: string;
  description: string;
}

const MIN_Z = 0.4;

/**
 * Suggested names and strategies from the centroids: the strongest recognised traits
 * (|z| ≥ 0.4) give an adjective and a noun ("Affluent big spenders", "Lapsed light spenders"),
 * the playbook entry matching most of them gives the strategy. Names are made unique.
 */
export function suggestSegments(input: TraitInput): Suggestion[] {
  const used = new Set<string>();
  return input.segments.map((segment, index) => {
    const traits = segmentTraits(input, segment.cluster, input.numericFeatures.length).filter(
      (t) => Math.abs(t.z) >= MIN_Z,
    );
    const themed: { theme: Theme; direction: 1 | -1; z: number }[] = [];
    for (const t of traits) {
      const theme = themeOf(t.feature);
      if (theme && !themed.some((x) => x.theme === theme)) themed.push({ theme, direction: t.z > 0 ? 1 : -1, z: t.z });
    }
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

    const score = (s: Strategy) =>
      s.when.length === 0
        ? 0.1
        : s.when.reduce((sum, w) => {
            const hit = themed.find((t) => t.theme === w.theme && t.direction === w.direction);
            return sum + (hit ? Math.abs(hit.z) : 0);
          }, 0) / s.when.length;
    const strategy = STRATEGIES.reduce((best, s) => (score(s) > score(best) ? s : best), STRATEGIES[0]);
    const chosen = score(strategy) > 0.1 ? strategy : (STRATEGIES.find((s) => s.id === 'cross-sell') as Strategy);
    return {
      name,
      strategyTitle: chosen.title,
      strategy: `${chosen.title}: ${chosen.text}`,
      description: describeTraits(traits),
    };
  });
}

const listWords = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** One plain sentence from the strongest traits: "Customers with Income well above average and …". */
export function describeTraits(traits: { feature: string; z: number }[]): string {
  const strongest = traits.slice(0, 3);
  if (strongest.length === 0) return 'Close to the average customer on every feature.';
  const phrases = strongest.map((t) => {
    const size = Math.abs(t.z);
    const adverb = size >= 2 ? 'far ' : size >= 1 ? 'well ' : '';
    return `${t.feature} ${adverb}${t.z > 0 ? 'above' : 'below'} average`;
  });
  return `Customers with ${listWords(phrases)}.`;
}

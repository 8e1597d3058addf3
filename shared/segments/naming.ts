import { STRATEGIES, THEME_KEYWORDS, THEME_WORDS, WHOLE_WORD_KEYWORDS, type Strategy, type Theme } from './playbook';
import { featureZScores, segmentTraits, type TraitInput } from './traits';

/** A column name's words, lower case: camelCase, snake_case, spaces and digits split (`NumWebPurchases` → num, web, purchases). */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** The theme of a column from the words in its name (whole words, or word starts), or null. */
export function themeOf(feature: string): Theme | null {
  const words = nameWords(feature);
  const matches = (keyword: string) =>
    words.some((w) => w === keyword || (!WHOLE_WORD_KEYWORDS.has(keyword) && w.startsWith(keyword)));
  const entry = THEME_KEYWORDS.find(
    (e) =>
      (e.words.some(matches) || (e.phrases ?? []).some((phrase) => phrase.every((w) => words.includes(w)))) &&
      !(e.unless ?? []).some((veto) => words.includes(veto)),
  );
  return entry?.theme ?? null;
}

/**
 * A column's meaning for naming: its theme, with a birth year read as age the other way round
 * (a late birth year is a young customer), so the two can never name a segment against each other.
 */
function meaningOf(feature: string): { theme: Theme; sign: 1 | -1 } | null {
  const theme = themeOf(feature);
  if (!theme) return null;
  return theme === 'birthYear' ? { theme: 'age', sign: -1 } : { theme, sign: 1 };
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
    // A theme speaks for the segment only when every column of that theme agrees: all of them
    // at least 0.4 standard deviations from the average, all the same way (Kidhome up and Teenhome
    // down name no family at all).
    const zs = featureZScores(input, segment.means);
    const themed: { theme: Theme; direction: 1 | -1; z: number }[] = [];
    for (const t of traits) {
      const meaning = meaningOf(t.feature);
      if (!meaning || themed.some((x) => x.theme === meaning.theme)) continue;
      const z = meaning.sign * t.z;
      const direction = z > 0 ? 1 : -1;
      const same = zs.flatMap((other, j) => {
        const m = meaningOf(input.numericFeatures[j]);
        return m?.theme === meaning.theme ? [m.sign * other] : [];
      });
      if (same.every((o) => Math.abs(o) >= MIN_Z && (o > 0 ? 1 : -1) === direction)) {
        themed.push({ theme: meaning.theme, direction, z });
      }
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

    // Eligible only when every condition is among the themes and met; the strongest eligible wins.
    const eligible = (s: Strategy) =>
      s.when.length > 0 && s.when.every((w) => themed.some((t) => t.theme === w.theme && t.direction === w.direction));
    const strength = (s: Strategy) =>
      s.when.reduce((sum, w) => sum + Math.abs(themed.find((t) => t.theme === w.theme)?.z ?? 0), 0) / s.when.length;
    const chosen =
      STRATEGIES.filter(eligible).sort((a, b) => strength(b) - strength(a))[0] ??
      (STRATEGIES.find((s) => s.when.length === 0) as Strategy);
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

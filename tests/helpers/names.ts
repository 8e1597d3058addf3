import { columnMeaning } from '../../shared/segments/meanings';
import { THEME_OF_MEANING, THEME_WORDS, type Theme } from '../../shared/segments/playbook';
import { featureZScores, type TraitInput } from '../../shared/segments/traits';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A phrase as a whole (not inside "non-catalogue buyers" for "catalogue buyers"). */
const contains = (name: string, phrase: string) =>
  new RegExp(`(?<![\\w-])${escape(phrase.toLowerCase())}(?![\\w-])`).test(name.toLowerCase());

/** The themes a name claims, with their direction, read back from the playbook's words. */
export function nameClaims(name: string): { theme: Theme; direction: 1 | -1 }[] {
  const found: { theme: Theme; direction: 1 | -1 }[] = [];
  for (const [theme, words] of Object.entries(THEME_WORDS) as [Theme, (typeof THEME_WORDS)[Theme]][]) {
    if (contains(name, words.high)) found.push({ theme, direction: 1 });
    if (contains(name, words.low)) found.push({ theme, direction: -1 });
  }
  return found;
}

/**
 * Every way a suggested name contradicts its segment's numbers: a claimed theme with a column of
 * that meaning less than 0.4 standard deviations from the average, or on the other side of it.
 */
export function nameContradictions(input: TraitInput, suggestions: { name: string }[]): string[] {
  const problems: string[] = [];
  suggestions.forEach((suggestion, s) => {
    const zs = featureZScores(input, input.segments[s].means);
    for (const claim of nameClaims(suggestion.name)) {
      input.numericFeatures.forEach((feature, j) => {
        const meaning = columnMeaning(input.recipe, feature).meaning;
        if (meaning === null || THEME_OF_MEANING[meaning].theme !== claim.theme) return;
        const z = THEME_OF_MEANING[meaning].sign * zs[j];
        if (Math.abs(z) < 0.4 || Math.sign(z) !== claim.direction) {
          problems.push(
            `"${suggestion.name}" claims ${claim.theme} ${claim.direction > 0 ? 'high' : 'low'}, ${feature} z = ${zs[j].toFixed(2)}`,
          );
        }
      });
    }
  });
  return problems;
}

/**
 * Bidirectional-text controls that reorder what follows them: embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). In a name from a file they can make `‮gnp.exe`
 * read as "exe.png"; shown, they are replaced by a visible mark. (The left-to-right and
 * right-to-left marks U+200E/U+200F, which real Hebrew and Arabic text uses, are kept.)
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const NAMES: Record<string, string> = {
  '\u202a': 'LRE',
  '\u202b': 'RLE',
  '\u202c': 'PDF',
  '\u202d': 'LRO',
  '\u202e': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

export const hasBidiControls = (text: string): boolean => /[\u202a-\u202e\u2066-\u2069]/.test(text);

/** The text with each bidi control as a visible mark: `‮gnp.exe` → `[RLO]gnp.exe`. */
export const visibleBidi = (text: string): string => text.replace(BIDI_CONTROLS, (c) => `[${NAMES[c]}]`);

/** Each bidi control named with its code point, for the report's appendix: "RLO (U+202E)". */
export const bidiControlNames = (text: string): string[] =>
  [...new Set(text.match(BIDI_CONTROLS) ?? [])].map(
    (c) => `${NAMES[c]} (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
  );

/**
 * Text for a place that cannot isolate it with markup (a chart label, a window title): bidi
 * controls made visible, and the whole wrapped in first-strong isolate … pop directional isolate,
 * so it neither reorders nor is reordered by what stands around it.
 */
export const isolated = (text: string): string => `\u2068${visibleBidi(text)}\u2069`;

/** Cells that mean "no value" in the exports marketing teams have (compared trimmed, lower case). */
export const MISSING_CELLS = ['', 'na', 'n/a', 'nan', 'null', 'none', '#n/a', '-', '?'] as const;

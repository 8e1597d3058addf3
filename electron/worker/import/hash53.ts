/**
 * FNV-1a and djb2 combined into 53 bits: distinct counts over millions of cells without keeping
 * the cells (a Set of numbers, not of strings). Both readers count distinct values with it.
 */
export function hash53(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = (Math.imul(h2, 33) + c) | 0;
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

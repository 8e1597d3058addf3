/** A seeded source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Mulberry32: a small, fast 32-bit generator; good enough for seeding K-Means and sampling,
 * and identical on every platform so the same seed gives the same segments.
 */
export function seededRandom(seed: number): RandomSource {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random integer in [0, n). */
export function randomInt(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** `size` distinct indices from [0, n), sorted ascending (partial Fisher–Yates). */
export function sampleIndices(random: RandomSource, n: number, size: number): Int32Array {
  const take = Math.min(size, n);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < take; i++) {
    const j = i + randomInt(random, n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, take).sort();
}

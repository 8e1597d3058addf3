/**
 * Distinct values counted over millions of cells without keeping the cells: each text is hashed
 * into 53 bits (FNV-1a and djb2 combined) and the hashes are kept in an open-addressing table of
 * doubles. Written by hand because a JavaScript `Set` of such numbers boxes every one of them
 * (a million distinct customer ids cost about a second and 50 MB); this table costs 16 bytes a
 * value at most and no allocation per cell. Both the sample's kind inference and the reader use it.
 */

/** The 53-bit hash of a text (exact as a double). */
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

export class DistinctCounter {
  /** Distinct hashes seen (up to `limit`: counting stops there, memory stays bounded). */
  size = 0;
  private keys: Float64Array;
  private mask: number;
  /** The hash 0 cannot be told from an empty slot: it is counted apart. */
  private zero = false;

  constructor(
    readonly limit: number,
    capacity = 64,
  ) {
    this.keys = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /**
   * While every text comes after the one before (ids in order, as most exports list them), the
   * texts are distinct without looking: their hashes are only listed, and go into the table when
   * one comes out of order. (A million ids put into the table cost a third of a second: each
   * lands in a random place of 16 MB, out of the processor's cache.)
   */
  private ascending: Float64Array | null = new Float64Array(256);
  private listed = 0;
  private last = '';

  /** Count a text (as it is: trim it first if it should be). */
  add(text: string): void {
    if (this.size >= this.limit) return;
    if (this.ascending) {
      if (this.listed === 0 || text > this.last) {
        if (this.listed === this.ascending.length) {
          const longer = new Float64Array(this.listed * 2);
          longer.set(this.ascending);
          this.ascending = longer;
        }
        this.ascending[this.listed++] = hash53(text);
        this.last = text;
        this.size++;
        return;
      }
      this.tableFromList();
    }
    this.addHash(hash53(text));
  }

  /** The listed hashes into the table (from here on every text goes there). */
  private tableFromList(): void {
    const listed = this.ascending?.subarray(0, this.listed) ?? new Float64Array(0);
    this.ascending = null;
    this.size = 0;
    for (let i = 0; i < listed.length; i++) this.addHash(listed[i]);
  }

  addHash(hash: number): void {
    if (this.ascending) this.tableFromList();
    if (this.size >= this.limit) return;
    if (hash === 0) {
      if (!this.zero) {
        this.zero = true;
        this.size++;
      }
      return;
    }
    // The slot from the hash's low 32 bits, mixed (the low bits come from djb2, the high from FNV-1a).
    let slot = (Math.imul((hash % 4294967296) | 0, 0x9e3779b1) ^ ((hash / 2097152) | 0)) & this.mask;
    const keys = this.keys;
    for (;;) {
      const key = keys[slot];
      if (key === hash) return;
      if (key === 0) break;
      slot = (slot + 1) & this.mask;
    }
    keys[slot] = hash;
    this.size++;
    // At half full, twice the room.
    if (this.size * 2 > keys.length) this.grow();
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    this.mask = this.keys.length - 1;
    const count = this.size - (this.zero ? 1 : 0);
    const zero = this.zero;
    this.size = 0;
    this.zero = false;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.addHash(old[i]);
    if (zero) this.addHash(0);
    if (this.size !== count + (zero ? 1 : 0)) throw new Error('DistinctCounter: rehash lost values');
  }
}

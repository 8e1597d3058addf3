import { describe, expect, it } from 'vitest';
import { readRateText } from '../../shared/progressText';

describe('progress of a long read', () => {
  it('says how much is read of the total, how fast, and how long is left', () => {
    const mb = 2 ** 20;
    expect(readRateText(0, 47 * mb, 0)).toBe('0.0 of 47.0 MB');
    expect(readRateText(12 * mb, 47 * mb, 500)).toBe('12.0 of 47.0 MB');
    expect(readRateText(16 * mb, 48 * mb, 2000)).toBe('16.0 of 48.0 MB, 8.0 MB/s, about 4 s left');
    expect(readRateText(1 * mb, 601 * mb, 1000)).toBe('1.0 of 601.0 MB, 1.0 MB/s, about 10 min left');
    expect(readRateText(48 * mb, 48 * mb, 6000)).toBe('48.0 of 48.0 MB, 8.0 MB/s');
    // A compressed file's total is its compressed size: never "12 of 5 MB".
    expect(readRateText(12 * mb, 5 * mb, 500)).toBe('12.0 of 12.0 MB');
  });
});

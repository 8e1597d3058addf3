import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, hasErrorCode } from '../../shared/errorCodes';
import { AppError } from '../../shared/errors';

const root = new URL('../../', import.meta.url).pathname;
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('error codes', () => {
  it('are listed once each', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('are each used somewhere (a code nobody raises is a stale promise to scripts)', () => {
    const code = ['electron', 'shared', 'renderer']
      .flatMap((d) => sources(join(root, d)))
      .map((f) => readFileSync(f, 'utf8'));
    const listing = readFileSync(join(root, 'shared/errorCodes.ts'), 'utf8');
    const unused = ERROR_CODES.filter((c) => !code.some((text) => text !== listing && text.includes(`'${c}'`)));
    expect(unused).toEqual([]);
  });

  it('are told apart by hasErrorCode, whatever the error object', () => {
    expect(hasErrorCode(new AppError('CSV_MALFORMED', 'x'), 'CSV_MALFORMED')).toBe(true);
    expect(hasErrorCode({ code: 'CSV_RAGGED' }, 'CSV_MALFORMED')).toBe(false);
    expect(hasErrorCode(null, 'CSV_MALFORMED')).toBe(false);
  });
});

/**
 * A file the worker writes for the command line (assign --out): whole under its name or not there
 * at all, and a failure named with the file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOut } from '../../electron/worker/writeOut';
import { AppError } from '../../shared/errors';

const dir = mkdtempSync(join(tmpdir(), 'segment-writeout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOut', () => {
  it('writes the pieces in order under the name, and returns what the filling returns', () => {
    const path = join(dir, 'out.csv');
    const result = writeOut(path, (write) => {
      write('a,b\r\n');
      write(new Uint8Array([0x31, 0x2c, 0x32, 0x0d, 0x0a]));
      return 2;
    });
    expect(result).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('leaves the file that was there, and nothing beside it, when the filling fails', () => {
    const path = join(dir, 'kept.csv');
    writeFileSync(path, 'before');
    const failing = () =>
      writeOut(path, (write) => {
        write('half of it');
        throw new AppError('TOO_LARGE', 'too much');
      });
    expect(failing).toThrow('too much');
    expect(readFileSync(path, 'utf8')).toBe('before');
    expect(readdirSync(dir).filter((name) => name.startsWith('kept.csv'))).toEqual(['kept.csv']);
  });

  it('names the file and why when its folder does not exist', () => {
    const path = join(dir, 'missing', 'out.csv');
    expect(() => writeOut(path, (write) => write('x'))).toThrow(
      expect.objectContaining({
        code: 'FILE_NOT_WRITTEN',
        message: `${path} could not be written (ENOENT): check that its folder exists and can be written to.`,
      }),
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

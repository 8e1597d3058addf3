import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { AppError } from '../../shared/errors';

/**
 * A file written by the worker (the command line's --out), piece by piece as `fill` hands them
 * over, into a file beside it that takes its name only once complete (a failure leaves no partial
 * file under the name); a failure to open or write it is named, with the file and why.
 */
export function writeOut<T>(path: string, fill: (write: (piece: string | Uint8Array) => void) => T): T {
  const failed = (error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    // Only the file system's errors are the file's; anything else is what it is.
    if (error instanceof AppError || typeof code !== 'string') throw error;
    throw new AppError(
      code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_NOT_WRITTEN',
      code === 'ENOSPC'
        ? `${path} could not be written: the disk is full. Free some space and run the command again.`
        : `${path} could not be written (${code}): check that its folder exists and can be written to.`,
    );
  };
  const partial = `${path}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (error) {
    return failed(error);
  }
  let done = false;
  try {
    const result = fill((piece) => {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    });
    closeSync(fd);
    fd = -1;
    renameSync(partial, path);
    done = true;
    return result;
  } catch (error) {
    return failed(error);
  } finally {
    if (fd >= 0) closeSync(fd);
    if (!done) rmSync(partial, { force: true });
  }
}

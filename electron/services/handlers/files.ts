import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../../shared/worker/messages';
import { cutAtLastLineBreak } from '../../../shared/import/prefix';
import { isParquet, isWorkbook } from '../../../shared/import/fileKind';

/** The first `limit` bytes of a file (all of it by default) and its size; a missing file is named. */
export function readPrefix(
  fileName: string,
  path: string,
  limit = Infinity,
): { bytes: Uint8Array; totalBytes: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${fileName} is not there any more (moved, renamed or deleted). Choose it again.`,
    );
  }
  try {
    const totalBytes = fstatSync(fd).size;
    const length = Math.min(limit, totalBytes);
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read), totalBytes };
  } finally {
    closeSync(fd);
  }
}

export function fileSource(args: { content?: string; contentBase64?: string }): FileSource {
  return args.content !== undefined
    ? { text: args.content }
    : { bytes: Buffer.from(args.contentBase64 ?? '', 'base64') };
}

export type OpenedFiles = ReturnType<typeof createOpenedFiles>;

/** Files the desktop shell opened for the user, by token: the renderer never names a path. */
export function createOpenedFiles() {
  const openedFiles = new Map<string, string>();
  /** Hand out a token for a file the user chose in the desktop shell (menu, "Open with", drop). */
  function registerOpenedFile(path: string): string {
    const token = randomBytes(16).toString('hex');
    openedFiles.set(token, path);
    return token;
  }
  function openedPath(token: string): string {
    const path = openedFiles.get(token);
    if (!path) {
      throw new AppError('FILE_NOT_OPEN', 'That file is no longer open in the app: open it again from the File menu.');
    }
    return path;
  }
  /** A call's file: its text or bytes, or (a file token) the file on disk. */
  const sourceOf = (args: { content?: string; contentBase64?: string; fileToken?: string }) =>
    args.fileToken !== undefined ? { path: openedPath(args.fileToken) } : fileSource(args);
  /** A call's file as text or bytes for a preview: an opened file's first `prefix` bytes. */
  const bytesOf = (args: { content?: string; contentBase64?: string; fileToken?: string }, prefix: number) => {
    const source = sourceOf(args);
    if (!('path' in source)) return { source, totalBytes: undefined };
    const name = basename(source.path);
    const head = readPrefix(name, source.path, prefix);
    // A workbook (a zip) or a Parquet file (its schema is at its end) cannot be cut: it is read whole.
    const { bytes, totalBytes } =
      head.bytes.length < head.totalBytes && (isWorkbook(name, head.bytes) || isParquet(head.bytes))
        ? readPrefix(name, source.path)
        : head;
    if (bytes.length === totalBytes) return { source: { bytes }, totalBytes: undefined };
    return { source: { bytes: cutAtLastLineBreak(bytes) ?? bytes }, totalBytes };
  };

  return { register: registerOpenedFile, sourceOf, bytesOf };
}

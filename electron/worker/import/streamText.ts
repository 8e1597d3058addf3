import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import type { FileSource, StreamSource } from '../../../shared/worker/messages';
import {
  badGzip,
  decodeWindows1252,
  gunzipped,
  isGzip,
  invalidBytes,
  refuseGarbledWestern,
  strictDecoder,
  textStart,
  type TextEncodingName,
} from './decode';

/** A file (a path or bytes) as text, a chunk at a time: the streaming import's reading and decoding. */

/**
 * The file's bytes a chunk at a time, unpacked when it is a gzip file (a .csv.gz); `read` is how
 * many of the file's own bytes each chunk took (progress counts those).
 */
async function* bytesOf(
  fileName: string,
  source: StreamSource,
  ready: () => Promise<void>,
  chunkBytes: number,
): AsyncGenerator<{ chunk: Uint8Array; read: number }> {
  if ('bytes' in source) {
    const packed = isGzip(source.bytes);
    const bytes = packed ? gunzipped(fileName, source.bytes) : source.bytes;
    const ratio = bytes.length > 0 ? source.bytes.length / bytes.length : 1;
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      await ready();
      const chunk = bytes.subarray(at, at + chunkBytes);
      yield { chunk, read: packed ? chunk.length * ratio : chunk.length };
    }
    return;
  }
  const file = createReadStream(source.path, { highWaterMark: chunkBytes });
  if (!gzipFile(source.path)) {
    for await (const chunk of file) {
      await ready();
      yield { chunk: chunk as Buffer, read: (chunk as Buffer).length };
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  pipeline(file, gunzip, () => {});
  let counted = 0;
  try {
    for await (const chunk of gunzip) {
      await ready();
      yield { chunk: chunk as Buffer, read: file.bytesRead - counted };
      counted = file.bytesRead;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw badGzip(fileName);
    throw error;
  }
}

/** Whether a file on disk starts with gzip's signature. */
function gzipFile(path: string): boolean {
  const head = new Uint8Array(2);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, 2, 0) === 2 && isGzip(head);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function sourceSize(fileName: string, source: StreamSource | FileSource): number {
  if ('text' in source) return source.text.length;
  if ('bytes' in source) return source.bytes.length;
  try {
    return statSync(source.path).size;
  } catch {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${fileName} is not there any more (moved, renamed or deleted). Choose it again.`,
    );
  }
}

/**
 * The file as text chunks: the encoding chosen, or read from a byte-order mark, or UTF-8 when the
 * first chunk is valid UTF-8 and Windows-1252 when it is not. A later byte that is not UTF-8
 * raises `EncodingChanged`, and the import starts again in Windows-1252.
 */
export class EncodingChanged extends Error {}

export async function* textOf(
  fileName: string,
  source: StreamSource | FileSource,
  chosen: TextEncodingName | undefined,
  onEncoding: (encoding: TextEncodingName) => void,
  onBytes: (bytes: number) => void,
  ready: () => Promise<void>,
  chunkBytes: number,
): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let encoding: TextEncodingName | null = null;
  // Bytes the decoder refuses: a detected UTF-8 turns out not to be (read again as Windows-1252);
  // in an encoding that was chosen or marked, they are an error.
  const refused = (): never => {
    if (!chosen && encoding === 'UTF-8') throw new EncodingChanged();
    throw invalidBytes(fileName, encoding ?? 'UTF-8');
  };
  // Until a byte above 127 comes, UTF-8 text is ASCII: read as Latin-1, a plain copy (several
  // times faster than decoding), with nothing left pending in the decoder.
  let ascii = true;
  const decode = (chunk: Uint8Array): string => {
    if (!decoder) return decodeWindows1252(chunk);
    if (ascii && encoding === 'UTF-8' && isAscii(chunk)) {
      return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
    }
    ascii = false;
    try {
      return decoder.decode(chunk, { stream: true });
    } catch {
      return refused();
    }
  };
  /** The encoding is decided on the file's first 64 KB (or all of it), whatever the read size. */
  const decide = (head: Uint8Array): Uint8Array => {
    const start = textStart(head, fileName, chosen);
    encoding = start.encoding;
    if (!encoding) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(start.body, { stream: true });
        encoding = 'UTF-8';
      } catch {
        refuseGarbledWestern(fileName, start.body);
        encoding = 'Windows-1252';
      }
    }
    onEncoding(encoding);
    if (encoding !== 'Windows-1252') decoder = strictDecoder(encoding);
    return start.body;
  };
  if ('text' in source) {
    // Text handed over as text (already decoded), in slices of the read size; a byte-order mark is not text.
    const body = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
    for (let at = 0; at < body.length; at += chunkBytes) {
      await ready();
      onBytes(Math.min(chunkBytes, body.length - at));
      yield body.slice(at, at + chunkBytes);
    }
    return;
  }
  const head: Uint8Array[] = [];
  let headBytes = 0;
  for await (const { chunk, read } of bytesOf(fileName, source, ready, chunkBytes)) {
    onBytes(read);
    if (encoding === null) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < DECIDE_BYTES) continue;
      yield decode(decide(Buffer.concat(head)));
      head.length = 0;
      continue;
    }
    yield decode(chunk);
  }
  if (encoding === null) {
    if (headBytes === 0) return;
    yield decode(decide(Buffer.concat(head)));
  }
  if (!decoder) return;
  let rest = '';
  try {
    rest = (decoder as InstanceType<typeof TextDecoder>).decode();
  } catch {
    refused();
  }
  yield rest;
}

/** Bytes read before the encoding is decided. */
const DECIDE_BYTES = 1 << 16;

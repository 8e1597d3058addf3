import { AppError } from '../../../shared/errors';

/** An Excel workbook: by its name, or by the zip signature its bytes start with. */
export const isWorkbook = (fileName: string, bytes: Uint8Array): boolean =>
  /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

export type TextEncodingName = 'UTF-8' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';

/**
 * Decode a text file's bytes: a byte-order mark decides (UTF-8, UTF-16 LE/BE, as Excel's
 * "Unicode text" writes); without one, UTF-8 when the bytes are valid UTF-8, else Windows-1252
 * (what Excel on Windows writes as "CSV"), so names like Müller and José come through intact.
 */
export function decodeText(bytes: Uint8Array, fileName: string): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16 LE' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16 BE' };
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    throw new AppError(
      'BINARY_FILE',
      `${fileName} does not look like a text file (it contains binary data). Save it as CSV (or "Unicode text") and try again.`,
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
  }
}

/** Windows-1252's characters for bytes 0x80–0x9F (the rest match Latin-1 and Unicode). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 by hand: Node's TextDecoder treats the label as ISO-8859-1, which turns the euro
 * sign, curly quotes and dashes (0x80–0x9F) into invisible control characters.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const chunk: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    chunk.push(b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    if (chunk.length === 8192) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

import { AppError } from '../../../shared/errors';

/** An Excel workbook: by its name, or by the zip signature its bytes start with. */
export const isWorkbook = (fileName: string, bytes: Uint8Array): boolean =>
  /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

export type TextEncodingName = 'UTF-8' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';

const BYTE_ORDER_MARKS: [TextEncodingName, number[]][] = [
  ['UTF-8', [0xef, 0xbb, 0xbf]],
  ['UTF-16 LE', [0xff, 0xfe]],
  ['UTF-16 BE', [0xfe, 0xff]],
];

/**
 * How a text file starts: the encoding chosen, or the one its byte-order mark names (the mark is
 * dropped from `body` when it agrees), or null when the bytes must tell (binary data is refused
 * then). Every reader — whole file or streamed — starts here.
 */
export function textStart(
  bytes: Uint8Array,
  fileName: string,
  chosen?: TextEncodingName,
): { encoding: TextEncodingName | null; body: Uint8Array } {
  const bom = BYTE_ORDER_MARKS.find(([, marks]) => marks.every((b, i) => bytes[i] === b));
  const body = bom && (!chosen || chosen === bom[0]) ? bytes.subarray(bom[1].length) : bytes;
  const encoding = chosen ?? bom?.[0] ?? null;
  if (!encoding && body.subarray(0, 8192).includes(0)) {
    throw new AppError(
      'BINARY_FILE',
      `${fileName} does not look like a text file (it contains binary data). Save it as CSV (or "Unicode text") and try again.`,
    );
  }
  return { encoding, body };
}

/** The label TextDecoder knows a Unicode encoding by. */
export const decoderLabel = (encoding: Exclude<TextEncodingName, 'Windows-1252'>): string =>
  encoding === 'UTF-8' ? 'utf-8' : encoding === 'UTF-16 LE' ? 'utf-16le' : 'utf-16be';

/**
 * Decode a text file's bytes with the encoding chosen, or: a byte-order mark decides (UTF-8,
 * UTF-16 LE/BE, as Excel's "Unicode text" writes); without one, UTF-8 when the bytes are valid
 * UTF-8, else Windows-1252 (what Excel on Windows writes as "CSV"), so names like Müller and José
 * come through intact.
 */
export function decodeText(
  bytes: Uint8Array,
  fileName: string,
  chosen?: TextEncodingName,
): { text: string; encoding: TextEncodingName } {
  const { encoding, body } = textStart(bytes, fileName, chosen);
  if (encoding === 'Windows-1252') return { text: decodeWindows1252(body), encoding };
  if (encoding) return { text: new TextDecoder(decoderLabel(encoding)).decode(body), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'Windows-1252' };
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

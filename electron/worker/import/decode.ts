import { constants, gunzipSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import { encodingLabel, encodingTitle, type TextEncodingName } from '../../../shared/import/encodings';

export type { TextEncodingName } from '../../../shared/import/encodings';

/** A gzip file (a .csv.gz): its CSV inside is read as any other. */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The error for a gzip file that cannot be unpacked, naming it. */
export const badGzip = (fileName: string): AppError =>
  new AppError(
    'BINARY_FILE',
    `${fileName} is a compressed (gzip) file that cannot be unpacked (damaged or cut short): unpack it with 7-Zip or "gunzip" to see what is wrong.`,
  );

/**
 * A gzip file's contents. A file cut short (a preview reads only its first megabytes) gives what
 * its complete part holds; a damaged one is named.
 */
export function gunzipped(fileName: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    throw badGzip(fileName);
  }
}

const BYTE_ORDER_MARKS: [TextEncodingName, number[]][] = [
  ['UTF-8', [0xef, 0xbb, 0xbf]],
  ['UTF-16 LE', [0xff, 0xfe]],
  ['UTF-16 BE', [0xfe, 0xff]],
];

/** Files that are not text, known by their first bytes: what they are and what to do instead. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an old Excel workbook (.xls): open it in Excel and save it as .xlsx or CSV',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document: export the table from where it came as CSV or .xlsx' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image, not a table' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image, not a table' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database: export the table as CSV' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a compressed (7z) archive: unpack it first' },
];

/**
 * UTF-16 without a byte-order mark, told by its zero bytes: text that is mostly ASCII has a zero
 * in every other byte (the high byte: odd positions in little-endian, even in big-endian).
 */
function utf16WithoutMark(bytes: Uint8Array): TextEncodingName | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const half = n / 2;
  if (zeroOdd > 0.3 * half && zeroEven < 0.02 * half) return 'UTF-16 LE';
  if (zeroEven > 0.3 * half && zeroOdd < 0.02 * half) return 'UTF-16 BE';
  return null;
}

/** Control characters that no text table holds (tab, line breaks, form feed and DOS's end mark aside). */
function controlShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 0x1a) || b === 0x7f) control++;
  }
  return control / n;
}

function notText(fileName: string, why: string): AppError {
  return new AppError('BINARY_FILE', `${fileName} is not a text table: ${why}.`);
}

/**
 * How a text file starts: the encoding chosen, or the one its byte-order mark names (the mark is
 * dropped from `body` when it agrees), or UTF-16 told by its zero bytes, or null when the bytes
 * must tell. Binary data is refused, naming what it looks like. Every reader — whole file or
 * streamed — starts here.
 */
export function textStart(
  bytes: Uint8Array,
  fileName: string,
  chosen?: TextEncodingName,
): { encoding: TextEncodingName | null; body: Uint8Array } {
  const bom = BYTE_ORDER_MARKS.find(([, marks]) => marks.every((b, i) => bytes[i] === b));
  const body = bom && (!chosen || chosen === bom[0]) ? bytes.subarray(bom[1].length) : bytes;
  const encoding = chosen ?? bom?.[0] ?? utf16WithoutMark(body);
  if (!encoding) {
    const known = SIGNATURES.find((s) => s.bytes.every((b, i) => body[i] === b));
    if (known) throw notText(fileName, `it is ${known.what}`);
    if (body.subarray(0, 8192).includes(0) || controlShare(body) > 0.01) {
      throw notText(
        fileName,
        'it contains binary data. Save the table as CSV (or "Unicode text") or .xlsx and try again',
      );
    }
  }
  return { encoding, body };
}

/** The label TextDecoder knows an encoding by. */
export const decoderLabel = (encoding: TextEncodingName): string => encodingLabel(encoding);

/** A decoder that refuses bytes its encoding does not have, instead of turning them into "�". */
export function strictDecoder(encoding: Exclude<TextEncodingName, 'Windows-1252'>): InstanceType<typeof TextDecoder> {
  return new TextDecoder(decoderLabel(encoding), { fatal: true });
}

export function invalidBytes(fileName: string, encoding: TextEncodingName): AppError {
  return new AppError(
    'ENCODING_INVALID',
    `${fileName} is not valid ${encodingTitle(encoding)} text: some bytes have no meaning in that encoding. ` +
      'Choose another encoding (--encoding), or leave it to be detected.',
  );
}

/**
 * Decode a text file's bytes with the encoding chosen, or: a byte-order mark decides (UTF-8,
 * UTF-16 LE/BE, as Excel's "Unicode text" writes), or UTF-16's zero bytes; otherwise UTF-8 when the
 * bytes are valid UTF-8, else Windows-1252 (what Excel on Windows writes as "CSV"), so names like
 * Müller and José come through intact — unless Windows-1252 would make garbled text of them
 * (a Japanese or Russian file), which is refused with the likely encoding named.
 */
export function decodeText(
  bytes: Uint8Array,
  fileName: string,
  chosen?: TextEncodingName,
): { text: string; encoding: TextEncodingName } {
  const { encoding, body } = textStart(isGzip(bytes) ? gunzipped(fileName, bytes) : bytes, fileName, chosen);
  if (encoding === 'Windows-1252') return { text: decodeWindows1252(body), encoding };
  if (encoding) {
    try {
      return { text: strictDecoder(encoding).decode(body), encoding };
    } catch {
      throw invalidBytes(fileName, encoding);
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    refuseGarbledWestern(fileName, body);
    return { text: decodeWindows1252(body), encoding: 'Windows-1252' };
  }
}

/**
 * Whether bytes that are not UTF-8 read as Windows-1252 would be garbled: Western European text
 * has its accented letters one at a time between plain ones (Müller, José); text in a double-byte
 * or another alphabet's encoding has them in runs.
 */
function garbledAsWestern(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1 << 16);
  let high = 0;
  let inRuns = 0;
  let run = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && bytes[i] >= 0x80) {
      high++;
      run++;
    } else {
      if (run >= 2) inRuns += run;
      run = 0;
    }
  }
  return high >= 8 && inRuns > 0.5 * high;
}

const share = (text: string, pattern: RegExp): number => {
  const wide = text.replace(/[\p{ASCII}]/gu, '');
  if (wide.length === 0) return 0;
  return (wide.match(pattern)?.length ?? 0) / wide.length;
};

/** The encodings whose reading of the bytes looks like real text, most likely first. */
export function likelyEncodings(bytes: Uint8Array): TextEncodingName[] {
  const sample = bytes.subarray(0, 1 << 16);
  const read = (encoding: TextEncodingName): string | null => {
    try {
      return new TextDecoder(decoderLabel(encoding), { fatal: true }).decode(sample, { stream: true });
    } catch {
      return null;
    }
  };
  const found: TextEncodingName[] = [];
  // Japanese text is kanji and kana (half-width katakana, which other encodings' bytes turn into, is rare).
  const kanjiAndKana = /[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]/g;
  for (const japanese of ['Shift_JIS', 'EUC-JP'] as const) {
    const text = read(japanese);
    if (text && share(text, kanjiAndKana) > 0.9 && share(text, /[\u3040-\u30ff]/g) >= 0.03) found.push(japanese);
  }
  const korean = read('EUC-KR');
  if (korean && share(korean, /[\uac00-\ud7af]/g) > 0.6) found.push('EUC-KR');
  if (found.length > 0) return found;
  // Simplified or traditional Chinese: both readings of either are often valid; both are named.
  for (const chinese of ['GB18030', 'Big5'] as const) {
    const text = read(chinese);
    if (text && share(text, /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]/g) > 0.9) found.push(chinese);
  }
  if (found.length > 0) return found;
  // Single-byte alphabets: the reading with the most lower-case letters of that alphabet (real text
  // is mostly lower case; the wrong table swaps the cases or lands on symbols).
  // Alphabets in turn (Cyrillic, Greek, then the caseless Hebrew and Arabic): the first that reads
  // as its letters wins, and within it the reading with the most lower case.
  const alphabets: [TextEncodingName[], RegExp, RegExp][] = [
    [['Windows-1251', 'KOI8-R'], /[\u0400-\u04ff]/g, /[\u0430-\u045f]/g],
    [['Windows-1253'], /[\u0370-\u03ff]/g, /[\u03ac-\u03ce]/g],
    [['Windows-1255'], /[\u0590-\u05ff]/g, /[\u05d0-\u05ea]/g],
    [['Windows-1256'], /[\u0600-\u06ff]/g, /[\u0621-\u064a]/g],
  ];
  for (const [encodings, letters, lower] of alphabets) {
    const scored = encodings
      .map((encoding) => {
        const text = read(encoding);
        return { encoding, score: text && share(text, letters) > 0.8 ? share(text, lower) : 0 };
      })
      .filter((s) => s.score > 0.5)
      .sort((a, b) => b.score - a.score);
    if (scored.length > 0) return [scored[0].encoding];
  }
  return [];
}

/** Refuse bytes that Windows-1252 would turn into garbled text, naming the encoding they are likely in. */
export function refuseGarbledWestern(fileName: string, bytes: Uint8Array): void {
  if (!garbledAsWestern(bytes)) return;
  const likely = likelyEncodings(bytes);
  const example = decodeWindows1252(bytes.subarray(0, 4096))
    .split(/\r?\n/)
    .find((line) => /[^\p{ASCII}]{2}/u.test(line));
  const sample = (example ?? '')
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, 40);
  const named =
    likely.length > 0
      ? `It is probably ${likely.map(encodingTitle).join(' or ')}: import it with --encoding ${likely[0]}, or choose that encoding in the wizard.`
      : 'Choose its encoding with --encoding or in the wizard (or save it from Excel as "CSV UTF-8").';
  throw new AppError(
    'ENCODING_UNCERTAIN',
    `${fileName} is not UTF-8, and read as Windows-1252 (Western European) its text would be garbled` +
      `${sample ? ` ("${sample}")` : ''}. Nothing was imported. ${named}`,
  );
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

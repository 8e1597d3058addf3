/**
 * The text encodings a file may be read in: the Unicode ones, Windows-1252 (what Excel on Windows
 * writes as "CSV"), and the national encodings that ICU's TextDecoder reads (in Node and Chromium).
 * `label` is TextDecoder's name; `aliases` are what a user may type after --encoding.
 */
export const TEXT_ENCODINGS = [
  { name: 'UTF-8', label: 'utf-8', aliases: ['utf8'], language: 'Unicode' },
  { name: 'UTF-16 LE', label: 'utf-16le', aliases: ['utf16le', 'unicode'], language: 'Unicode' },
  { name: 'UTF-16 BE', label: 'utf-16be', aliases: ['utf16be'], language: 'Unicode' },
  {
    name: 'Windows-1252',
    label: 'windows-1252',
    aliases: ['cp1252', 'latin1', 'iso-8859-1'],
    language: 'Western European',
  },
  { name: 'ISO-8859-15', label: 'iso-8859-15', aliases: ['latin9'], language: 'Western European with €' },
  { name: 'Windows-1250', label: 'windows-1250', aliases: ['cp1250'], language: 'Central European' },
  { name: 'ISO-8859-2', label: 'iso-8859-2', aliases: ['latin2'], language: 'Central European' },
  { name: 'Windows-1251', label: 'windows-1251', aliases: ['cp1251'], language: 'Cyrillic' },
  { name: 'KOI8-R', label: 'koi8-r', aliases: ['koi8r'], language: 'Russian' },
  { name: 'ISO-8859-5', label: 'iso-8859-5', aliases: [], language: 'Cyrillic' },
  { name: 'Windows-1253', label: 'windows-1253', aliases: ['cp1253'], language: 'Greek' },
  { name: 'ISO-8859-7', label: 'iso-8859-7', aliases: [], language: 'Greek' },
  { name: 'Windows-1254', label: 'windows-1254', aliases: ['cp1254', 'iso-8859-9'], language: 'Turkish' },
  { name: 'Windows-1255', label: 'windows-1255', aliases: ['cp1255'], language: 'Hebrew' },
  { name: 'Windows-1256', label: 'windows-1256', aliases: ['cp1256'], language: 'Arabic' },
  { name: 'Windows-1257', label: 'windows-1257', aliases: ['cp1257'], language: 'Baltic' },
  { name: 'Windows-1258', label: 'windows-1258', aliases: ['cp1258'], language: 'Vietnamese' },
  { name: 'Windows-874', label: 'windows-874', aliases: ['tis-620'], language: 'Thai' },
  {
    name: 'Shift_JIS',
    label: 'shift_jis',
    aliases: ['sjis', 'shift-jis', 'cp932', 'windows-31j'],
    language: 'Japanese',
  },
  { name: 'EUC-JP', label: 'euc-jp', aliases: ['eucjp'], language: 'Japanese' },
  { name: 'GB18030', label: 'gb18030', aliases: ['gbk', 'gb2312', 'cp936'], language: 'Chinese (simplified)' },
  { name: 'Big5', label: 'big5', aliases: ['big-5', 'cp950'], language: 'Chinese (traditional)' },
  { name: 'EUC-KR', label: 'euc-kr', aliases: ['euckr', 'cp949', 'ks_c_5601-1987'], language: 'Korean' },
] as const;

export type TextEncodingName = (typeof TEXT_ENCODINGS)[number]['name'];

export const ENCODING_NAMES = TEXT_ENCODINGS.map((e) => e.name) as unknown as readonly [
  TextEncodingName,
  ...TextEncodingName[],
];

/** The encoding a user typed (any case; its name, TextDecoder label or an alias), or undefined. */
export function encodingNamed(text: string): TextEncodingName | undefined {
  const wanted = text.trim().toLowerCase().replace(/_/g, '-');
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '-').replace(/ /g, '-');
  return TEXT_ENCODINGS.find(
    (e) => norm(e.name) === wanted || norm(e.label) === wanted || e.aliases.some((a) => norm(a) === wanted),
  )?.name;
}

/** TextDecoder's label for an encoding. */
export const encodingLabel = (name: TextEncodingName): string =>
  (TEXT_ENCODINGS.find((e) => e.name === name) ?? TEXT_ENCODINGS[0]).label;

/** "Shift_JIS (Japanese)". */
export const encodingTitle = (name: TextEncodingName): string => {
  const e = TEXT_ENCODINGS.find((x) => x.name === name);
  return e ? `${e.name} (${e.language})` : name;
};

import { constants, crc32, deflateRawSync } from 'node:zlib';
import { Zip, ZipPassThrough, strToU8, type FlateError } from 'fflate';

export type XlsxCell = string | number | null;

/**
 * Characters XML 1.0 cannot hold, written as OOXML's `_xHHHH_` escapes (as Excel does), and a
 * literal `_xHHHH_` in the text escaped itself, so every cell reads back as the characters it was.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;
const xmlText = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(NOT_XML, (c) =>
      c === '_' ? '_x005F_' : `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * One row of the sheet (`row` counts from 1): numbers as numbers, text as inline text cells (never
 * formulas), blanks left out; each cell with its reference (A1), which readers rely on.
 */
function rowXml(cells: readonly XlsxCell[], row: number, letters: string[], style = ''): string {
  let xml = `<row r="${row}">`;
  for (let j = 0; j < cells.length; j++) {
    const value = cells[j];
    const ref = `${letters[j] ?? columnLetters(j)}${row}`;
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (typeof value === 'number') xml += `<c r="${ref}"${style}><v>${value}</v></c>`;
    else xml += `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
  }
  return `${xml}</row>`;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';
// Two cell formats: 0 plain, 1 bold (the header row).
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '</styleSheet>';
const workbookXml = (sheet: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  `<sheets><sheet name="${xmlText(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet1';

/**
 * An .xlsx workbook of one sheet written as a stream: a bold header row, then the rows, each batch
 * of about 1 MB of XML compressed and handed to `write` as it comes, so memory stays flat whatever
 * the row count (1M customers: see `npm run bench`). Text is written as inline text cells — never
 * formulas — so "=HYPERLINK(…)" stays the characters it is. The caller gives the event loop a turn
 * between batches (the desktop's main process must not freeze).
 *
 * Written by hand on fflate (the zip container) and Node's zlib (the sheet's deflate) because the
 * workbook libraries at hand build the whole sheet in memory first (write-excel-file took 152 s and
 * 5.2 GB for 1M customers).
 */
export class XlsxStreamWriter {
  private readonly zip: Zip;
  private readonly sheet: NativeZipDeflate;
  private readonly done: Promise<void>;
  private pending = '';
  private row = 1;
  private readonly letters: string[];

  constructor(sheet: string, header: readonly string[], write: (chunk: Uint8Array) => void) {
    let finish: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    this.done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    this.zip = new Zip((error, chunk, final) => {
      if (error) return fail(error);
      write(chunk);
      if (final) finish();
    });
    const stored = (name: string, text: string) => {
      const file = new ZipPassThrough(name);
      this.zip.add(file);
      file.push(strToU8(text), true);
    };
    stored('[Content_Types].xml', CONTENT_TYPES);
    stored('_rels/.rels', ROOT_RELS);
    stored('xl/workbook.xml', workbookXml(sheetName(sheet)));
    stored('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    stored('xl/styles.xml', STYLES);
    this.sheet = new NativeZipDeflate('xl/worksheets/sheet1.xml');
    this.zip.add(this.sheet);
    this.letters = header.map((_, j) => columnLetters(j));
    this.pending =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>${rowXml(header, 1, this.letters, ' s="1"')}`;
  }

  /** Rows to add; compressed in batches of about 1 MB of XML. */
  addRows(rows: Iterable<readonly XlsxCell[]>): void {
    for (const row of rows) {
      this.pending += rowXml(row, ++this.row, this.letters);
      if (this.pending.length > 1 << 20) this.flush(false);
    }
  }

  private flush(final: boolean): void {
    this.sheet.push(strToU8(this.pending), final);
    this.pending = '';
  }

  /** Close the sheet and the zip; resolves when the last byte is written. */
  async finish(): Promise<void> {
    this.pending += '</sheetData></worksheet>';
    this.flush(true);
    this.zip.end();
    await this.done;
  }
}

/**
 * A zip entry deflated by Node's zlib (native) instead of fflate's JavaScript deflate, which took
 * half of a 1M-customer export. Each piece of XML is deflated on its own and ends on a sync flush
 * (byte-aligned, not final), the last one with the final block: one valid deflate stream, as
 * fflate's own entry makes it (back-references stay within a piece, so about a megabyte of window
 * at most is lost). The CRC and size are of the XML itself, by zlib's crc32.
 */
class NativeZipDeflate extends ZipPassThrough {
  private crcSoFar = 0;

  constructor(filename: string) {
    super(filename);
    this.compression = 8;
  }

  override push(chunk: Uint8Array, final = false): void {
    this.crcSoFar = crc32(chunk, this.crcSoFar);
    this.size += chunk.length;
    if (final) this.crc = this.crcSoFar >>> 0;
    this.process(chunk, final);
  }

  protected override process(chunk: Uint8Array, final: boolean): void {
    try {
      const deflated = deflateRawSync(chunk, {
        level: 6,
        finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      });
      (this.ondata as NonNullable<typeof this.ondata>)(null, deflated as Uint8Array<ArrayBuffer>, final);
    } catch (error) {
      (this.ondata as NonNullable<typeof this.ondata>)(
        error as FlateError,
        null as unknown as Uint8Array<ArrayBuffer>,
        final,
      );
    }
  }
}

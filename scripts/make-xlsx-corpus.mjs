// Writes the Excel files of the bad-input corpus (tests/corpus): a two-sheet workbook with dates,
// decimals and accents, and the same workbook cut short. Run: node scripts/make-xlsx-corpus.mjs
import { writeFileSync } from 'node:fs';
import writeExcelFile from 'write-excel-file/node';

const notes = [['About this export'], ['Exported from the shop back-office']];
const customers = [
  ['Customer ID', 'Name', 'Signup', 'Spend', 'Visits', 'Segment hint'],
  ...Array.from({ length: 30 }, (_, i) => [
    `C${100 + i}`,
    ['Müller', 'José', 'Françoise', 'Søren', 'Zoë'][i % 5],
    { value: new Date(Date.UTC(2020, i % 12, 1 + (i % 27))), type: Date, format: 'yyyy-mm-dd' },
    Math.round((50 + i * 37.25) * 100) / 100,
    1 + (i % 9),
    i % 2 ? 'web' : 'store',
  ]),
];
const buffer = await writeExcelFile([
  { data: notes, sheet: 'Notes' },
  { data: customers, sheet: 'Customers' },
]).toBuffer();
const here = new URL('../tests/corpus/', import.meta.url);
writeFileSync(new URL('customers.xlsx', here), buffer);
writeFileSync(new URL('truncated.xlsx', here), buffer.subarray(0, Math.floor(buffer.length / 2)));
console.log(`customers.xlsx ${buffer.length} bytes, truncated.xlsx ${Math.floor(buffer.length / 2)} bytes`);

// A workbook whose table has a title and a blank row above its header.
const titled = await writeExcelFile([
  ['Customer list — exported 2024-03-31'],
  [],
  ['Customer ID', 'Spend', 'Visits', 'Region'],
  ...Array.from({ length: 12 }, (_, i) => [`T${i + 1}`, 10 * (i + 1), 1 + (i % 4), i % 2 ? 'North' : 'South']),
]).toBuffer();
writeFileSync(new URL('title-rows.xlsx', here), titled);

// A workbook saved by a program that wrote formulas but never calculated them: column C holds
// formulas without cached values (readers see blanks), as some exports and scripts leave them.
const { zipSync, strToU8 } = await import('fflate');
const cell = (ref, value) =>
  typeof value === 'number'
    ? `<c r="${ref}"><v>${value}</v></c>`
    : `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const sheetRows = [
  `<row r="1">${cell('A1', 'id')}${cell('B1', 'spend')}${cell('C1', 'spend_x2')}${cell('D1', 'visits')}</row>`,
  ...Array.from({ length: 6 }, (_, i) => {
    const r = i + 2;
    return `<row r="${r}">${cell(`A${r}`, `F${r}`)}${cell(`B${r}`, 10 * r)}<c r="C${r}"><f>B${r}*2</f></c>${cell(`D${r}`, r)}</row>`;
  }),
].join('');
const rel = (id, type, target) =>
  `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/${type}" Target="${target}"/>`;
const formulas = zipSync({
  '[Content_Types].xml': strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ),
  '_rels/.rels': strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument/2006/relationships/officeDocument', 'xl/workbook.xml')}</Relationships>`,
  ),
  'xl/workbook.xml': strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  'xl/_rels/workbook.xml.rels': strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument/2006/relationships/worksheet', 'worksheets/sheet1.xml')}</Relationships>`,
  ),
  'xl/worksheets/sheet1.xml': strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  ),
});
writeFileSync(new URL('formula-no-values.xlsx', here), formulas);

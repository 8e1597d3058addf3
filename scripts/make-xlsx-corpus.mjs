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

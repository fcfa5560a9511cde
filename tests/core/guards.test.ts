import { describe, expect, it } from 'vitest';
import { firstRaggedLine, guessDelimiter, jsonDepthMessage, JsonDepthScanner, MAX_JSON_DEPTH, RaggedScanner, textEncodingOf, windows1252ToUtf8 } from '../../src/core/dataFiles.ts';

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

describe('textEncodingOf', () => {
  const utf8 = (t: string) => new TextEncoder().encode(t);
  it('reads byte-order marks, valid UTF-8, and anything else as Windows-1252', () => {
    expect(textEncodingOf(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toBe('utf-16le');
    expect(textEncodingOf(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
    expect(textEncodingOf(utf8('\uFEFFname,city\nJosé,Köln\n'), true)).toBe('utf-8');
    expect(textEncodingOf(utf8('a,b\n1,2\n'), true)).toBe('utf-8');
    // "José" in Windows-1252: E9 alone is not UTF-8
    expect(textEncodingOf(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x0a]), true)).toBe('windows-1252');
  });
  it('does not hold a character cut at the end of a partial head against UTF-8, but does at the end of a whole file', () => {
    const cut = utf8('name\nJosé').subarray(0, -1); // the head ends inside é (C3 A9)
    expect(textEncodingOf(cut)).toBe('utf-8');
    expect(textEncodingOf(cut, true)).toBe('windows-1252');
  });
});

describe('windows1252ToUtf8', () => {
  it('maps every byte as the Windows-1252 code page does', () => {
    // Reference: Python's cp1252 codec, bytes(range(0x80, 0xa0)) less the five unassigned bytes
    // (81, 8D, 8F, 90, 9D), which the WHATWG Encoding Standard maps to the C1 control of that number.
    const assigned = [...Array(32).keys()].map((k) => 0x80 + k).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b));
    expect(new TextDecoder().decode(windows1252ToUtf8(new Uint8Array(assigned)))).toBe('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
    expect(new TextDecoder().decode(windows1252ToUtf8(new Uint8Array([0x81, 0x9d])))).toBe('\u0081\u009d');
    // A0–FF are Latin-1, Unicode's first page; ASCII stays as it is
    const high = new Uint8Array(96).map((_, k) => 0xa0 + k);
    expect([...new TextDecoder().decode(windows1252ToUtf8(high))].map((c) => c.codePointAt(0))).toEqual([...high]);
    expect(new TextDecoder().decode(windows1252ToUtf8(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x80])))).toBe('José,€');
  });
});

describe('JSON depth', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, naming the line`, () => {
    const nested = (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`;
    expect(jsonDepthMessage(new TextEncoder().encode(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(jsonDepthMessage(new TextEncoder().encode(`{"a": 1}\n${nested(MAX_JSON_DEPTH + 1)}`))).toMatch(/^line 2 nests arrays or objects more than 64 levels deep/);
  });
  it('does not count brackets inside strings, escaped quotes included, whatever the chunking', () => {
    const text = new TextEncoder().encode(`[{"a": "${'['.repeat(200)}\\"${'{'.repeat(100)}"}]`);
    expect(jsonDepthMessage(text)).toBeNull();
    const scanner = new JsonDepthScanner();
    for (let k = 0; k < text.length; k++) scanner.push(text.subarray(k, k + 1));
    expect(scanner.message()).toBeNull();
    const deep = new TextEncoder().encode('['.repeat(10_000));
    const chunked = new JsonDepthScanner();
    expect(chunked.push(deep.subarray(0, 30)) || chunked.push(deep.subarray(30))).toBe(true);
  });
});

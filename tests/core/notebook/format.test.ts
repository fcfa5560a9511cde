import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotebookParseError } from '../../../src/core/notebook/errors.ts';
import { frontMatterData, parseNotebook, serializeNotebook } from '../../../src/core/notebook/format.ts';
import { cells } from '../../../src/core/notebook/model.ts';

const roundTrip = (text: string) => serializeNotebook(parseNotebook(text));

function notebookFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(notebookFiles(p));
    else if (name.endsWith('.pulse.md')) out.push(p);
  }
  return out;
}

describe('parseNotebook', () => {
  const text = [
    '---',
    'title: CTR · Module 5',
    'params:',
    '  alpha: 0.05',
    '---',
    '',
    '# Heading',
    '',
    '```sql variants',
    'SELECT 1 AS x',
    '```',
    '',
    '```python',
    'print("quoted code stays prose")',
    '```',
    '',
    '```ab-test lift alpha=0.01',
    'from: variants',
    '```',
    '',
  ].join('\n');

  it('reads front matter, prose and cells with ids, attributes and line numbers', () => {
    const nb = parseNotebook(text.replace('ab-test', 'plot'));
    expect(nb.frontMatter?.data).toEqual({ title: 'CTR · Module 5', params: { alpha: 0.05 } });
    const cs = cells(nb);
    expect(cs.map((c) => [c.kind, c.id, c.line])).toEqual([
      ['sql', 'variants', 9],
      ['plot', 'lift', 17],
    ]);
    expect(cs[0]!.code).toBe('SELECT 1 AS x');
    expect(cs[1]!.attrs).toEqual({ alpha: '0.01' });
    // The python fence is prose, so there are three prose blocks around two cells.
    expect(nb.blocks.map((b) => b.type)).toEqual(['prose', 'cell', 'prose', 'cell']);
    expect(nb.blocks[2]!.type === 'prose' && nb.blocks[2]!.text).toContain('```python');
  });

  it('keeps an unknown fence language as prose, even with a cell-looking fence inside it', () => {
    const t = '````markdown\n```sql inner\nSELECT 1\n```\n````\n';
    const nb = parseNotebook(t);
    expect(cells(nb)).toHaveLength(0);
    expect(roundTrip(t)).toBe(t);
  });

  it('gives a cell without an id a generated one and keeps the text unchanged', () => {
    const t = '```sql\nSELECT 1\n```\n```sql\nSELECT 2\n```\n';
    const nb = parseNotebook(t);
    expect(cells(nb).map((c) => [c.id, c.implicitId])).toEqual([
      ['sql_1', true],
      ['sql_2', true],
    ]);
    expect(serializeNotebook(nb)).toBe(t);
  });

  it('reads an empty cell and a cell of blank lines differently', () => {
    const nb = parseNotebook('```sql a\n```\n```sql b\n\n```\n');
    expect(cells(nb).map((c) => c.source.body)).toEqual(['', '\n']);
    expect(cells(nb).map((c) => c.code)).toEqual(['', '']);
  });

  it('keeps CRLF line ends, a BOM and a missing final newline', () => {
    const t = '\uFEFF---\r\ntitle: x\r\n---\r\n\r\n```sql a\r\nSELECT 1\r\n```';
    const nb = parseNotebook(t);
    expect(nb.bom).toBe('\uFEFF');
    expect(cells(nb)[0]!.code).toBe('SELECT 1');
    expect(serializeNotebook(nb)).toBe(t);
  });

  it('round-trips every notebook shipped in notebooks/ and the test fixtures', () => {
    const shipped = notebookFiles('notebooks');
    expect(shipped.length).toBeGreaterThan(0);
    for (const f of shipped) {
      const t = readFileSync(f, 'utf8');
      expect(roundTrip(t), f).toBe(t);
    }
    // Fixtures include deliberately broken notebooks: those must fail with a line, the rest round-trip.
    for (const f of notebookFiles('tests/fixtures')) {
      const t = readFileSync(f, 'utf8');
      try {
        expect(roundTrip(t), f).toBe(t);
      } catch (e) {
        expect(e, f).toBeInstanceOf(NotebookParseError);
      }
    }
  });
});

describe('parse errors name the line and what to do', () => {
  const errorOf = (t: string) => {
    try {
      parseNotebook(t);
    } catch (e) {
      expect(e).toBeInstanceOf(NotebookParseError);
      return e as NotebookParseError;
    }
    throw new Error('expected a parse error');
  };

  it('an unclosed cell', () => {
    const e = errorOf('intro\n\n```sql a\nSELECT 1\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3: the `sql` cell opened here is never closed/);
  });

  it('unclosed front matter', () => {
    expect(errorOf('---\ntitle: x\n').message).toMatch(/line 1: the front matter .* never closed/);
  });

  it('invalid YAML in front matter points at the YAML line', () => {
    const e = errorOf('---\ntitle: ok\nparams: [1, 2\n---\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/front matter is not valid YAML/);
  });

  it('a duplicate cell id names both lines', () => {
    const e = errorOf('```sql a\nSELECT 1\n```\n\n```sql a\nSELECT 2\n```\n');
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/`a` is already used by the cell on line 1/);
  });

  it('an id that is not a SQL name suggests one', () => {
    const e = errorOf('```sql my-cell\nSELECT 1\n```\n');
    expect(e.message).toMatch(/line 1: cell id `my-cell` .* try `my_cell`/);
  });
});

describe('round trip property: serialize(parse(text)) === text', () => {
  const eol = fc.constantFrom('\n', '\r\n');
  const word = fc.string({ unit: fc.constantFrom(...'abcxyz _-*#>|'.split(''), 'é', '∑', '😀', '中'), maxLength: 12 });
  const proseLine = fc.oneof(
    word,
    word.map((w) => `# ${w}`),
    word.map((w) => `- ${w}`),
    fc.constant(''),
    fc.constant('   '),
    fc.constant('---'),
    fc.constant('`inline` code'),
  );
  const bodyLine = fc.oneof(word, fc.constant(''), fc.constant("SELECT '```' AS s"), fc.constant('  ~~~ not a close'));
  const cellKind = fc.constantFrom('sql', 'plot', 'input', 'checklist', 'decision');
  const id = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/);

  type Piece = { kind: 'prose'; lines: string[] } | { kind: 'cell'; k: string; id: string; attrs: string; lines: string[]; fence: string } | { kind: 'quoted'; lang: string; lines: string[]; fence: string };
  const piece: fc.Arbitrary<Piece> = fc.oneof(
    fc.record({ kind: fc.constant('prose' as const), lines: fc.array(proseLine, { maxLength: 4 }) }),
    fc.record({
      kind: fc.constant('cell' as const),
      k: cellKind,
      id,
      attrs: fc.constantFrom('', ' hidden=true', ' a=1 b=2'),
      lines: fc.array(bodyLine, { maxLength: 4 }),
      fence: fc.constantFrom('```', '````', '~~~'),
    }),
    fc.record({
      kind: fc.constant('quoted' as const),
      lang: fc.constantFrom('python', 'js', '', 'text'),
      lines: fc.array(fc.oneof(bodyLine, fc.constant('```sql inside')), { maxLength: 4 }),
      fence: fc.constantFrom('````', '~~~~'),
    }),
  );
  const notebookText = fc
    .record({
      fm: fc.option(fc.constantFrom('title: T', 'title: "Ü ✓"\nparams:\n  a: 1', '# only a comment'), { nil: undefined }),
      pieces: fc.array(piece, { maxLength: 8 }),
      nl: eol,
      trailing: fc.boolean(),
      bom: fc.boolean(),
    })
    .map(({ fm, pieces, nl, trailing, bom }) => {
      const lines: string[] = [];
      if (fm !== undefined) lines.push('---', ...fm.split('\n'), '---');
      const used = new Set<string>();
      for (const p of pieces) {
        if (p.kind === 'prose') lines.push(...p.lines.map((l) => (/^\s{0,3}(```|~~~)/.test(l) ? `x${l}` : l)));
        else if (p.kind === 'quoted') lines.push(`${p.fence}${p.lang}`, ...p.lines, p.fence);
        else {
          let cid = p.id;
          while (used.has(cid) || /^[a-z]+_\d+$/.test(cid)) cid += 'x';
          used.add(cid);
          // Body lines that would close this fence are not part of a well-formed file.
          const body = p.lines.filter((l) => !l.trimStart().startsWith(p.fence.slice(0, 3)));
          lines.push(`${p.fence}${p.k} ${cid}${p.attrs}`, ...body, p.fence);
        }
      }
      if (fm === undefined && lines[0] === '---') lines[0] = 'x---';
      const text = lines.join(nl) + (trailing ? nl : '');
      return (bom ? '\uFEFF' : '') + text;
    });

  it('holds for random mixes of prose, cells, quoted fences and front matter', () => {
    fc.assert(
      fc.property(notebookText, (text) => {
        expect(roundTrip(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('any text either parses and round-trips or fails with a line number', () => {
    const anyText = fc.array(fc.oneof(proseLine, fc.constantFrom('```sql a', '```', '---', '~~~', '```python', '```plot p')), { maxLength: 12 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          expect(roundTrip(text)).toBe(text);
        } catch (e) {
          if (!(e instanceof NotebookParseError)) throw e;
          expect(e.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('frontMatterData', () => {
  it('reads the same front matter as parseNotebook, for every shipped notebook and test fixture that parses', () => {
    for (const f of [...notebookFiles('notebooks'), ...notebookFiles('tests/fixtures')]) {
      const t = readFileSync(f, 'utf8');
      let expected: Record<string, unknown> | null;
      try {
        expected = parseNotebook(t).frontMatter?.data ?? null;
      } catch {
        continue;
      }
      expect(frontMatterData(t), f).toEqual(expected);
    }
  });

  it('handles CRLF, a BOM, `...` as the closing line, and text with no front matter', () => {
    expect(frontMatterData('\uFEFF---\r\ntitle: A\r\nmodule: ctr-01\r\n...\r\n# body\r\n')).toEqual({ title: 'A', module: 'ctr-01' });
    expect(frontMatterData('---\n---\n')).toEqual({});
    expect(frontMatterData('# no front matter\n---\ntitle: x\n---\n')).toBeNull();
    // An opening --- never closed is a Markdown rule, not front matter (parseNotebook says so when it looks like YAML).
    expect(frontMatterData('---\nsome prose')).toBeNull();
    expect(() => frontMatterData('---\ntitle: [unclosed\n---\n')).toThrow(NotebookParseError);
  });
});

/**
 * The Markdown and HTML reports against the hostile corpus (tests/fixtures/hostile/web/, issue 10
 * items 5 and 8): text from data (values, column names, errors, titles) reads back as the very same
 * text, and no element, link or image comes out of it, in a viewer that renders HTML in Markdown
 * (marked, as GitHub-flavoured viewers do) or in the HTML report itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { tableFromArrays } from 'apache-arrow';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import type { CellRun } from '../../../src/core/notebook/runner.ts';
import { htmlReport, markdownReport } from '../../../src/core/report/report.ts';
import { isSafeUrl, markdownToSafeHtml, safeProseMarkdown } from '../../../src/core/report/markdown.ts';
import { codeSpan, fencedBlock, markdownText } from '../../../src/core/report/markdownEscape.ts';
import type { CellResult } from '../../../src/core/cells/kind.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/hostile/web/${name}`, import.meta.url), 'utf8'));
const corpus: { values: string[]; columns: string[]; errors: string[]; titles: string[] } = fixture('report.json');
const prose: { id: string; source: string; markdown: string }[] = fixture('prose.json');

/** HTML text content: tags dropped, the five entities HTML escaping produces decoded (what a reader sees). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e]!);
}

/** Every start tag in rendered HTML, with its attributes. */
function tags(html: string): { name: string; attrs: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
}

const MARKDOWN_REPORT_TAGS = new Set(['h1', 'p', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'em']);

function hostileRun(): { text: string; runs: Map<string, CellRun> } {
  const cols = corpus.columns;
  const columns: Record<string, string[]> = {};
  cols.forEach((c, j) => (columns[c] = corpus.values.map((v, i) => (j === 0 ? v : corpus.values[(i + j) % corpus.values.length]!))));
  const preview = tableFromArrays(columns);
  const result: CellResult = { columns: cols.map((name) => ({ name, type: 'VARCHAR' })), rowCount: corpus.values.length, preview, output: { type: 'table' } as CellResult['output'] };
  const errorCells = corpus.errors.map((_, i) => `\`\`\`sql broken_${i}\nSELECT 1\n\`\`\`\n`).join('\n');
  const text = `---\npulse: 1\ntitle: ${JSON.stringify(corpus.titles[0])}\n---\n\nIntro.\n\n\`\`\`sql data\nSELECT 1\n\`\`\`\n\n${errorCells}`;
  const runs = new Map<string, CellRun>([['data', { id: 'data', kind: 'sql', status: 'ok', result, durationMs: 1 }]]);
  corpus.errors.forEach((error, i) => runs.set(`broken_${i}`, { id: `broken_${i}`, kind: 'sql', status: 'error', error, durationMs: 1 }));
  return { text, runs };
}

describe('the Markdown report escapes everything that comes from data', () => {
  const { text, runs } = hostileRun();
  const md = markdownReport(parseNotebook(text), runs);
  // marked passes raw HTML through, like GitHub-flavoured viewers that render it.
  const html = marked.parse(md, { async: false, gfm: true }) as string;

  it('renders to headings, paragraphs, a table and code blocks only: no element, link or image from data', () => {
    expect(tags(html).map((t) => t.name).filter((n) => !MARKDOWN_REPORT_TAGS.has(n))).toEqual([]);
    expect(html).not.toMatch(/<(img|a|script|style|iframe)\b/i);
  });

  it('every value and column name reads back as itself (newlines as spaces)', () => {
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)));
    const oneLine = (s: string) => s.replace(/\r\n?|\n/g, ' ');
    expect(rows[0]).toEqual(corpus.columns.map(oneLine));
    expect(rows.slice(1).map((r) => r[0])).toEqual(corpus.values.map(oneLine));
  });

  it('error texts stay inside their code block, verbatim, whatever backticks they hold', () => {
    const blocks = [...html.matchAll(/<pre><code class="language-text">([\s\S]*?)<\/code><\/pre>/g)].map((m) => textOf(m[1]!).replace(/\n$/, ''));
    expect(blocks).toEqual(corpus.errors.map((e) => e.replace(/\r\n?/g, '\n')));
  });

  it('the title reads back as itself', () => {
    for (const title of corpus.titles) {
      const out = marked.parse(markdownReport(parseNotebook(`---\npulse: 1\ntitle: ${JSON.stringify(title)}\n---\n\nx\n`), new Map()), { async: false }) as string;
      expect(tags(out).map((t) => t.name)).toEqual(['h1', 'p']);
      expect(textOf(/<h1>([\s\S]*?)<\/h1>/.exec(out)![1]!)).toBe(title);
    }
  });

  it('numbers and dates are left readable (no needless escapes)', () => {
    expect(markdownText('-12.5')).toBe('-12.5');
    expect(markdownText('2024-01-05 10:30')).toBe('2024-01-05 10:30');
    expect(markdownText('1.5e+21')).toBe('1.5e+21');
  });

  it('fences and code spans outgrow the longest backtick run inside (CommonMark §4.5, §6.1)', () => {
    expect(fencedBlock('a\n````\nb')).toBe('`````text\na\n````\nb\n`````');
    expect(fencedBlock('plain')).toBe('```text\nplain\n```');
    expect(codeSpan('a``b')).toBe('```a``b```');
    expect(marked.parseInline(codeSpan('`x`'))).toBe('<code>`x`</code>');
  });
});

describe('prose in the Markdown report', () => {
  it.each(prose.map((p) => [p.id, p] as const))('%s: raw HTML shown as text, unsafe links and remote images dropped', (_, p) => {
    const out = marked.parse(safeProseMarkdown(p.markdown), { async: false }) as string;
    for (const t of tags(out)) {
      expect(t.name, out).toMatch(/^(p|a|code|pre|em|strong|del|ul|ol|li|br|h[1-6]|blockquote|table|thead|tbody|tr|th|td|hr)$/);
      expect(t.attrs, out).not.toMatch(/\son[a-z]+\s*=|style\s*=|src\s*=/i);
      const href = /href="([^"]*)"/.exec(t.attrs)?.[1];
      if (href !== undefined) expect(isSafeUrl(textOf(href)), out).toBe(true);
    }
  });

  it('an edit it cannot place in the source (HTML re-indented inside a list item) shows the whole block as code', () => {
    const md = '- item\n  <img\n  src=x onerror=alert(1)>\n';
    const out = safeProseMarkdown(md);
    expect(out).toBe('```markdown\n- item\n  <img\n  src=x onerror=alert(1)>\n```');
    expect(marked.parse(out, { async: false })).not.toMatch(/<img/);
  });

  it('keeps ordinary Markdown as written', () => {
    const md = '# Heading\n\nSome *text* with a [link](https://example.com/docs) and `code`.\n\n- a\n- b\n';
    expect(safeProseMarkdown(md)).toBe(md);
  });
});

describe('the HTML report', () => {
  const { text, runs } = hostileRun();
  const html = htmlReport(parseNotebook(text), runs);
  const body = html.slice(html.indexOf('<body>'));

  it('holds no element, link or image from data; values, names and errors read back as themselves', () => {
    const allowed = new Set(['body', 'h1', 'p', 'div', 'code', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
    expect(tags(body).map((t) => t.name).filter((n) => !allowed.has(n))).toEqual([]);
    const cells = [...body.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!));
    for (const v of corpus.values) expect(cells).toContain(v);
    const errors = [...body.matchAll(/<div class="error">([\s\S]*?)<\/div>/g)].map((m) => textOf(m[1]!));
    expect(errors).toEqual(corpus.errors);
    expect(textOf(/<title>([\s\S]*?)<\/title>/.exec(html)![1]!)).toBe(corpus.titles[0]);
  });

  it.each(prose.map((p) => [p.id, p] as const))('prose %s: no script, handler, style or remote source', (_, p) => {
    const out = markdownToSafeHtml(p.markdown);
    for (const t of tags(out)) {
      expect(t.name, out).not.toMatch(/^(script|style|img|iframe|object|embed|link|meta|base|form|input|button|svg|video|audio|source|picture)$/);
      expect(t.attrs, out).not.toMatch(/\son[a-z]+\s*=|style\s*=/i);
      const href = /href="([^"]*)"/.exec(t.attrs)?.[1];
      if (href !== undefined) expect(isSafeUrl(textOf(href)), out).toBe(true);
    }
  });

  it('refuses protocol-relative URLs (item 8): //host and /\\host are remote URLs in disguise', () => {
    for (const url of ['//tracker.example/x.png', '/\\tracker.example/x.png', '\\\\tracker.example/x.png', ' //tracker.example', '\t//tracker.example']) expect(isSafeUrl(url), url).toBe(false);
    for (const url of ['https://example.com/', 'mailto:a@example.com', '#top', 'notes.html', '/docs', './a', '../b']) expect(isSafeUrl(url), url).toBe(true);
    expect(markdownToSafeHtml('[x](//tracker.example/) ![p](//tracker.example/p.png)')).toBe('<p>x p</p>\n');
    // Images: only raster data: URLs, which load nothing; a relative image would be a request to whoever hosts the report.
    expect(markdownToSafeHtml('![a](/beacon.gif) ![b](data:image/png;base64,iVBORw0KGgo=)')).toBe('<p>a <img src="data:image/png;base64,iVBORw0KGgo=" alt="b"></p>\n');
    expect(safeProseMarkdown('![a](/beacon.gif) ![b](data:image/png;base64,iVBORw0KGgo=)')).toBe('\\[image not included: a\\] ![b](data:image/png;base64,iVBORw0KGgo=)');
  });
});

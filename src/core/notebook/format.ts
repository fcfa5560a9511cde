/**
 * The `.pulse.md` file format: Markdown with YAML front matter, where every code fence whose info string
 * starts with a known cell kind is a cell. Parsing keeps every byte (line ends, fence lengths, trailing
 * spaces), so `serializeNotebook(parseNotebook(text)) === text` for any text that parses.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { isCellKind } from '../cells/kindNames.ts';
import { NotebookParseError } from './errors.ts';
import type { Block, CellBlock, FrontMatter, Notebook } from './model.ts';

const BOM = '\uFEFF';
/** CommonMark: an opening fence is 3+ backticks or tildes, indented at most 3 spaces. */
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CELL_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Line {
  /** Text without its line end. */
  text: string;
  /** The line end as found: `\n`, `\r\n`, `\r`, or '' on a last line without one. */
  eol: string;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') break; // end of input
    lines.push({ text: m[1]!, eol: m[2]! });
  }
  return lines;
}

const joinLines = (lines: Line[]): string => lines.map((l) => l.text + l.eol).join('');

/**
 * Only the front matter's data (null when there is none), without reading the cells: enough for a
 * notebook's title and module, e.g. for a list of notebooks. Throws as parseNotebook does on bad YAML.
 */
export function frontMatterData(text: string): Record<string, unknown> | null {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let m = re.exec(body);
  if (!m || m[1]!.trimEnd() !== '---') return null;
  const start = re.lastIndex;
  while ((m = re.exec(body)) !== null && m[0] !== '') {
    if (/^(---|\.\.\.)\s*$/.test(m[1]!)) return parseFrontMatterYaml(body.slice(start, m.index));
  }
  return null;
}

/** Parse a notebook file. Throws NotebookParseError naming the line and what to do. */
export function parseNotebook(text: string): Notebook {
  const bom = text.startsWith(BOM) ? BOM : '';
  const lines = splitLines(bom ? text.slice(1) : text);
  let i = 0;

  let frontMatter: FrontMatter | null = null;
  if (lines.length > 0 && lines[0]!.text.trimEnd() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l.text));
    if (end > 0) {
      frontMatter = { data: parseFrontMatterYaml(joinLines(lines.slice(1, end))), raw: joinLines(lines.slice(0, end + 1)) };
      i = end + 1;
    } else if (/^[A-Za-z_][\w-]*:/.test(lines[1]?.text ?? '')) {
      throw new NotebookParseError(1, 'the front matter opened with --- is never closed: add a line with --- after it');
    }
    // Otherwise an opening --- with nothing like YAML after it is a Markdown rule, not front matter.
  }

  const blocks: Block[] = [];
  const usedIds = new Map<string, number>();
  const kindCounts = new Map<string, number>();
  let proseStart = i;

  const flushProse = (upTo: number) => {
    if (upTo > proseStart) {
      blocks.push({ type: 'prose', text: joinLines(lines.slice(proseStart, upTo)), line: proseStart + 1 });
    }
  };

  while (i < lines.length) {
    const open = FENCE_OPEN.exec(lines[i]!.text);
    if (!open) {
      i++;
      continue;
    }
    const [, indent, fence, rest] = open as unknown as [string, string, string, string];
    const info = rest.trim();
    if (fence[0] === '`' && info.includes('`')) {
      i++; // not a fence: backtick info strings may not hold backticks
      continue;
    }
    const close = findClosingFence(lines, i + 1, fence);
    const lang = info.split(/\s+/)[0] ?? '';
    if (!isCellKind(lang)) {
      // Quoted code stays prose, including any cell-looking fences inside it.
      i = close < 0 ? lines.length : close + 1;
      continue;
    }
    if (close < 0) {
      throw new NotebookParseError(
        i + 1,
        `the \`${lang}\` cell opened here is never closed: add a line with ${fence} after its body`,
      );
    }
    flushProse(i);
    const { id, implicitId, attrs } = parseInfo(info, i + 1, lang, kindCounts);
    const firstLine = usedIds.get(id);
    if (firstLine !== undefined) {
      throw new NotebookParseError(
        i + 1,
        `cell id \`${id}\` is already used by the cell on line ${firstLine}: give this cell another id`,
      );
    }
    usedIds.set(id, i + 1);
    const bodyLines = lines.slice(i + 1, close);
    const body = joinLines(bodyLines);
    const cell: CellBlock = {
      type: 'cell',
      kind: lang,
      id,
      implicitId,
      attrs,
      code: stripFinalEol(body),
      line: i + 1,
      source: {
        open: lines[i]!.text + lines[i]!.eol,
        body,
        close: lines[close]!.text + lines[close]!.eol,
        eol: lines[i]!.eol || '\n',
      },
    };
    void indent;
    blocks.push(cell);
    i = close + 1;
    proseStart = i;
  }
  flushProse(lines.length);
  return { bom, frontMatter, blocks };
}

/** Write a notebook back to text. Unchanged parts come out byte for byte as they were read. */
export function serializeNotebook(notebook: Notebook): string {
  let out = notebook.bom + (notebook.frontMatter?.raw ?? '');
  for (const block of notebook.blocks) {
    out += block.type === 'prose' ? block.text : block.source.open + block.source.body + block.source.close;
  }
  return out;
}

function findClosingFence(lines: Line[], from: number, fence: string): number {
  const char = fence[0] === '`' ? '`' : '~';
  const closeRe = new RegExp(`^ {0,3}\\${char}{${fence.length},}[ \\t]*$`);
  for (let k = from; k < lines.length; k++) {
    if (closeRe.test(lines[k]!.text)) return k;
  }
  return -1;
}

function parseInfo(
  info: string,
  line: number,
  kind: string,
  kindCounts: Map<string, number>,
): { id: string; implicitId: boolean; attrs: Record<string, string> } {
  const tokens = info.split(/\s+/).slice(1);
  let id: string | undefined;
  const attrs: Record<string, string> = {};
  for (const [k, token] of tokens.entries()) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      if (k !== 0) {
        throw new NotebookParseError(
          line,
          `unexpected \`${token}\` in the cell header: write \`${kind} <id> key=value …\``,
        );
      }
      if (!CELL_ID.test(token)) {
        throw new NotebookParseError(
          line,
          `cell id \`${token}\` must start with a letter or _ and hold only letters, digits and _ ` +
            `(it becomes a SQL table name): try \`${token.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_')}\``,
        );
      }
      id = token;
    } else {
      attrs[token.slice(0, eq)] = token.slice(eq + 1);
    }
  }
  const n = (kindCounts.get(kind) ?? 0) + 1;
  kindCounts.set(kind, n);
  if (id !== undefined) return { id, implicitId: false, attrs };
  return { id: `${kind.replace(/-/g, '_')}_${n}`, implicitId: true, attrs };
}

function parseFrontMatterYaml(yamlText: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (e) {
    const yamlLine = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? 1) : 1;
    throw new NotebookParseError(yamlLine + 1, `front matter is not valid YAML: ${firstLine((e as Error).message)}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new NotebookParseError(2, 'front matter must be YAML keys and values (title: …, datasets: …)');
  }
  return data as Record<string, unknown>;
}

function stripFinalEol(s: string): string {
  return s.replace(/(\r\n|\n|\r)$/, '');
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/**
 * Pure edits on a notebook. Each returns a new Notebook and regenerates only the text of what changed,
 * so the rest of the file keeps its exact bytes (and its diff stays small in git).
 */
import { stringify as stringifyYaml } from 'yaml';
import { NotebookParseError } from './errors.ts';
import { parseNotebook, serializeNotebook } from './format.ts';
import type { Block, CellBlock, Notebook } from './model.ts';

/** The line end most used in the notebook, for new text. */
export function dominantEol(notebook: Notebook): string {
  const sample = notebook.blocks.map((b) => (b.type === 'prose' ? b.text : b.source.open)).join('');
  const crlf = (sample.match(/\r\n/g) ?? []).length;
  const lf = (sample.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

function replaceCell(notebook: Notebook, id: string, update: (cell: CellBlock) => CellBlock): Notebook {
  let found = false;
  const blocks = notebook.blocks.map((b) => {
    if (b.type === 'cell' && b.id === id) {
      found = true;
      return update(b);
    }
    return b;
  });
  if (!found) throw new Error(`No cell \`${id}\` in this notebook.`);
  return { ...notebook, blocks };
}

/** Replace a cell's code (SQL or YAML body). */
export function setCellCode(notebook: Notebook, id: string, code: string): Notebook {
  return reparse(replaceCell(notebook, id, (cell) => {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(cell.source.open)?.[1] ?? '```';
    // A body line that would close the fence early gets a longer fence instead.
    const longestInner = Math.max(0, ...[...code.matchAll(new RegExp(`^ {0,3}(\\${fence[0]}{3,})`, 'gm'))].map((m) => m[1]!.length));
    const newFence = longestInner >= fence.length ? fence[0]!.repeat(longestInner + 1) : fence;
    const eol = cell.source.eol;
    const body = code === '' ? '' : code.replace(/\r\n|\n|\r/g, eol) + eol;
    const open = newFence === fence ? cell.source.open : cell.source.open.replace(fence, newFence);
    const close = newFence === fence ? cell.source.close : cell.source.close.replace(fence, newFence);
    return { ...cell, code: stripEol(body), source: { ...cell.source, open, body, close } };
  }));
}

/** Rename a cell (its result table). References to it in other cells are not rewritten. */
export function renameCell(notebook: Notebook, id: string, newId: string): Notebook {
  return rewriteInfo(notebook, id, (kind, _oldId, attrs) => ({ kind, id: newId, attrs }));
}

/** Set or remove (`value === undefined`) a `key=value` attribute in a cell header. */
export function setCellAttr(notebook: Notebook, id: string, key: string, value: string | undefined): Notebook {
  return rewriteInfo(notebook, id, (kind, cellId, attrs) => {
    const next = { ...attrs };
    if (value === undefined) delete next[key];
    else next[key] = value;
    return { kind, id: cellId, attrs: next };
  });
}

function rewriteInfo(
  notebook: Notebook,
  id: string,
  f: (kind: string, id: string, attrs: Record<string, string>) => { kind: string; id: string; attrs: Record<string, string> },
): Notebook {
  const updated = replaceCell(notebook, id, (cell) => {
    const next = f(cell.kind, cell.id, cell.attrs);
    const m = /^( {0,3})(`{3,}|~{3,})/.exec(cell.source.open)!;
    const attrs = Object.entries(next.attrs).map(([k, v]) => ` ${k}=${v}`).join('');
    const open = `${m[1]}${m[2]}${next.kind} ${next.id}${attrs}${cell.source.eol}`;
    return { ...cell, ...next, implicitId: false, source: { ...cell.source, open } };
  });
  return reparse(updated);
}

/** Insert a new cell after the block at `afterIndex` (-1 for the top). */
export function insertCell(notebook: Notebook, afterIndex: number, kind: string, id: string, code = ''): Notebook {
  const eol = dominantEol(notebook);
  const before = notebook.blocks.slice(0, afterIndex + 1);
  const after = notebook.blocks.slice(afterIndex + 1);
  const prev = before.at(-1);
  const blocks: Block[] = [...before];
  // Keep the Markdown readable: a blank line between a cell and what surrounds it.
  const prevText = prev ? (prev.type === 'prose' ? prev.text : prev.source.close) : notebook.frontMatter?.raw ?? '';
  if (prevText !== '' && !/(\r\n|\n|\r)$/.test(prevText)) {
    blocks[blocks.length - 1] = appendText(prev!, eol);
  }
  if (prevText !== '' && !/(\r\n|\n|\r)(\r\n|\n|\r)$/.test(prevText + (/(\r\n|\n|\r)$/.test(prevText) ? '' : eol))) {
    blocks.push({ type: 'prose', text: eol, line: 0 });
  }
  const body = code === '' ? '' : code.replace(/\r\n|\n|\r/g, eol) + eol;
  blocks.push({
    type: 'cell',
    kind,
    id,
    implicitId: false,
    attrs: {},
    code,
    line: 0,
    source: { open: `\`\`\`${kind} ${id}${eol}`, body, close: `\`\`\`${eol}`, eol },
  });
  if (after.length > 0 && !(after[0]!.type === 'prose' && /^(\r\n|\n|\r)/.test(after[0]!.text))) {
    blocks.push({ type: 'prose', text: eol, line: 0 });
  }
  blocks.push(...after);
  return reparse({ ...notebook, blocks });
}

/** Remove a cell; the prose around it stays. */
export function deleteCell(notebook: Notebook, id: string): Notebook {
  const blocks = notebook.blocks.filter((b) => !(b.type === 'cell' && b.id === id));
  if (blocks.length === notebook.blocks.length) throw new Error(`No cell \`${id}\` in this notebook.`);
  return reparse({ ...notebook, blocks });
}

/** Move a cell up (-1) or down (+1) past the neighbouring cell, carrying no prose with it. */
export function moveCell(notebook: Notebook, id: string, direction: -1 | 1): Notebook {
  const blocks = [...notebook.blocks];
  const from = blocks.findIndex((b) => b.type === 'cell' && b.id === id);
  if (from < 0) throw new Error(`No cell \`${id}\` in this notebook.`);
  let to = from + direction;
  while (to >= 0 && to < blocks.length && blocks[to]!.type !== 'cell') to += direction;
  if (to < 0 || to >= blocks.length) return notebook;
  [blocks[from], blocks[to]] = [blocks[to]!, blocks[from]!];
  return reparse({ ...notebook, blocks });
}

/** Replace the front matter data (comments in the old front matter are not kept). */
export function setFrontMatter(notebook: Notebook, data: Record<string, unknown>): Notebook {
  const eol = dominantEol(notebook);
  const yaml = stringifyYaml(data).replace(/\n/g, eol);
  return { ...notebook, frontMatter: { data, raw: `---${eol}${yaml}---${eol}` } };
}

function appendText(block: Block, text: string): Block {
  return block.type === 'prose'
    ? { ...block, text: block.text + text }
    : { ...block, source: { ...block.source, close: block.source.close + text } };
}

/** Re-read the edited text so line numbers and generated ids stay true; a bad edit throws. */
function reparse(notebook: Notebook): Notebook {
  try {
    return parseNotebook(serializeNotebook(notebook));
  } catch (e) {
    if (e instanceof NotebookParseError) throw new Error(`That edit would make the notebook invalid: ${e.message}`);
    throw e;
  }
}

function stripEol(s: string): string {
  return s.replace(/(\r\n|\n|\r)$/, '');
}

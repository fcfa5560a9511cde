/**
 * Prose is the notebook's Markdown cell: the text between fenced cells, edited in place. These edits
 * keep the blank lines that separate prose from the cells around it, and refuse text that would turn
 * into a cell or end one (a ``` fence line), so editing a note never changes the notebook's cells.
 */
import { dominantEol } from './edit.ts';
import { parseNotebook, serializeNotebook } from './format.ts';
import { cells, type Block, type Notebook } from './model.ts';

const LEADING_BLANK = /^(?:[ \t]*(?:\r\n|\n|\r))*/;
const TRAILING_BLANK = /(?:(?:\r\n|\n|\r)[ \t]*)*$/;

/** The prose as a person edits it: without the blank lines that separate it from its neighbours. */
export function proseBody(text: string): string {
  return text.trim() === '' ? '' : text.replace(LEADING_BLANK, '').replace(TRAILING_BLANK, '');
}

/** Replace the text of the prose block at `blockIndex`; empty text removes the note (its spacing stays). */
export function setProseText(notebook: Notebook, blockIndex: number, text: string): Notebook {
  const block = notebook.blocks[blockIndex];
  if (!block || block.type !== 'prose') throw new Error('That note is no longer in the notebook: reload it and try again.');
  const eol = dominantEol(notebook);
  const lead = LEADING_BLANK.exec(block.text)![0];
  const trail = TRAILING_BLANK.exec(block.text.slice(lead.length))![0];
  const body = proseBody(text).replace(/\r\n|\n|\r/g, eol);
  const next = body === '' ? (lead + trail || eol) : `${lead}${body}${trail.length > 0 ? trail : eol}`;
  return checked(notebook, notebook.blocks.map((b, i) => (i === blockIndex ? { ...block, text: next } : b)));
}

/** Insert a new note after the block at `afterIndex` (-1 for the top), with blank lines around it. */
export function insertProse(notebook: Notebook, afterIndex: number, text: string): Notebook {
  const eol = dominantEol(notebook);
  const body = proseBody(text).replace(/\r\n|\n|\r/g, eol);
  if (body === '') throw new Error('Write the note first: an empty note is not added.');
  const blocks: Block[] = [...notebook.blocks];
  blocks.splice(afterIndex + 1, 0, { type: 'prose', text: `${eol}${body}${eol}${eol}`, line: 0 });
  return checked(notebook, blocks);
}

function checked(notebook: Notebook, blocks: Block[]): Notebook {
  const out = parseNotebook(serializeNotebook({ ...notebook, blocks }));
  const ids = (nb: Notebook) => cells(nb).map((c) => `${c.kind} ${c.id}`).join('\n');
  if (ids(out) !== ids(notebook)) {
    throw new Error('A note cannot hold a ``` fence line: it would start or end a cell. Add a cell for code instead, or indent the fence by four spaces.');
  }
  return out;
}

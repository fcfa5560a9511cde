/**
 * Edits of a notebook's front matter that keep the rest of it: the YAML is edited as a document, so
 * comments and key order survive a new title or a newly declared dataset.
 */
import { parseDocument } from 'yaml';
import { dominantEol } from './edit.ts';
import { parseNotebook, serializeNotebook } from './format.ts';
import type { Notebook } from './model.ts';

/** A dataset the user added to a notebook: the file it came from, and the canonical schema if one was detected. */
export interface AddedDataset {
  name: string;
  file: string;
  schema?: string;
}

/** Set `title:` (trimmed; an empty title is refused, since it names downloads and the history). */
export function setTitle(notebook: Notebook, title: string): Notebook {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t === '') throw new Error('A notebook needs a title: it names its downloads and its history.');
  return editFrontMatter(notebook, (doc) => doc.set('title', t));
}

/**
 * Declare a dataset under `datasets:` as `name: { file, schema? }`, so a reload, a bundle and a
 * colleague opening the file know which data the notebook needs. A name already declared is left as
 * it is (a module's dataset keeps its sample; the user's file replaces it only in this browser).
 */
export function declareDataset(notebook: Notebook, added: AddedDataset): Notebook {
  const d = notebook.frontMatter?.data.datasets;
  if (d && typeof d === 'object' && !Array.isArray(d) && added.name in d) return notebook;
  return editFrontMatter(notebook, (doc) => {
    doc.setIn(['datasets', added.name], doc.createNode({ file: added.file, ...(added.schema ? { schema: added.schema } : {}) }));
  });
}

function editFrontMatter(notebook: Notebook, edit: (doc: ReturnType<typeof parseDocument>) => void): Notebook {
  const eol = dominantEol(notebook);
  const raw = notebook.frontMatter?.raw;
  const yamlText = raw ? raw.replace(/^---(\r\n|\n|\r)/, '').replace(/(\r\n|\n|\r)?---(\r\n|\n|\r)?$/, '\n') : '';
  const doc = parseDocument(yamlText);
  edit(doc);
  const body = doc.toString({ lineWidth: 0 }).replace(/\r?\n/g, eol);
  const newRaw = `---${eol}${body}---${eol}`;
  // A notebook without front matter gets a blank line before its first block.
  const blocks = raw ? notebook.blocks : [{ type: 'prose' as const, text: eol, line: 0 }, ...notebook.blocks];
  return parseNotebook(serializeNotebook({ ...notebook, frontMatter: { data: {}, raw: newRaw }, blocks }));
}

/** Opening a `.pulse.md` file: checked to be a Pulse notebook before anything is stored. */
import { parseNotebook } from '../core/notebook/format.ts';
import { NotebookParseError } from '../core/notebook/errors.ts';
import { cells, notebookTitle } from '../core/notebook/model.ts';
import { decodeUtf8Strict } from './bytes.ts';
import { OpenFileError } from './errors.ts';

export interface OpenedNotebook {
  text: string;
  title: string;
}

/**
 * Check that `input` (a file's bytes or text) is a Pulse notebook: UTF-8 text, no NUL bytes, it
 * parses, and it has `pulse:` front matter or at least one cell (a README is Markdown, not a notebook).
 */
export function openNotebookFile(input: Uint8Array | string, fileName = 'this file'): OpenedNotebook {
  const text = typeof input === 'string' ? input : decodeUtf8Strict(input);
  if (text === null || text.includes('\u0000')) {
    throw new OpenFileError('not-a-notebook', `${fileName} is not a Pulse notebook: it is not text. Open a .pulse.md file, or import data files from the data panel.`);
  }
  let notebook;
  try {
    notebook = parseNotebook(text);
  } catch (e) {
    if (e instanceof NotebookParseError) throw new OpenFileError('not-a-notebook', `${fileName} could not be read as a Pulse notebook: ${e.message}.`);
    throw e;
  }
  if (notebook.frontMatter?.data.pulse === undefined && cells(notebook).length === 0) {
    throw new OpenFileError('not-a-notebook', `${fileName} is not a Pulse notebook: it has no "pulse:" front matter and no cells. Open a .pulse.md file, or start a new notebook and paste the text into it.`);
  }
  return { text, title: notebookTitle(notebook) };
}

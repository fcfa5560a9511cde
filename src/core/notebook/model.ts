/**
 * The saved notebook: what the `.pulse.md` file holds. Run state (results, errors, timings) lives
 * elsewhere (see runState.ts) so that saving never depends on running.
 */

/** A run of prose Markdown, kept byte for byte. */
export interface ProseBlock {
  type: 'prose';
  /** Exact source text, line ends included. */
  text: string;
  /** 1-based line where the block starts. */
  line: number;
}

/** A fenced code block whose info string starts with a known cell kind. */
export interface CellBlock {
  type: 'cell';
  kind: string;
  /** Name of the cell's result table. Generated (`kind_N`) when the file gives none. */
  id: string;
  /** True when the id was generated rather than written in the file. */
  implicitId: boolean;
  /** `key=value` pairs after the id in the info string. */
  attrs: Record<string, string>;
  /** Cell body without the final line end (SQL for `sql`, YAML for declarative kinds). */
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Lossless source: the opening fence line, body text and closing fence line exactly as read. */
  source: { open: string; body: string; close: string; eol: string };
}

export type Block = ProseBlock | CellBlock;

export interface FrontMatter {
  /** Parsed YAML (an object). */
  data: Record<string, unknown>;
  /** Exact source text including the `---` delimiters and the final line end. */
  raw: string;
}

export interface Notebook {
  /** A byte-order mark found at the start of the file, kept for the round trip. */
  bom: string;
  frontMatter: FrontMatter | null;
  blocks: Block[];
}

/** A dataset the notebook needs, as declared in front matter `datasets:`. */
export interface DatasetDecl {
  name: string;
  /** Canonical schema the dataset follows, e.g. `ad_daily` (docs/schema.md). */
  schema?: string;
  /** Bundled sample file bound when the user gives none, relative to the sample data folder. */
  sample?: string;
  /** The user's own file the dataset was made from (`file: orders.csv`): what to ask for when it is missing. */
  file?: string;
  /** Pulled from a warehouse by `pulse run` / `pulse pull` (core/notebook/warehouse.ts); never by the browser. */
  warehouse?: { connection: string; query: string };
}

export function cells(notebook: Notebook): CellBlock[] {
  return notebook.blocks.filter((b): b is CellBlock => b.type === 'cell');
}

export function notebookTitle(notebook: Notebook): string {
  const t = notebook.frontMatter?.data.title;
  return typeof t === 'string' ? t : 'Untitled notebook';
}

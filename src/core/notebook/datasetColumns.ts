/**
 * Which columns of a dataset's canonical schema a notebook reads, so `pulse run` can refuse a file
 * that lacks them before any cell runs (one message naming the columns, instead of every cell failing
 * with a binder error). A file need not hold the whole schema: only what the notebook uses.
 *
 * A notebook may also read columns its bundled sample has beyond the schema (a breakdown no export
 * carries, say): passed as `sampleColumns`, they are looked for too, so "Use my data" can say which
 * sections a user's file cannot run for lack of them.
 */
import { CELL_KIND_DEFS } from '../cells/registry.ts';
import { readYamlBody } from '../cells/yamlBody.ts';
import { CANONICAL_TABLES } from '../importers/schema.ts';
import { buildGraph, dependentsOf } from './graph.ts';
import { cells, type CellBlock, type Notebook } from './model.ts';
import { tokenizeSql, type SqlToken } from './sqlTokens.ts';

/**
 * The canonical columns of `schema` that the cells reading `dataset` name, in schema order.
 *
 * A heuristic that errs toward asking for less: in SQL, an identifier counts when it names a column
 * of the schema and is not a function name (`date(…)`), a type (after `AS` or `::`), a typed literal
 * (`DATE '2024-01-01'`), an alias (`AS clicks`), a table qualifier (`ad.clicks`) or a column of
 * another table (`e.platform`); in a declarative cell, a text value that names a column counts
 * (`successes: clicks`). A column the heuristic misses still fails its cell, as before.
 *
 * @example
 * // datasets: { ads: { schema: ad_daily } } and a cell `SELECT variant, sum(clicks) FROM ads GROUP BY 1`
 * columnsReadFrom(notebook, 'ads', 'ad_daily'); // => ['variant', 'clicks']
 */
export function columnsReadFrom(notebook: Notebook, dataset: string, schema: string, sampleColumns: readonly string[] = []): string[] {
  const known = knownColumns(schema, sampleColumns);
  const found = new Set<string>();
  for (const cell of cells(notebook)) for (const n of cellColumns(cell, dataset, known)) found.add(n);
  return known.filter((n) => found.has(n));
}

/** The schema's columns in schema order, then the sample's others in header order (lower case); none for an unknown schema. */
function knownColumns(schema: string, sampleColumns: readonly string[]): string[] {
  const table = CANONICAL_TABLES.find((t) => t.name === schema);
  if (!table) return [];
  const canonical = table.columns.map((c) => c.name);
  const extra = sampleColumns.map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && !canonical.includes(c));
  return [...canonical, ...new Set(extra)];
}

/** The columns of `known` one cell reads from `dataset` (none when it does not read it). */
function cellColumns(cell: CellBlock, dataset: string, known: readonly string[]): string[] {
  if (known.length === 0 || !readsTable(cell, dataset)) return [];
  const names = cell.kind === 'sql' ? sqlColumnNames(cell.code, dataset) : yamlTextValues(cell.code, cell.kind);
  return known.filter((n) => names.includes(n));
}

/**
 * The column names on the first line of a CSV sample (BOM dropped, double-quoted names unquoted), to
 * pass as `sampleColumns`. Bundled samples are plain CSV written by `pulse sample`.
 * @example csvHeaderColumns('date,"ad set",clicks\n…') // => ['date', 'ad set', 'clicks']
 */
export function csvHeaderColumns(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!).trim());
}

/** A cell that cannot run on a given file, and why. */
export interface CellThatCannotRun {
  id: string;
  /** The heading of the section the cell is in (the nearest Markdown heading above it), if any. */
  section: string | null;
  /** Columns it reads that the file lacks (or holds no value in). */
  missing: string[];
  /** Set when the cell itself reads nothing missing but reads the result of a cell that cannot run. */
  via?: string;
}

/**
 * Which cells cannot run when `dataset` is a file holding only the columns in `available` (with at
 * least one value): the cells that read a column it lacks (of the schema, or of `sampleColumns`),
 * then the cells that read their results.
 * Checked before running, so "Use my data" can say which sections will fail and why.
 *
 * @example
 * // a cell `conv` reads `conversions`; the user's Meta export has no conversions column
 * cellsThatCannotRun(notebook, 'ads', 'ad_daily', ['date', 'clicks', 'impressions'])
 * // => [{ id: 'conv', section: 'Conversion rate', missing: ['conversions'] }]
 */
export function cellsThatCannotRun(notebook: Notebook, dataset: string, schema: string, available: Iterable<string>, sampleColumns: readonly string[] = []): CellThatCannotRun[] {
  const have = new Set([...available].map((c) => c.toLowerCase()));
  const known = knownColumns(schema, sampleColumns);
  const sections = sectionOfCells(notebook);
  const out: CellThatCannotRun[] = [];
  for (const cell of cells(notebook)) {
    const missing = cellColumns(cell, dataset, known).filter((c) => !have.has(c));
    if (missing.length > 0) out.push({ id: cell.id, section: sections.get(cell.id) ?? null, missing });
  }
  if (out.length === 0) return out;
  const blocked = new Set(out.map((c) => c.id));
  const graph = buildGraph(notebook, { datasets: [dataset] });
  for (const c of [...out]) {
    for (const d of dependentsOf(graph, [c.id])) {
      if (blocked.has(d)) continue;
      blocked.add(d);
      out.push({ id: d, section: sections.get(d) ?? null, missing: [], via: c.id });
    }
  }
  const order = cells(notebook).map((c) => c.id);
  return out.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** Each cell's section: the text of the last Markdown heading above it. */
function sectionOfCells(notebook: Notebook): Map<string, string> {
  const out = new Map<string, string>();
  let heading: string | null = null;
  for (const b of notebook.blocks) {
    if (b.type === 'prose') {
      for (const m of b.text.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) heading = m[1]!.trim();
    } else if (heading !== null) out.set(b.id, heading);
  }
  return out;
}

function readsTable(cell: CellBlock, name: string): boolean {
  try {
    const refs = CELL_KIND_DEFS.get(cell.kind)?.references(cell);
    return refs?.tables.some((t) => t.toLowerCase() === name.toLowerCase()) ?? false;
  } catch {
    return false; // a body that can't be read fails its own cell with a better message
  }
}

/** Words that put the identifier after them in a type, alias or table position. */
const NOT_A_COLUMN_AFTER = new Set(['as', 'from', 'join']);

function sqlColumnNames(sql: string, dataset: string): string[] {
  let tokens: SqlToken[];
  try {
    tokens = tokenizeSql(sql);
  } catch {
    return [];
  }
  const ds = dataset.toLowerCase();
  const out: string[] = [];
  tokens.forEach((t, k) => {
    if (t.type !== 'word' && t.type !== 'quoted') return;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (next && ((next.type === 'punct' && (next.text === '(' || next.text === '.')) || next.type === 'string')) return;
    if (prev?.type === 'punct' && prev.text === ':') return;
    if (prev?.type === 'word' && (NOT_A_COLUMN_AFTER.has(prev.value) || prev.value === ds)) return;
    if (prev?.type === 'punct' && prev.text === '.') {
      const qualifier = tokens[k - 2];
      if (!qualifier || qualifier.value.toLowerCase() !== ds) return;
    }
    out.push(t.type === 'word' ? t.value : t.value.toLowerCase());
  });
  return out;
}

/** Every text value of a declarative body (lists and nested maps included; `a, b` split at commas). */
function yamlTextValues(code: string, kind: string): string[] {
  let data: unknown;
  try {
    data = readYamlBody(code, kind);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(...v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(data);
  return out;
}

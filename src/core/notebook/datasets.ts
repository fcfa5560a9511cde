import { CANONICAL_TABLES } from '../importers/schema.ts';
import { cells, type DatasetDecl, type Notebook } from './model.ts';
import { parseWarehouseSource } from './warehouse.ts';

/**
 * The datasets a notebook declares in front matter:
 * `datasets: { ads: { schema: ad_daily, sample: ad_daily.csv } }` (or `ads: ad_daily.csv` for short),
 * or for the user's own data `orders: { file: orders-2026.csv }` (the file they added, asked for by name).
 */
export function declaredDatasets(notebook: Notebook): DatasetDecl[] {
  const d = notebook.frontMatter?.data.datasets;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return [];
  return Object.entries(d as Record<string, unknown>).map(([name, v]) => {
    if (typeof v === 'string') return { name, sample: v };
    const o = (v ?? {}) as Record<string, unknown>;
    const warehouse = parseWarehouseSource(name, o.warehouse);
    return {
      name,
      ...(typeof o.schema === 'string' ? { schema: o.schema } : {}),
      ...(typeof o.sample === 'string' ? { sample: o.sample } : {}),
      ...(typeof o.file === 'string' ? { file: o.file } : {}),
      ...(warehouse && !('error' in warehouse) ? { warehouse } : {}),
    };
  });
}

/**
 * Which loaded tables are this notebook's datasets, for its cell graph and runs, and which its cells
 * shadow. In the browser the tables of notebooks opened before stay loaded; a cell named like one this
 * notebook does not declare is this notebook's cell, whose result replaces that table (the other
 * notebook binds its data again when it opens), not a clash with "the name of a dataset". A cell
 * named like a dataset the notebook declares is still that clash.
 * @example
 * // loaded: ads (module A's) and posts (module B's); this notebook declares ads and has a cell `posts`
 * splitLoadedTables(notebook, ['ads', 'posts']) // => { datasets: ['ads'], shadowed: ['posts'] }
 */
export function splitLoadedTables(notebook: Notebook | null, loaded: readonly string[]): { datasets: string[]; shadowed: string[] } {
  if (!notebook) return { datasets: [...loaded], shadowed: [] };
  const declared = new Set(declaredDatasets(notebook).map((d) => d.name.toLowerCase()));
  const cellIds = new Set(cells(notebook).map((c) => c.id.toLowerCase()));
  const isShadowed = (t: string) => cellIds.has(t.toLowerCase()) && !declared.has(t.toLowerCase());
  return { datasets: loaded.filter((t) => !isShadowed(t)), shadowed: loaded.filter(isShadowed) };
}

/**
 * The problems of the notebook's `warehouse:` declarations (one message per dataset), so a run refuses
 * a malformed one instead of treating the dataset as a file that was not given.
 */
export function warehouseDeclarationProblems(notebook: Notebook): string[] {
  const d = notebook.frontMatter?.data.datasets;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return [];
  return Object.entries(d as Record<string, unknown>).flatMap(([name, v]) => {
    if (!v || typeof v !== 'object') return [];
    const parsed = parseWarehouseSource(name, (v as Record<string, unknown>).warehouse);
    return parsed && 'error' in parsed ? [parsed.error] : [];
  });
}

/**
 * Types to force when loading a dataset declared with a canonical schema: its text columns (ids,
 * names, hashes) stay text even when every value looks like a number.
 */
export function canonicalTextColumns(schema: string | undefined): Record<string, string> {
  const table = CANONICAL_TABLES.find((t) => t.name === schema);
  if (!table) return {};
  return Object.fromEntries(table.columns.filter((c) => c.type === 'VARCHAR').map((c) => [c.name, 'VARCHAR']));
}

/**
 * Why a front-matter `sample:` is not a file inside the bundled sample folder, or null when it is. A
 * shared notebook names its sample; it may not reach outside the folder (`../`, an absolute path, a
 * drive letter, a URL), or `pulse run` would load any file the user can read into its report.
 */
export function samplePathProblem(sample: string): string | null {
  if (sample.trim() === '') return 'it is empty';
  if (/^[\\/]/.test(sample) || /^[A-Za-z]:/.test(sample)) return 'it is an absolute path';
  if (/^[A-Za-z][\w+.-]*:/.test(sample)) return 'it is a URL';
  if (sample.split(/[\\/]/).some((part) => part === '..')) return 'it climbs out of the folder with ..';
  if (sample.includes('\0')) return 'it holds a NUL character';
  return null;
}

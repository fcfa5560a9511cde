/**
 * Keys and limits of the results kept between visits ("open with results"). A cell's result key is
 * a hash of what the result was computed from: the cell's kind and code, the keys of the cells it
 * reads, the versions of the datasets it reads and the values of the parameters it uses. A kept
 * result whose key differs from the key the notebook gives now is stale. Pure: no storage here.
 */
import { buildGraph } from './graph.ts';
import { cells, type Notebook } from './model.ts';
import type { ParamValue } from './params.ts';

export interface ResultKeyInputs {
  /** Dataset name → a token that changes when its data does (sample file, or stored file + size). */
  datasets: Readonly<Record<string, string>>;
  /** Values set on input cells' controls (run state; the default is in the cell's code). */
  inputValues?: Readonly<Record<string, ParamValue>>;
}

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc): fast, well spread, and enough to tell
 * versions of one notebook's cells apart; it is not a security boundary.
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The result key of every cell of `notebook`. A cell in a cycle or with an unknown reference gets
 * a key too (its result will be an error, which is never kept).
 *
 * @example
 * const keys = resultKeys(parseNotebook(text), { datasets: { ads: 'sample:ad_daily.csv' } });
 * // editing `variants` changes keys.variants and the key of every cell that reads it
 */
export function resultKeys(notebook: Notebook, inputs: ResultKeyInputs): Record<string, string> {
  const datasetNames = Object.keys(inputs.datasets);
  const graph = buildGraph(notebook, { datasets: datasetNames });
  const frontParams = (notebook.frontMatter?.data.params ?? {}) as Record<string, unknown>;
  const datasetToken = new Map(datasetNames.map((n) => [n.toLowerCase(), inputs.datasets[n]!]));
  const byId = new Map(cells(notebook).map((c) => [c.id, c]));
  const keys: Record<string, string> = {};
  const visiting = new Set<string>();
  const keyOf = (id: string): string => {
    const done = keys[id];
    if (done !== undefined) return done;
    const cell = byId.get(id)!;
    const node = graph.nodes.get(id)!;
    if (visiting.has(id)) return 'cycle';
    visiting.add(id);
    const parts = [
      cell.kind,
      cell.code,
      JSON.stringify(cell.attrs ?? {}),
      ...node.deps.map((d) => `cell ${d}=${keyOf(d)}`),
      ...node.tables.map((t) => `table ${t}=${datasetToken.get(t.toLowerCase()) ?? '?'}`),
      ...node.params.map((p) => `param ${p}=${JSON.stringify(frontParams[p] ?? null)}`),
    ];
    if (cell.kind === 'input' && inputs.inputValues && id in inputs.inputValues) parts.push(`value=${JSON.stringify(inputs.inputValues[id])}`);
    visiting.delete(id);
    return (keys[id] = hashText(parts.join('\n')));
  };
  for (const id of byId.keys()) keyOf(id);
  return keys;
}

/** Cells whose kept result was computed from something else than the notebook now gives (or that are gone). */
export function staleResults(kept: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): Set<string> {
  const stale = new Set<string>();
  for (const [id, key] of Object.entries(kept)) if (current[id] !== key) stale.add(id);
  return stale;
}

export { RESULT_LIMITS, rowsToKeep, type ResultLimits } from './resultLimits.ts';

/**
 * The cell graph: which cell reads which, in what order cells run, and what goes stale after an edit.
 * A cycle or an unknown name is an error on the cells involved; every other cell still runs.
 */
import { CELL_KIND_DEFS } from '../cells/registry.ts';
import { cells, type CellBlock, type Notebook } from './model.ts';
import { warehouseOfCell } from './warehouse.ts';

export interface GraphNode {
  id: string;
  kind: string;
  /** Cells this cell reads (results or input parameters), in first-use order. */
  deps: string[];
  /** Datasets and loaded tables it reads. */
  tables: string[];
  /** Front-matter or command-line parameters it reads. */
  params: string[];
  /** Why the cell can't run, when it can't. */
  error?: string;
}

export interface CellGraph {
  nodes: Map<string, GraphNode>;
  /** Run order: dependencies first, document order among independent cells. */
  order: string[];
}

export interface GraphOptions {
  /** Datasets the notebook binds (front matter `datasets:` and any the user added). */
  datasets?: Iterable<string>;
  /**
   * Every other table a query may read (the engine's catalogue). When given, a table name that is
   * neither a cell, a dataset nor one of these is an error; when omitted, unknown tables are left to
   * the database to report.
   */
  tables?: Iterable<string>;
  /** Parameters defined outside input cells: front matter `params:` and `--param`. */
  params?: Iterable<string>;
}

const lower = (s: string) => s.toLowerCase();

/** Build the graph of a notebook. */
export function buildGraph(notebook: Notebook, options: GraphOptions = {}): CellGraph {
  const all = cells(notebook);
  const byLowerId = new Map(all.map((c) => [lower(c.id), c]));
  const datasets = new Set([...(options.datasets ?? [])].map(lower));
  const tables = options.tables ? new Set([...options.tables].map(lower)) : undefined;
  const frontParams = frontMatterParams(notebook);
  const params = new Set([...frontParams, ...(options.params ?? [])]);

  const nodes = new Map<string, GraphNode>();
  for (const cell of all) nodes.set(cell.id, nodeOf(cell, byLowerId, datasets, tables, params));

  markCycles(nodes);
  return { nodes, order: topologicalOrder(all, nodes) };
}

function nodeOf(
  cell: CellBlock,
  byLowerId: Map<string, CellBlock>,
  datasets: Set<string>,
  tables: Set<string> | undefined,
  params: Set<string>,
): GraphNode {
  const node: GraphNode = { id: cell.id, kind: cell.kind, deps: [], tables: [], params: [] };
  const def = CELL_KIND_DEFS.get(cell.kind);
  if (!def) {
    node.error = `cell kind \`${cell.kind}\` is not available in this version of Pulse`;
    return node;
  }
  // A warehouse cell's pulled result arrives as a table of its own name (a `pulse pull` bundle).
  if (datasets.has(lower(cell.id)) && warehouseOfCell(cell) === null) {
    node.error = `cell id \`${cell.id}\` is also the name of a dataset: rename the cell`;
  }
  let refs;
  try {
    refs = def.references(cell);
  } catch (e) {
    node.error = (e as Error).message;
    return node;
  }
  const unknown: string[] = [];
  const addDep = (id: string) => {
    if (!node.deps.includes(id)) node.deps.push(id);
  };
  for (const t of refs.tables) {
    const target = byLowerId.get(lower(t));
    if (target) addDep(target.id);
    else if (datasets.has(lower(t)) || tables === undefined || tables.has(lower(t))) {
      if (!node.tables.includes(t)) node.tables.push(t);
    } else unknown.push(`table \`${t}\``);
  }
  for (const t of refs.softTables ?? []) {
    const target = byLowerId.get(lower(t));
    if (target) addDep(target.id);
    else if ((datasets.has(lower(t)) || tables?.has(lower(t))) && !node.tables.includes(t)) node.tables.push(t);
  }
  for (const p of refs.params) {
    const target = byLowerId.get(lower(p));
    if (target?.kind === 'input') addDep(target.id);
    else if (params.has(p)) {
      if (!node.params.includes(p)) node.params.push(p);
    } else unknown.push(`parameter \`${p}\``);
  }
  if (unknown.length > 0 && !node.error) {
    node.error = `unknown ${unknown.join(' and ')}: no cell, dataset${tables ? ', loaded table' : ''} or parameter has that name`;
  }
  return node;
}

/** Names defined by front matter `params:`. */
export function frontMatterParams(notebook: Notebook): string[] {
  const p = notebook.frontMatter?.data.params;
  return p && typeof p === 'object' && !Array.isArray(p) ? Object.keys(p) : [];
}

/** Give every cell on a cycle an error that names the whole cycle (Tarjan's strongly connected components). */
function markCycles(nodes: Map<string, GraphNode>): void {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of nodes.get(v)!.deps) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      const selfLoop = scc.length === 1 && nodes.get(v)!.deps.includes(v);
      if (scc.length > 1 || selfLoop) {
        const ring = describeCycle(scc.reverse(), nodes);
        for (const id of scc) nodes.get(id)!.error = `cycle: ${ring} — one of these cells must stop reading the other`;
      }
    }
  };
  for (const v of nodes.keys()) if (!idx.has(v)) visit(v);
}

function describeCycle(scc: string[], nodes: Map<string, GraphNode>): string {
  // Walk the cycle from its first cell so the message reads a → b → a.
  const inScc = new Set(scc);
  const path = [scc[0]!];
  let cur = scc[0]!;
  for (let guard = 0; guard < scc.length; guard++) {
    const next = nodes.get(cur)!.deps.find((d) => inScc.has(d) && (d === scc[0] || !path.includes(d)));
    if (!next) break;
    path.push(next);
    if (next === scc[0]) break;
    cur = next;
  }
  if (path.at(-1) !== scc[0]) path.push(scc[0]!);
  return path.map((p) => `\`${p}\``).join(' → ');
}

/** Kahn's algorithm, taking the earliest cell in the document whenever several are ready. */
function topologicalOrder(all: CellBlock[], nodes: Map<string, GraphNode>): string[] {
  const position = new Map(all.map((c, k) => [c.id, k]));
  const remaining = new Map([...nodes.values()].map((n) => [n.id, n.deps.filter((d) => d !== n.id).length]));
  const dependents = new Map<string, string[]>();
  for (const n of nodes.values()) for (const d of n.deps) if (d !== n.id) dependents.set(d, [...(dependents.get(d) ?? []), n.id]);
  const ready = all.filter((c) => remaining.get(c.id) === 0).map((c) => c.id);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const d of dependents.get(id) ?? []) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  // Cells on or behind a cycle never become ready: they go last, in document order, and fail there.
  for (const c of all) if (!order.includes(c.id)) order.push(c.id);
  return order;
}

/** The cells that read any of `ids`, directly or through other cells (not including `ids` themselves). */
export function dependentsOf(graph: CellGraph, ids: Iterable<string>): Set<string> {
  const start = new Set(ids);
  const out = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const n of graph.nodes.values()) {
      if (n.deps.includes(cur) && !out.has(n.id) && !start.has(n.id)) {
        out.add(n.id);
        queue.push(n.id);
      }
    }
  }
  return out;
}

/** `ids` and every cell they read, directly or through other cells: what running `ids` needs. */
export function withDependencies(graph: CellGraph, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const queue = [...ids].filter((id) => graph.nodes.has(id));
  while (queue.length > 0) {
    const cur = queue.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    queue.push(...graph.nodes.get(cur)!.deps);
  }
  return out;
}

/** The cells whose text changed between two versions of a notebook (new cells included). */
export function changedCells(before: Notebook, after: Notebook): string[] {
  const old = new Map(cells(before).map((c) => [c.id, c]));
  return cells(after)
    .filter((c) => {
      const o = old.get(c.id);
      return !o || o.kind !== c.kind || o.code !== c.code || JSON.stringify(o.attrs) !== JSON.stringify(c.attrs);
    })
    .map((c) => c.id);
}

/**
 * What must re-run after an edit: the edited cells and everything downstream of them. Cells that
 * don't depend on an edit keep their results.
 */
export function staleAfterEdit(before: Notebook, after: Notebook, options: GraphOptions = {}): Set<string> {
  const graph = buildGraph(after, options);
  const oldParams = (before.frontMatter?.data.params ?? {}) as Record<string, unknown>;
  const newParams = (after.frontMatter?.data.params ?? {}) as Record<string, unknown>;
  const changedParams = new Set(
    [...new Set([...Object.keys(oldParams), ...Object.keys(newParams)])].filter(
      (k) => JSON.stringify(oldParams[k]) !== JSON.stringify(newParams[k]),
    ),
  );
  // A changed front-matter parameter makes the cells that read it stale, like an edited cell.
  const readers = [...graph.nodes.values()].filter((n) => n.params.some((p) => changedParams.has(p))).map((n) => n.id);
  const changed = [...changedCells(before, after), ...readers];
  return new Set([...changed, ...dependentsOf(graph, changed)]);
}

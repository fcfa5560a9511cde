/**
 * Engine parity (issue 4 item 8): the same notebooks run in Chromium, through the app's own worker
 * (`runNotebook` in the DuckDB-WASM worker, datasets imported in the page as Files), and on native
 * DuckDB (`runNotebook` on `NativeEngine`, as `pulse run` does). Every cell must end with the same
 * status, columns, row count and values (numbers within 1e-9 relative); kinds with an output besides
 * their table (plot data, inputs, decisions …) must produce the same output.
 *
 * Every difference is listed, cell by cell, in the failure message and on the console. A result whose
 * rows are equal but come back in another order is reported as a note, not a failure: SQL without a
 * total ORDER BY has no defined order, and native DuckDB runs with more threads than the browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../src/core/arrow';
import { parseNotebook } from '../../src/core/notebook/format';
import { runNotebook } from '../../src/core/notebook/runner';
import { bindings } from '../../src/cli/run';
import { NativeEngine } from '../../src/engines/native/nativeEngine';
import type { CellUpdate } from '../../src/engines/wasm/protocol';
import { openApp, engineReady } from './support/browser';

const ROOT = join(import.meta.dirname, '../..');
/** Rows compared value by value per cell; the row count is always compared in full. */
const MAX_ROWS = 20_000;
const REL_TOL = 1e-9;

interface Case {
  file: string;
  /** Dataset files other than the notebook's own `sample:` (fixtures without a sample). */
  data?: Record<string, string>;
}

const ctrDir = join(ROOT, 'notebooks/ctr');
// Other notebooks are being written while this suite exists: take whatever is there at run time.
const ctr = existsSync(ctrDir) ? readdirSync(ctrDir).filter((f) => f.endsWith('.pulse.md')).sort().map((f) => join(ctrDir, f)) : [];

const CASES: Case[] = [
  { file: join(ROOT, 'notebooks/getting-started.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/variants.pulse.md'), data: { ads: join(ROOT, 'tests/fixtures/variants.csv') } },
  { file: join(ROOT, 'tests/fixtures/notebooks/segmentation-privacy-metrics.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/segb.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/sega.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/text3.pulse.md') },
  {
    file: join(ROOT, 'tests/fixtures/notebooks/analysis-kinds.pulse.md'),
    data: Object.fromEntries(['spend:channel_spend', 'unsub:unsub_weekly', 'exposures:exposures', 'customers:customers'].map((p) => p.split(':')).map(([n, f]) => [n, join(ROOT, `tests/fixtures/analysis-kinds/${f}.csv`)])),
  },
  { file: join(ROOT, 'tests/fixtures/notebooks/ops-kinds.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/ops-strata.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/recs.pulse.md') },
  { file: join(ROOT, 'tests/fixtures/notebooks/recs-b.pulse.md') },
  ...ctr.map((file) => ({ file })),
];

/** What one engine said about one cell, in comparable form. */
interface CellOutcome {
  status: string;
  error?: string;
  columns?: { name: string; type: string }[];
  rowCount?: number;
  /** Rows of the cell's table (at most MAX_ROWS), as JSON values. */
  rows?: Record<string, unknown>[];
  /** Output besides the table (plot spec and data, input, checklist, decision). */
  output?: unknown;
}

type Outcomes = Map<string, CellOutcome>;

async function runNative(text: string, files: Map<string, string>): Promise<Outcomes> {
  const notebook = parseNotebook(text);
  const engine = await NativeEngine.create();
  try {
    for (const [name, path] of files) await engine.registerFile(name, { kind: 'path', path, fileName: basename(path) });
    const { runs } = await runNotebook(notebook, engine, { datasets: files.keys(), previewRows: 0 });
    const out: Outcomes = new Map();
    for (const [id, r] of runs) {
      const o: CellOutcome = { status: r.status, ...(r.error ? { error: r.error } : {}) };
      if (r.status === 'ok' && r.result) {
        o.columns = r.result.columns.map((c) => ({ name: c.name, type: c.type }));
        o.rowCount = r.result.rowCount;
        if (r.kind !== 'plot' && (await engine.describe(id))) {
          o.rows = rowsFromTable(await engine.query(`SELECT * FROM "${id.replace(/"/g, '""')}" LIMIT ${MAX_ROWS}`));
        }
        if (r.result.output.type !== 'table') o.output = r.result.output;
      }
      out.set(id, o);
    }
    return out;
  } finally {
    await engine.close();
  }
}

async function runBrowser(text: string, files: Map<string, string>): Promise<{ outcomes: Outcomes; foreign: string[]; errors: string[] }> {
  const s = await openApp();
  try {
    await engineReady(s.page);
    const datasets = [...files].map(([name, path]) => ({ name, fileName: basename(path), base64: readFileSync(path).toString('base64') }));
    const res = await s.page.evaluate(
      async ({ text, datasets, maxRows }) => {
        const pulse = (globalThis as any).__pulse;
        const client = pulse.client;
        const api = await client.api();
        const toBase64 = (bytes: Uint8Array) => {
          let bin = '';
          for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
          return btoa(bin);
        };
        // Import each dataset as the user would: a File read in place by the worker.
        for (const d of datasets) {
          const bin = atob(d.base64);
          const bytes = new Uint8Array(bin.length);
          for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
          await api.importFile(d.name, new File([bytes], d.fileName), d.fileName);
        }
        const done: any[] = [];
        await client.runNotebook({ text, datasets: datasets.map((d: { name: string }) => d.name) }, (u: any) => {
          if (u.phase === 'done') done.push(u);
        });
        const out: any[] = [];
        for (const u of done) {
          let ipc: string | undefined;
          if (u.table) ipc = toBase64((await api.fetchRows(u.table, 0, maxRows)).ipc);
          out.push({ ...u, ipc });
        }
        return out;
      },
      { text, datasets, maxRows: MAX_ROWS },
    );
    const outcomes: Outcomes = new Map();
    for (const u of res as (CellUpdate & { ipc?: string })[]) {
      const o: CellOutcome = { status: u.status ?? 'missing', ...(u.error ? { error: u.error } : {}) };
      if (u.status === 'ok') {
        o.columns = u.columns?.map((c) => ({ name: c.name, type: c.type }));
        o.rowCount = u.rowCount;
        if (u.ipc) o.rows = rowsFromTable(tableFromIPC(Buffer.from(u.ipc, 'base64')) as Table);
        if (u.output !== undefined) o.output = u.output;
      }
      outcomes.set(u.id, o);
    }
    return { outcomes, foreign: s.foreignRequests(), errors: s.errors };
  } finally {
    await s.close();
  }
}

/** Deep equality with numbers compared to REL_TOL; returns the first difference's path, or null. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return null;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= REL_TOL * scale ? null : `${path || '.'}: wasm ${a} vs native ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path || '.'}: wasm length ${a.length} vs native ${b.length}`;
    for (let k = 0; k < a.length; k++) {
      const d = firstDifference(a[k], b[k], `${path}[${k}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
    const keys = [...new Set([...ka, ...kb])];
    for (const k of keys) {
      const d = firstDifference((a as any)[k], (b as any)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() ? null : `${path}: ${a.toISOString()} vs ${b.toISOString()}`;
  return Object.is(a, b) ? null : `${path || '.'}: wasm ${JSON.stringify(a)} vs native ${JSON.stringify(b)}`;
}

/** A row as text with numbers rounded, for an order-insensitive comparison. */
const rowKey = (r: Record<string, unknown>) =>
  JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v)));

const byKey = (rows: Record<string, unknown>[]) =>
  rows.map((r) => [rowKey(r), r] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map((x) => x[1]);

function compare(wasm: Outcomes, native: Outcomes): { diffs: string[]; notes: string[] } {
  const diffs: string[] = [];
  const notes: string[] = [];
  for (const id of new Set([...native.keys(), ...wasm.keys()])) {
    const w = wasm.get(id);
    const n = native.get(id);
    if (!w || !n) {
      diffs.push(`${id}: ran only in ${w ? 'wasm' : 'native'}`);
      continue;
    }
    if (w.status !== n.status) {
      diffs.push(`${id}: status wasm ${w.status}${w.error ? ` (${w.error})` : ''} vs native ${n.status}${n.error ? ` (${n.error})` : ''}`);
      continue;
    }
    if (w.status !== 'ok') {
      notes.push(`${id}: ${w.status} on both engines (wasm: ${w.error}; native: ${n.error})`);
      continue;
    }
    const cols = firstDifference(w.columns, n.columns, 'columns');
    if (cols) diffs.push(`${id}: ${cols}`);
    if (w.rowCount !== n.rowCount) diffs.push(`${id}: row count wasm ${w.rowCount} vs native ${n.rowCount}`);
    if ((w.rows === undefined) !== (n.rows === undefined)) diffs.push(`${id}: result table only in ${w.rows ? 'wasm' : 'native'}`);
    else if (w.rows && n.rows) {
      const d = firstDifference(w.rows, n.rows, 'rows');
      if (d) {
        if (firstDifference(byKey(w.rows), byKey(n.rows), 'rows') === null) notes.push(`${id}: same rows in another order (${d})`);
        else diffs.push(`${id}: ${d}`);
      }
    }
    const od = firstDifference(w.output ?? null, n.output ?? null, 'output');
    if (od) {
      // A plot's data are its source table's rows, in that table's (possibly undefined) order.
      const wo = w.output as { data?: Record<string, unknown>[] } | undefined;
      const no = n.output as { data?: Record<string, unknown>[] } | undefined;
      const sameSet =
        Array.isArray(wo?.data) && Array.isArray(no?.data) &&
        firstDifference({ ...wo, data: byKey(wo.data) }, { ...no, data: byKey(no.data) }, 'output') === null;
      if (sameSet) notes.push(`${id}: same plot data in another order (${od})`);
      else diffs.push(`${id}: ${od}`);
    }
  }
  return { diffs, notes };
}

const summary: string[] = [];

afterAll(() => {
  if (summary.length) console.log(`[parity]\n  ${summary.join('\n  ')}`);
});

describe('the same notebook on DuckDB-WASM (browser worker) and native DuckDB', () => {
  for (const c of CASES) {
    const name = relative(ROOT, c.file);
    it(
      name,
      async () => {
        const text = readFileSync(c.file, 'utf8');
        const files = bindings(parseNotebook(text), new Map(Object.entries(c.data ?? {})));
        const native = await runNative(text, files);
        const browser = await runBrowser(text, files);
        const { diffs, notes } = compare(browser.outcomes, native);
        const ok = [...native.values()].filter((o) => o.status === 'ok').length;
        summary.push(`${name}: ${native.size} cells (${ok} ok on native), ${diffs.length} differ${diffs.length ? `:\n    ${diffs.join('\n    ')}` : ''}${notes.length ? `\n    notes:\n    ${notes.join('\n    ')}` : ''}`);
        expect(browser.foreign).toEqual([]);
        expect(native.size).toBeGreaterThan(0);
        expect(diffs, `cells that differ between DuckDB-WASM and native DuckDB in ${name}`).toEqual([]);
      },
      240_000,
    );
  }
});

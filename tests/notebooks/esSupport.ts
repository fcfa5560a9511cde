/**
 * Shared by the email + social notebook tests: run a notebook headless through the CLI (no --data:
 * the bundled samples), read its cells, and the planted truths of public/sample/email_social_truth.json.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.ts';

export type Row = Record<string, unknown>;
export interface CellReport {
  id: string;
  kind: string;
  status: string;
  rows: Row[];
  error?: string | null;
}
export interface RunResult {
  code: number;
  cells: Map<string, CellReport>;
  stderr: string;
}

export const truth = JSON.parse(readFileSync('public/sample/email_social_truth.json', 'utf8'));
export const num = (v: unknown) => Number(v);

export async function run(path: string, args: string[] = []): Promise<RunResult> {
  const out = join(mkdtempSync(join(tmpdir(), 'pulse-es-')), 'report.json');
  const err: string[] = [];
  const code = await main(['run', path, '--out', out, ...args], { stdout: () => {}, stderr: (s: string) => err.push(s) });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { cells: CellReport[] };
  return { code, cells: new Map(report.cells.map((c) => [c.id, c])), stderr: err.join('\n') };
}

export function rows(r: RunResult, id: string): Row[] {
  const c = r.cells.get(id);
  if (!c) throw new Error(`no cell \`${id}\` in the report`);
  return c.rows;
}

/** Every cell ok; the notebook has its module id, the curriculum's title and `sections` `##` sections (bullets + exercises). */
export function expectModule(r: RunResult, path: string, n: number, sections: number) {
  // stderr holds only the bindings (every dataset on its bundled sample) and dp-count's caveat that
  // released groups are the data's own (the module discusses it): no other note, no failure.
  const said = r.stderr.split('\n').filter((l) => l && !/^\w+: bundled sample \S+ \(no --data/.test(l));
  expect(said.filter((l) => !/: the groups released are the ones present in the data/.test(l))).toEqual([]);
  expect(r.code).toBe(0);
  expect([...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(new RegExp(`^module: email-social-0${n}$`, 'm'));
  expect(text.match(/^## /gm)?.length).toBe(sections);
  // Two or three self-checking exercises, and every one computes its solution from the data.
  const exercises = [...r.cells.values()].filter((c) => c.kind === 'exercise');
  expect(exercises.length).toBeGreaterThanOrEqual(2);
  expect(exercises.length).toBeLessThanOrEqual(3);
  for (const e of exercises) expect(e.rows[0]?.verdict).toBe('unanswered');
}

/**
 * Adjusted Rand index of two labellings of the same items (Hubert & Arabie 1985, the form
 * scikit-learn's adjusted_rand_score computes): (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E),
 * E = Σ C(a_i,2) · Σ C(b_j,2) / C(n,2).
 */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const c2 = (x: number) => (x * (x - 1)) / 2;
  const cells = new Map<string, number>();
  const rowsA = new Map<string, number>();
  const colsB = new Map<string, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    cells.set(`${x}\u0000${y}`, (cells.get(`${x}\u0000${y}`) ?? 0) + 1);
    rowsA.set(x, (rowsA.get(x) ?? 0) + 1);
    colsB.set(y, (colsB.get(y) ?? 0) + 1);
  });
  const index = [...cells.values()].reduce((s, v) => s + c2(v), 0);
  const sa = [...rowsA.values()].reduce((s, v) => s + c2(v), 0);
  const sb = [...colsB.values()].reduce((s, v) => s + c2(v), 0);
  const expected = (sa * sb) / c2(a.length);
  return (index - expected) / ((sa + sb) / 2 - expected);
}

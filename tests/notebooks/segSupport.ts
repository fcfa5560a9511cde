/**
 * Shared by the audience-segmentation notebook tests: run a module headless through the CLI on the
 * bundled samples, and read the planted truths of public/sample/segments_truth.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { adjustedRandIndex, rows, run, type Row, type RunResult } from './esSupport.ts';

export { adjustedRandIndex, rows, run, type Row, type RunResult };
export const truth = JSON.parse(readFileSync('public/sample/segments_truth.json', 'utf8'));
export const num = (v: unknown) => Number(v);

/** The notebook file of module `n`. */
export function modulePath(n: number): string {
  const file = readdirSync('notebooks/segments').find((f) => f.startsWith(`0${n}-`) && f.endsWith('.pulse.md'));
  if (!file) throw new Error(`no module ${n} in notebooks/segments`);
  return `notebooks/segments/${file}`;
}

/**
 * Every cell ok (stderr holds the bindings and the kinds' notes, never a failure or a skipped cell);
 * the notebook has its module id and `sections` `##` sections (one per bullet, plus the exercises);
 * two or three exercises, unanswered in the template.
 */
export function expectModule(r: RunResult, path: string, n: number, sections: number) {
  expect(r.stderr).not.toMatch(/ failed:| skipped:/);
  expect(r.code).toBe(0);
  expect([...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(new RegExp(`^module: segments-0${n}$`, 'm'));
  expect(text.match(/^## /gm)?.length).toBe(sections);
  const exercises = [...r.cells.values()].filter((c) => c.kind === 'exercise');
  expect(exercises.length).toBeGreaterThanOrEqual(2);
  expect(exercises.length).toBeLessThanOrEqual(3);
  for (const e of exercises) expect(e.rows[0]?.verdict).toBe('unanswered');
}

/** Planted label of the majority of each cluster's members (`labels`: key → planted cluster). */
export function clusterToPlanted(members: Row[], labels: Record<string, string>, key = 'user_key', cluster = 'cluster'): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const m of members) {
    const c = String(m[cluster]);
    const p = labels[String(m[key])];
    if (!p) continue;
    const v = votes.get(c) ?? new Map<string, number>();
    v.set(p, (v.get(p) ?? 0) + 1);
    votes.set(c, v);
  }
  return new Map([...votes].map(([c, v]) => [c, [...v].sort((a, b) => b[1] - a[1])[0]![0]]));
}

/** ARI of a clustering against the planted labels, over the members that have one. */
export function ariAgainst(members: Row[], labels: Record<string, string>, key = 'user_key', cluster = 'cluster'): number {
  const known = members.filter((m) => labels[String(m[key])]);
  return adjustedRandIndex(known.map((m) => String(m[cluster])), known.map((m) => labels[String(m[key])]!));
}

/**
 * What every curriculum's notebook tests share: the module file by number, its planted truths, and the
 * checks every module passes headless on the bundled samples (run through the CLI, esSupport.run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { RunResult } from './esSupport.ts';

export interface CurriculumSupport {
  /** public/sample/<truthFile>, parsed. */
  truth: any;
  /** The notebook file of module `n` in notebooks/<folder>. */
  modulePath(n: number): string;
  /**
   * Every cell ok (stderr holds the bindings and the kinds' notes, never a failure or a skipped cell);
   * the notebook has its module id and `sections` `##` sections (one per bullet, plus the exercises);
   * two or three exercises, unanswered in the template.
   */
  expectModule(r: RunResult, path: string, n: number, sections: number): void;
}

export function curriculumSupport(folder: string, truthFile: string): CurriculumSupport {
  const truth = JSON.parse(readFileSync(`public/sample/${truthFile}`, 'utf8'));
  const modulePath = (n: number) => {
    const prefix = `${String(n).padStart(2, '0')}-`;
    const file = readdirSync(`notebooks/${folder}`).find((f) => f.startsWith(prefix) && f.endsWith('.pulse.md'));
    if (!file) throw new Error(`no module ${n} in notebooks/${folder}`);
    return `notebooks/${folder}/${file}`;
  };
  const expectModule = (r: RunResult, path: string, n: number, sections: number) => {
    expect(r.stderr).not.toMatch(/ failed:| skipped:/);
    expect(r.code).toBe(0);
    expect([...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(new RegExp(`^module: ${folder}-${String(n).padStart(2, '0')}$`, 'm'));
    expect(text.match(/^## /gm)?.length).toBe(sections);
    const exercises = [...r.cells.values()].filter((c) => c.kind === 'exercise');
    expect(exercises.length).toBeGreaterThanOrEqual(2);
    expect(exercises.length).toBeLessThanOrEqual(3);
    for (const e of exercises) expect(e.rows[0]?.verdict).toBe('unanswered');
  };
  return { truth, modulePath, expectModule };
}

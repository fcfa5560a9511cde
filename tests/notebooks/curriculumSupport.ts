/**
 * What every curriculum's notebook tests share: the module file by number, its planted truths, and the
 * checks every module passes headless on the bundled samples (run through the CLI, esSupport.run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { run, type RunResult } from './esSupport.ts';

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
  /**
   * Inside a module's `describe`: runs module `n` once before its tests and adds the `expectModule` test.
   * Returns a view of the run whose fields read the result when a test asks (it throws before the run).
   */
  runModule(n: number, sections: number): RunResult;
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
  const runModule = (n: number, sections: number): RunResult => {
    const path = modulePath(n);
    let result: RunResult | undefined;
    const ran = () => {
      if (!result) throw new Error(`${path} has not run yet: read its result inside a test, not while the describe is collected`);
      return result;
    };
    beforeAll(async () => {
      result = await run(path);
    }, 180_000);
    it('runs with every cell ok, one section per bullet plus exercises', () => {
      expectModule(ran(), path, n, sections);
    });
    return {
      get code() { return ran().code; },
      get cells() { return ran().cells; },
      get stderr() { return ran().stderr; },
    };
  };
  return { truth, modulePath, expectModule, runModule };
}

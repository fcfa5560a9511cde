/** Option readers and temp-table cleanup shared by the recommender and text-vector kinds. */
import type { Engine } from '../../engine.ts';
import type { AnalysisRun } from '../analysis.ts';

/** `key: true | false`, with the fallback when absent. */
export function boolOption(run: AnalysisRun, key: string, fallback: boolean): boolean {
  const v = run.opts.data[key];
  if (v === undefined || v === null) return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return run.opts.fail(key, `must be true or false (got \`${String(v)}\`)`);
}

/** A whole number of at least `min`. */
export function wholeOption(run: AnalysisRun, key: string, fallback: number | undefined, min: number): number {
  const v = run.opts.number(key, fallback, { min });
  if (!Number.isInteger(v)) run.opts.fail(key, `must be a whole number (got ${v})`);
  return v;
}

/** Drop a helper table; one never created (an error before it) is nothing to clean up. */
export async function dropQuietly(engine: Engine, ...names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await engine.drop(name);
    } catch {
      // Never created.
    }
  }
}

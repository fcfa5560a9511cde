/**
 * Shared by the Recommendations analysis notebook tests: run a module headless through the CLI on the bundled
 * samples, and read the planted truths of public/sample/recs_truth.json.
 */
import { curriculumSupport } from './curriculumSupport.ts';

export { rows, run, type Row, type RunResult } from './esSupport.ts';
export const { truth, modulePath, expectModule, runModule } = curriculumSupport('recs', 'recs_truth.json');
export const num = (v: unknown) => Number(v);

/**
 * The exercises at the end of every audience-segmentation module (same checks as ctr-exercises.test.ts), headless: each solution is SQL on the module's own
 * data (never a typed-in number), a copy of the module whose answers are the solutions grades every
 * exercise passed, a wrong answer grades failed, and the shipped template grades them unanswered.
 * Each module ends with a link to the next one, in the form the app routes (`#/nb/<key>`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseSpec } from '../../src/core/cells/course/exerciseCell.ts';
import { parseNotebook } from '../../src/core/notebook/format.ts';
import { cells } from '../../src/core/notebook/model.ts';
import { sqlTableRefs } from '../../src/core/notebook/sqlRefs.ts';
import { declaredDatasets } from '../../src/core/notebook/datasets.ts';
import { expectGradedBothWays } from './exerciseSupport.ts';

const DIR = 'notebooks/segments';
const MODULES = readdirSync(DIR).filter((f) => f.endsWith('.pulse.md')).sort();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'pulse-seg-ex-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


/** Every dataset name any bundled notebook declares: the browser keeps them loaded across modules. */
const DATASETS = new Set(
  readdirSync('notebooks', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.pulse.md'))
    .flatMap((f) => declaredDatasets(parseNotebook(readFileSync(join('notebooks', f), 'utf8'))).map((d) => d.name)),
);

describe.each(MODULES)('audience segmentation %s exercises', (file) => {
  const path = join(DIR, file);
  const text = readFileSync(path, 'utf8');
  const exercises = cells(parseNotebook(text)).filter((c) => c.kind === 'exercise');

  it('has two or three exercises whose solutions query tables, not constants', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(2);
    expect(exercises.length).toBeLessThanOrEqual(3);
    for (const ex of exercises) {
      const spec = exerciseSpec(ex.code);
      expect(spec.answer, ex.id).toBeNull();
      expect(sqlTableRefs(spec.solution).tables.length, ex.id).toBeGreaterThan(0);
    }
  });

  it('names no cell like a dataset of any bundled notebook (in the browser, those stay loaded)', () => {
    expect(cells(parseNotebook(text)).map((c) => c.id).filter((id) => DATASETS.has(id))).toEqual([]);
  });

  it('ends with a link to the next module that the app can open', () => {
    const last = text.trimEnd().split('\n').at(-1)!;
    const k = MODULES.indexOf(file);
    if (k + 1 < MODULES.length) expect(last).toContain(`](#/nb/${encodeURIComponent(`segments/${MODULES[k + 1]}`)})`);
    else expect(last).toContain('](#/)');
  });

  it('grades its own solutions passed and a wrong answer failed; the template grades unanswered (exit 1)', async () => {
    await expectGradedBothWays(path, text, join(tmp, file), exercises.map((ex) => ex.id));
  }, 180_000);
});

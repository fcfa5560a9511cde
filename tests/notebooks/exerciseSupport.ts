/** What the module exercise tests share: grading a notebook headless and answering its exercises. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseSpec, setExerciseAnswer } from '../../src/core/cells/course/exerciseCell.ts';
import { declaredDatasets } from '../../src/core/notebook/datasets.ts';
import { insertCell, setCellCode } from '../../src/core/notebook/edit.ts';
import { parseNotebook, serializeNotebook } from '../../src/core/notebook/format.ts';
import { cells } from '../../src/core/notebook/model.ts';
import { sqlTableRefs } from '../../src/core/notebook/sqlRefs.ts';
import { main } from '../../src/cli/main.ts';

/** An answer no exercise expects: text where numbers are expected, an unknown value, the wrong shape. */
export const WRONG = "SELECT 'not the answer' AS x";

/** `pulse grade PATH`: its exit code, the per-exercise lines and stderr. */
export async function grade(path: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['grade', path], { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  const lines = stdout.filter((l) => /^\S+\s+(passed|failed|unanswered)\s/.test(l)).map((l) => {
    const [, id, status, message] = /^(\S+)\s+(\S+)\s+(.*)$/.exec(l)!;
    return { id: id!, status: status!, message: message! };
  });
  return { code, lines, stderr };
}

/** A copy of the module: every exercise answered with its own solution, plus a `_wrong` twin answered wrongly. */
export function answeredCopy(text: string): string {
  let nb = parseNotebook(text);
  for (const ex of cells(nb).filter((c) => c.kind === 'exercise')) {
    const spec = exerciseSpec(ex.code);
    nb = setCellCode(nb, ex.id, setExerciseAnswer(ex.code, spec.solution));
    const at = nb.blocks.findIndex((b) => b.type === 'cell' && b.id === ex.id);
    nb = insertCell(nb, at, 'exercise', `${ex.id}_wrong`, setExerciseAnswer(ex.code, WRONG));
  }
  return serializeNotebook(nb);
}

/**
 * A module's exercises grade both ways: written to `copy` with every answer its own solution, each
 * passes and its `_wrong` twin fails (on the answer, not "not checked"); the shipped template at
 * `path` grades every exercise unanswered. Both exit 1 (something is not passed).
 */
export async function expectGradedBothWays(path: string, text: string, copy: string, exerciseIds: string[]): Promise<void> {
  writeFileSync(copy, answeredCopy(text));
  const r = await grade(copy);
  expect(r.stderr.filter((l) => !/^\w+: bundled sample \S+ \(no --data/.test(l))).toEqual([]);
  const byId = new Map(r.lines.map((l) => [l.id, l]));
  for (const id of exerciseIds) {
    expect(byId.get(id), `${id}: ${byId.get(id)?.message}`).toMatchObject({ status: 'passed' });
    expect(byId.get(`${id}_wrong`)?.status, id).toBe('failed');
    expect(byId.get(`${id}_wrong`)?.message, id).not.toMatch(/^not checked/);
  }
  expect(r.code).toBe(1);

  const template = await grade(path);
  expect(template.lines.map((l) => l.status)).toEqual(exerciseIds.map(() => 'unanswered'));
  expect(template.code).toBe(1);
}

/** Every dataset name any bundled notebook declares: the browser keeps them loaded across modules. */
function bundledDatasetNames(): Set<string> {
  return new Set(
    readdirSync('notebooks', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.pulse.md'))
      .flatMap((f) => declaredDatasets(parseNotebook(readFileSync(join('notebooks', f), 'utf8'))).map((d) => d.name)),
  );
}

/**
 * The checks every curriculum's modules share, headless: two or three exercises whose solutions are
 * SQL on the module's own data (never a typed-in number); no cell named like a dataset of any bundled
 * notebook (in the browser those stay loaded); a last line linking the next module as the app routes
 * it (`#/nb/<key>`), or home after the last; and grading both ways (expectGradedBothWays).
 */
export function describeModuleExercises(folder: string, label: string): void {
  const dir = join('notebooks', folder);
  const modules = readdirSync(dir).filter((f) => f.endsWith('.pulse.md')).sort();
  const datasets = bundledDatasetNames();
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), `pulse-${folder}-ex-`));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe.each(modules)(`${label} %s exercises`, (file) => {
    const path = join(dir, file);
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
      expect(cells(parseNotebook(text)).map((c) => c.id).filter((id) => datasets.has(id))).toEqual([]);
    });

    it('ends with a link to the next module that the app can open', () => {
      const last = text.trimEnd().split('\n').at(-1)!;
      const k = modules.indexOf(file);
      if (k + 1 < modules.length) expect(last).toContain(`](#/nb/${encodeURIComponent(`${folder}/${modules[k + 1]}`)})`);
      else expect(last).toContain('](#/)');
    });

    it('grades its own solutions passed and a wrong answer failed; the template grades unanswered (exit 1)', async () => {
      await expectGradedBothWays(path, text, join(tmp, file), exercises.map((ex) => ex.id));
    }, 180_000);
  });
}

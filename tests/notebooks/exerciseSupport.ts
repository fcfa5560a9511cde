/** What the module exercise tests share: grading a notebook headless and answering its exercises. */
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { exerciseSpec, setExerciseAnswer } from '../../src/core/cells/course/exerciseCell.ts';
import { insertCell, setCellCode } from '../../src/core/notebook/edit.ts';
import { parseNotebook, serializeNotebook } from '../../src/core/notebook/format.ts';
import { cells } from '../../src/core/notebook/model.ts';
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

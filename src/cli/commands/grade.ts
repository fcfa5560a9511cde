/**
 * `pulse grade NOTEBOOK [--data NAME=PATH …] [--param KEY=VALUE …] [--out REPORT]`: run a trainee's
 * saved notebook headless as `pulse run` does, and print one line per exercise cell:
 * `id  passed|failed|unanswered  message`. Exit 1 when any exercise is not passed, 0 when all are.
 * Without a report only the exercises and the cells they read run (an instructor grading a class
 * waits for the checks, not for every chart of the module); with `--out` every cell runs, for the report.
 */
import type { CellRun } from '../../core/notebook/runner.ts';
import { cells, type Notebook } from '../../core/notebook/model.ts';
import { UsageError, writeOutputFile, type Io } from '../args.ts';
import { notebookReport, oneLine, parseRunArgs, runHeadless } from '../run.ts';

export const GRADE_USAGE = 'usage: pulse grade NOTEBOOK.pulse.md [--data NAME=PATH …] [--param KEY=VALUE …] [--out REPORT.json|.md|.html]';

export interface Grade {
  id: string;
  status: 'passed' | 'failed' | 'unanswered';
  message: string;
}

/** An exercise's grade from its run: its verdict, or why it could not be checked (a failure). */
export function gradeOf(run: CellRun | undefined, id: string): Grade {
  if (!run) return { id, status: 'failed', message: 'not checked: the run stopped before this exercise' };
  if (run.status === 'ok' && run.result?.output.type === 'exercise') return { id, ...run.result.output.verdict };
  return { id, status: 'failed', message: `not checked: ${oneLine(run.error ?? 'the exercise did not run')}` };
}

export async function gradeCommand(args: string[], io: Io): Promise<number> {
  const opts = parseRunArgs(args, GRADE_USAGE);
  const exercisesOf = (nb: Notebook) => cells(nb).filter((c) => c.kind === 'exercise').map((c) => c.id);
  const { notebook, runs, bound } = await runHeadless(opts.out ? opts : { ...opts, only: exercisesOf }, io);
  const exercises = cells(notebook).filter((c) => c.kind === 'exercise');
  if (exercises.length === 0) throw new UsageError(`${opts.notebook}: the notebook has no exercise cells to grade`);
  if (opts.out) writeOutputFile(opts.out, notebookReport(notebook, runs, opts.out, bound));
  const grades = exercises.map((c) => gradeOf(runs.get(c.id), c.id));
  const width = Math.max(...grades.map((g) => g.id.length));
  for (const g of grades) io.stdout(`${g.id.padEnd(width)}  ${g.status.padEnd(10)}  ${oneLine(g.message)}`);
  const passed = grades.filter((g) => g.status === 'passed').length;
  io.stdout(`${passed} of ${grades.length} exercises passed${opts.out ? `, report written to ${opts.out}` : ''}`);
  return passed === grades.length ? 0 : 1;
}

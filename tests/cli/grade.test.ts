/**
 * `pulse grade` end to end through `main(argv, io)`, and `pulse run --param` checked against options
 * read from the data. Expected values are worked out by hand from tests/fixtures/variants.csv
 * (A: 120 clicks / 10000 impressions, B: 150 / 10000; overall 270 / 20000 = 0.0135; B's CTR is higher).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runHeadless } from '../../src/cli/run.ts';

const FX = fileURLToPath(new URL('../fixtures/', import.meta.url));
const GRADED = join(FX, 'cli/graded.pulse.md');
const PICK = join(FX, 'cli/pick.pulse.md');
const DATA = `ads=${join(FX, 'variants.csv')}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-grade-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pulse(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout, stderr };
}

describe('pulse grade', () => {
  it('prints one line per exercise (right, wrong, unanswered) and exits 1', async () => {
    const r = await pulse('grade', GRADED, '--data', DATA);
    expect(r.stderr).toEqual(['ads: variants.csv loaded as it is (no platform export layout recognized), 2 rows']);
    expect(r.stdout).toEqual([
      'overall_ctr   passed      right: 0.0135 (tolerance ±0.0001)',
      "best_variant  failed      yours is 'A', not the expected value",
      'per_variant   unanswered  not answered yet: write a query and press Check',
      '1 of 3 exercises passed',
    ]);
    expect(r.code).toBe(1);
  });

  it('exits 0 once every exercise is answered right, and the report carries the verdicts', async () => {
    const fixed = join(dir, 'fixed.pulse.md');
    writeFileSync(
      fixed,
      readFileSync(GRADED, 'utf8')
        .replace('answer: A', 'answer: b')
        .replace('solution: SELECT variant, sum(clicks) FROM ads GROUP BY 1\n', 'solution: SELECT variant, sum(clicks) FROM ads GROUP BY 1\nanswer: "SELECT * FROM (VALUES (\'B\', 150), (\'A\', 120))"\n'),
    );
    const out = join(dir, 'grade.json');
    const r = await pulse('grade', fixed, '--data', DATA, '--out', out);
    expect(r.stdout.at(-1)).toBe(`3 of 3 exercises passed, report written to ${out}`);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { cells: { id: string; rows: { verdict: string }[] }[] };
    expect(report.cells.map((c) => [c.id, c.rows[0]!.verdict])).toEqual([
      ['overall_ctr', 'passed'],
      ['best_variant', 'passed'],
      ['per_variant', 'passed'],
    ]);
  });

  it('without a report, runs only the exercises and the cells they read; with one, every cell', async () => {
    // `by_variant` feeds the exercise through `picked` (an input); `chart_rows` and `broken` feed nothing.
    const nb = join(dir, 'needs.pulse.md');
    writeFileSync(
      nb,
      [
        '---', 'pulse: 1', 'title: Needs', 'datasets:', '  ads: { schema: ad_daily }', '---', '',
        '```sql by_variant', 'SELECT variant, sum(clicks) / sum(impressions) AS ctr FROM ads GROUP BY 1', '```', '',
        '```input picked', 'type: select', 'options: { from: ads, column: variant }', 'default: B', '```', '',
        '```sql chart_rows', 'SELECT * FROM ads', '```', '',
        '```sql broken', 'SELECT no_such_column FROM ads', '```', '',
        '```exercise picked_ctr', 'question: The CTR of the picked variant?', "solution: SELECT ctr FROM by_variant WHERE variant = ${picked}", 'tolerance: { absolute: 0.0001 }', 'answer: 0.015', '```', '',
      ].join('\n'),
    );
    const io = { stdout: () => undefined, stderr: () => undefined };
    const data = new Map([['ads', join(FX, 'variants.csv')]]);
    const graded = await runHeadless({ notebook: nb, data, params: {}, only: () => ['picked_ctr'] }, io);
    expect([...graded.runs.keys()].sort()).toEqual(['by_variant', 'picked', 'picked_ctr']);
    expect(graded.runs.get('picked_ctr')!.result!.output).toMatchObject({ type: 'exercise', verdict: { status: 'passed' } });
    const everything = await runHeadless({ notebook: nb, data, params: {} }, io);
    expect([...everything.runs.keys()].sort()).toEqual(['broken', 'by_variant', 'chart_rows', 'picked', 'picked_ctr']);
    // Through the command: B's CTR 150 / 10000 = 0.015 passes either way; the report lists every cell.
    expect((await pulse('grade', nb, '--data', DATA)).stdout).toEqual(['picked_ctr  passed      right: 0.015 (tolerance ±0.0001)', '1 of 1 exercises passed']);
    const out = join(dir, 'needs.json');
    expect((await pulse('grade', nb, '--data', DATA, '--out', out)).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { cells: { id: string }[] }).cells.map((c) => c.id)).toEqual(['by_variant', 'picked', 'chart_rows', 'broken', 'picked_ctr']);
  });

  it('an exercise whose data is missing is failed with the reason; a notebook without exercises is a usage error', async () => {
    const broken = join(dir, 'broken.pulse.md');
    writeFileSync(broken, readFileSync(GRADED, 'utf8').replace('SELECT sum(clicks) / sum(impressions) FROM ads', 'SELECT sum(clicks) / sum(impressions) FROM adz'));
    const r = await pulse('grade', broken, '--data', DATA);
    expect(r.stdout[0]).toMatch(/^overall_ctr {3}failed {6}not checked: unknown table `adz`/);
    expect(r.code).toBe(1);
    const none = await pulse('grade', PICK, '--data', DATA);
    expect(none.code).toBe(2);
    expect(none.stderr.slice(1)).toEqual([`pulse grade: ${PICK}: the notebook has no exercise cells to grade`]);
  });
});

describe('pulse run with exercises', () => {
  it('runs the checks too: cells ok (exit 0) and a summary of the verdicts', async () => {
    const r = await pulse('run', GRADED, '--data', DATA);
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual(['3 of 3 cells ok', 'exercises: 1 passed, 1 failed, 1 unanswered (pulse grade lists them)']);
  });
});

describe('pulse run --param for an input whose options come from the data', () => {
  it('a value in the data is used; the absent default falls back to the first option', async () => {
    const out = join(dir, 'pick.json');
    const r = await pulse('run', PICK, '--data', DATA, '--param', 'variant=B', '--out', out);
    expect(r.code).toBe(0);
    const cells = (JSON.parse(readFileSync(out, 'utf8')) as { cells: { id: string; rows: Record<string, unknown>[] }[] }).cells;
    expect(cells.find((c) => c.id === 'picked')!.rows).toEqual([{ variant: 'B', clicks: 150 }]);
    const quiet = await pulse('run', PICK, '--data', DATA, '--out', out);
    expect(quiet.stdout[0]).toBe('input variant: the default `C` is not in column `variant` of `ads`: using the first option, `A`');
    const fallback = (JSON.parse(readFileSync(out, 'utf8')) as { cells: { id: string; rows: Record<string, unknown>[] }[] }).cells;
    expect(fallback.find((c) => c.id === 'picked')!.rows).toEqual([{ variant: 'A', clicks: 120 }]);
  });

  it('a value the data lacks is a bad argument (exit 2) naming the values there are', async () => {
    const r = await pulse('run', PICK, '--data', DATA, '--param', 'variant=Z');
    expect(r.code).toBe(2);
    expect(r.stderr.slice(1)).toEqual(['pulse run: --param variant: `Z` is not among the 2 values of column `variant` of `ads`: A, B']);
  });
});

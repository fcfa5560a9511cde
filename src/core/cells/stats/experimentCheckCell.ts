import type { ColumnType } from '../../arrow.ts';
import { chiSquareTest, sampleRatioMismatch } from '../../analytics/stats/index.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { emptyResult } from '../emptyResult.ts';
import { column, listColumns, queryRows } from '../quality/shared.ts';

const CHECKS = ['srm', 'contamination', 'contaminated_units', 'overlap'] as const;
type Check = (typeof CHECKS)[number];

const COLUMNS: Record<Check, string[]> = {
  srm: ['group', 'observed', 'expected', 'planned_share', 'observed_share', 'chi_square', 'df', 'p_value', 'threshold', 'srm', 'note'],
  contamination: ['test', 'units', 'contaminated_units', 'contaminated_share', 'contaminated_rows', 'units_in_other_tests', 'other_tests_share', 'note'],
  contaminated_units: ['unit', 'test', 'arms', 'arm_list', 'rows', 'tests', 'test_list', 'note'],
  overlap: ['test_a', 'test_b', 'start_a', 'end_a', 'start_b', 'end_b', 'overlap_days', 'units_a', 'units_b', 'shared_units', 'share_of_a', 'share_of_b', 'jaccard',
    'arm_chi_square', 'arm_p_value', 'note'],
};
const TYPES: Record<string, ColumnType> = {
  group: 'VARCHAR', test: 'VARCHAR', unit: 'VARCHAR', arm_list: 'VARCHAR', test_list: 'VARCHAR', test_a: 'VARCHAR', test_b: 'VARCHAR', note: 'VARCHAR',
  start_a: 'DATE', end_a: 'DATE', start_b: 'DATE', end_b: 'DATE', srm: 'BOOLEAN',
  observed: 'DOUBLE', expected: 'DOUBLE', planned_share: 'DOUBLE', observed_share: 'DOUBLE', chi_square: 'DOUBLE', df: 'BIGINT', p_value: 'DOUBLE', threshold: 'DOUBLE',
  units: 'BIGINT', contaminated_units: 'BIGINT', contaminated_share: 'DOUBLE', contaminated_rows: 'BIGINT', units_in_other_tests: 'BIGINT', other_tests_share: 'DOUBLE',
  arms: 'BIGINT', rows: 'BIGINT', tests: 'BIGINT', overlap_days: 'BIGINT', units_a: 'BIGINT', units_b: 'BIGINT', shared_units: 'BIGINT', share_of_a: 'DOUBLE', share_of_b: 'DOUBLE',
  jaccard: 'DOUBLE', arm_chi_square: 'DOUBLE', arm_p_value: 'DOUBLE',
};
const typesOf = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, TYPES[c] ?? 'VARCHAR'])) as Record<string, ColumnType>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The planned share of each arm: `split:` as a map {arm: weight}, a list in sorted arm order, or equal. */
function plannedShares(run: AnalysisRun, arms: string[]): number[] {
  const o = run.opts;
  const split = o.data.split;
  if (split === undefined || split === null) return arms.map(() => 1);
  if (Array.isArray(split)) {
    const w = split.map(Number);
    if (w.length !== arms.length) o.fail('split', `has ${w.length} weights but the data has ${arms.length} arms (${arms.join(', ')}); give one weight per arm in that order, or a map {arm: weight}`);
    if (w.some((x) => !(x > 0))) o.fail('split', `weights must be positive numbers (got ${split.join(', ')})`);
    return w;
  }
  if (typeof split !== 'object') return o.fail('split', 'must be a map {arm: weight} or a list of weights');
  const map = new Map(Object.entries(split as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
  for (const [k, v] of map) if (!(v > 0)) o.fail('split', `weight of \`${k}\` must be a positive number (got ${String((split as Record<string, unknown>)[k])})`);
  const unplanned = arms.filter((a) => !map.has(a));
  if (unplanned.length) o.fail('split', `arm(s) ${unplanned.map((a) => `\`${a}\``).join(', ')} are in the data but not in the plan (${[...map.keys()].join(', ')})`);
  return arms.map((a) => map.get(a)!);
}

async function srm(run: AnalysisRun, cols: string[]) {
  const o = run.opts;
  const [group] = run.columns('group');
  // Several tests in one table are tested one by one: `test:` is the first segment.
  const segs = listColumns(run, 'by');
  const test = o.has('test') ? listColumns(run, 'test') : { names: [], quoted: [] };
  const by = { names: [...test.names, ...segs.names], quoted: [...test.quoted, ...segs.quoted] };
  const threshold = o.number('threshold', 0.0005, { min: 0, max: 1, exclusive: true });
  const unit = o.has('unit') ? run.columns('unit')[0] : undefined;
  const count = o.has('count') ? run.columns('count')[0] : undefined;
  if (unit && count) o.fail('count', 'give either `unit:` (count distinct units) or `count:` (sum a count column), not both');
  const measure = unit ? `count(DISTINCT ${unit})` : count ? `coalesce(sum(${count}), 0)` : 'count(*)';
  const seg = by.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS s${i}`);
  const rows = await queryRows(run, `SELECT ${[...seg, `CAST(${group} AS VARCHAR) AS g`, `${measure}::DOUBLE AS n`].join(', ')} ${fromClause(run)} WHERE ${group} IS NOT NULL GROUP BY ALL ORDER BY ALL`);
  const out: Record<string, unknown>[] = [];
  const splitMap = o.data.split && typeof o.data.split === 'object' && !Array.isArray(o.data.split) ? Object.keys(o.data.split as object) : null;
  const segments = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const key = JSON.stringify(by.names.map((_, i) => r[`s${i}`]));
    segments.set(key, [...(segments.get(key) ?? []), r]);
  }
  for (const seg of segments.values()) {
    const counts = new Map(seg.map((r) => [String(r.g), Number(r.n)]));
    // Arms planned but absent from the data count as 0: a missing arm is the starkest mismatch.
    const arms = [...new Set([...counts.keys(), ...(splitMap ?? [])])].sort();
    const shares = plannedShares(run, arms);
    const observed = arms.map((a) => counts.get(a) ?? 0);
    let test;
    try {
      test = sampleRatioMismatch(observed, shares);
    } catch (e) {
      return o.fail('group', (e as Error).message);
    }
    const total = observed.reduce((a, v) => a + v, 0);
    const shareSum = shares.reduce((a, v) => a + v, 0);
    arms.forEach((a, i) => out.push({
      ...Object.fromEntries(by.names.map((n, j) => [n, seg[0]![`s${j}`]])),
      group: a, observed: observed[i], expected: test.expected[i], planned_share: shares[i]! / shareSum, observed_share: observed[i]! / total,
      chi_square: test.chiSquare, df: test.df, p_value: test.pValue, threshold, srm: test.pValue < threshold,
      note: unit ? 'units counted distinct per arm (a unit in two arms counts in both: see output: contamination)' : null,
    }));
  }
  return { rows: out, columns: [...by.names, ...cols], types: { ...typesOf(cols), ...Object.fromEntries(by.names.map((n) => [n, 'VARCHAR' as const])) } };
}

/** Exposure rows as (test, unit, arm), nulls dropped, in SQL. */
function exposures(run: AnalysisRun, needGroup: boolean): { sql: string; hasTest: boolean } {
  const unit = column(run, 'unit', 'person_id');
  const group = needGroup || run.opts.has('group') ? run.columns('group')[0] : undefined;
  const test = run.opts.has('test') ? run.columns('test')[0] : undefined;
  const time = run.opts.has('time') ? run.columns('time')[0] : undefined;
  const sql = `SELECT ${test ? `CAST(${test} AS VARCHAR)` : `'(all)'`} AS t, CAST(${unit} AS VARCHAR) AS u, ${group ? `CAST(${group} AS VARCHAR)` : 'NULL::VARCHAR'} AS g,
    ${time ? `CAST(${time} AS DATE)` : 'NULL::DATE'} AS d ${fromClause(run)} WHERE ${unit} IS NOT NULL${test ? ` AND ${test} IS NOT NULL` : ''}${group ? ` AND ${group} IS NOT NULL` : ''}`;
  return { sql, hasTest: Boolean(test) };
}

/**
 * `experiment-check`: is the experiment what was planned? Sample-ratio mismatch (chi-square of arm
 * counts against the planned split), contamination (units in more than one arm, or in more than one
 * test, through a unit key such as `person_id`), and overlap of concurrent tests by dates and
 * audience. Counting is SQL; the tests run on the counts.
 */
export const experimentCheckCell = analysisCell({
  kind: 'experiment-check',
  summary: 'Sample-ratio mismatch (chi-square vs the planned split), contamination across arms and tests through person_id, and overlap of concurrent tests.',
  async compute(run) {
    const o = run.opts;
    const check = o.choice('output', CHECKS, 'srm');
    const cols = COLUMNS[check];
    const [total] = await queryRows(run, `SELECT count(*)::DOUBLE AS n ${fromClause(run)}`);
    if (!Number(total?.n)) return emptyResult(cols, `no rows in \`${run.source!.name}\``, typesOf(cols));
    if (check === 'srm') {
      const r = await srm(run, cols);
      return r.rows.length ? r : emptyResult(cols, `no rows with a ${o.text('group')} in \`${run.source!.name}\``, typesOf(cols));
    }
    const { sql, hasTest } = exposures(run, check !== 'overlap');
    const base = `WITH e AS (${sql}),
      ua AS (SELECT t, u, count(DISTINCT g) AS arms, string_agg(DISTINCT g, ', ' ORDER BY g) AS arm_list, CASE WHEN count(DISTINCT g) = 1 THEN min(g) END AS g, count(*) AS n FROM e GROUP BY t, u),
      ut AS (SELECT u, count(DISTINCT t) AS tests, string_agg(DISTINCT t, ', ' ORDER BY t) AS test_list FROM e GROUP BY u)`;
    if (check === 'contamination') {
      const rows = await queryRows(run, `${base}
        SELECT t, count(*) AS units, count(*) FILTER (WHERE arms > 1) AS bad, coalesce(sum(n) FILTER (WHERE arms > 1), 0) AS bad_rows, count(*) FILTER (WHERE tests > 1) AS other
        FROM ua JOIN ut USING (u) GROUP BY t ORDER BY t`);
      if (rows.length === 0) return emptyResult(cols, `no rows with a ${o.text('unit', 'person_id')} and arm in \`${run.source!.name}\``, typesOf(cols));
      return {
        rows: rows.map((r) => ({
          test: r.t, units: num(r.units), contaminated_units: num(r.bad), contaminated_share: Number(r.bad) / Number(r.units), contaminated_rows: num(r.bad_rows),
          units_in_other_tests: hasTest ? num(r.other) : null, other_tests_share: hasTest ? Number(r.other) / Number(r.units) : null,
          note: hasTest ? null : 'no `test:` column: one test assumed, so no cross-test check',
        })),
        columns: cols, types: typesOf(cols),
      };
    }
    if (check === 'contaminated_units') {
      const rows = await queryRows(run, `${base}
        SELECT u, t, arms, arm_list, n, tests, test_list FROM ua JOIN ut USING (u) WHERE arms > 1 OR tests > 1 ORDER BY u, t`);
      return {
        rows: rows.map((r) => ({
          unit: r.u, test: r.t, arms: num(r.arms), arm_list: r.arm_list, rows: num(r.n), tests: num(r.tests), test_list: r.test_list,
          note: Number(r.arms) > 1 ? 'in more than one arm' : 'in more than one test',
        })),
        columns: cols, types: typesOf(cols),
      };
    }
    if (!hasTest) o.fail('test', 'overlap needs `test:` (the column naming each test)');
    const pairs = await queryRows(run, `${base},
      span AS (SELECT t, min(d) AS s, max(d) AS f, count(DISTINCT u) AS n FROM e GROUP BY t),
      shared AS (SELECT a.t AS ta, b.t AS tb, count(*) AS n FROM ua a JOIN ua b ON a.u = b.u AND a.t < b.t GROUP BY 1, 2)
      SELECT a.t AS ta, b.t AS tb, CAST(a.s AS VARCHAR) AS sa, CAST(a.f AS VARCHAR) AS fa, CAST(b.s AS VARCHAR) AS sb, CAST(b.f AS VARCHAR) AS fb,
        CASE WHEN a.s IS NULL OR b.s IS NULL THEN NULL ELSE greatest(0, date_diff('day', greatest(a.s, b.s), least(a.f, b.f)) + 1) END AS days,
        a.n AS na, b.n AS nb, coalesce(shared.n, 0) AS shared
      FROM span a JOIN span b ON a.t < b.t LEFT JOIN shared ON shared.ta = a.t AND shared.tb = b.t ORDER BY 1, 2`);
    if (pairs.length === 0) return emptyResult(cols, `only one test in \`${run.source!.name}\`: nothing overlaps`, typesOf(cols));
    // Among shared units with one arm in each test: are the two assignments independent?
    const cross = o.has('group')
      ? await queryRows(run, `${base} SELECT a.t AS ta, b.t AS tb, a.g AS ga, b.g AS gb, count(*)::DOUBLE AS n FROM ua a JOIN ua b ON a.u = b.u AND a.t < b.t
          WHERE a.g IS NOT NULL AND b.g IS NOT NULL GROUP BY ALL ORDER BY ALL`)
      : [];
    return {
      rows: pairs.map((p) => {
        const cells = cross.filter((c) => c.ta === p.ta && c.tb === p.tb);
        let chi: number | null = null;
        let pv: number | null = null;
        let why: string | null = o.has('group') ? null : 'no `group:`: arm independence not tested';
        if (cells.length) {
          const ga = [...new Set(cells.map((c) => String(c.ga)))].sort();
          const gb = [...new Set(cells.map((c) => String(c.gb)))].sort();
          const table = ga.map((x) => gb.map((y) => Number(cells.find((c) => c.ga === x && c.gb === y)?.n ?? 0)));
          try {
            const t = chiSquareTest(table);
            chi = t.statistic;
            pv = t.pValue;
          } catch (e) {
            why = `arm independence not tested: ${(e as Error).message.replace(/^chiSquareTest: /, '')}`;
          }
        }
        const shared = Number(p.shared);
        return {
          test_a: p.ta, test_b: p.tb, start_a: p.sa, end_a: p.fa, start_b: p.sb, end_b: p.fb, overlap_days: num(p.days), units_a: num(p.na), units_b: num(p.nb),
          shared_units: shared, share_of_a: shared / Number(p.na), share_of_b: shared / Number(p.nb), jaccard: shared / (Number(p.na) + Number(p.nb) - shared),
          arm_chi_square: chi, arm_p_value: pv, note: why,
        };
      }),
      columns: cols, types: typesOf(cols),
    };
  },
});

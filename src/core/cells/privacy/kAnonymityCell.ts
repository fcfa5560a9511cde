import {
  evaluateNode, levelLabel, minimalGeneralizations, numericWidths, hierarchyHeight,
  type CodedClasses, type Hierarchy, type LatticeNode, type QiValue,
} from '../../analytics/privacy/generalization.ts';
import { quoteIdent, type ColumnInfo } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisRun, type AnalysisOutput } from '../analysis.ts';
import { listColumns, queryRows } from '../quality/shared.ts';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const DATE = /^(DATE|TIMESTAMP)/i;
/** A code whose leading digits carry the coarse part (ZIP 02138, postcode 75011, already-cut 0214*). */
const DIGIT_CODE = '^[0-9]+[*]*$';
/** At most three truncation steps before full suppression: ZIP 02138 → 0213* → 021** → 02***. */
const MAX_PREFIX_STEPS = 3;

/**
 * `k-anonymity`: equivalence classes over the quasi-identifiers (counted in SQL), the classes smaller
 * than k, and the least generalization that makes every class at least k (a Samarati lattice search
 * over age brackets, truncated codes, coarser dates and suppression).
 */
export const kAnonymityCell = analysisCell({
  kind: 'k-anonymity',
  summary: 'Smallest equivalence class over quasi-identifiers, the classes below k, and the least generalization (brackets, truncated codes, coarser dates) that reaches k.',
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const qi = listColumns(run, 'quasi_identifiers');
    if (qi.quoted.length === 0) o.fail('quasi_identifiers', 'list the columns that identify people in combination, e.g. [zip, age, gender]');
    const k = o.number('k', 5, { min: 2 });
    if (!Number.isInteger(k)) o.fail('k', `must be a whole number (got ${k})`);
    const maxSuppression = o.number('max_suppression', 0, { min: 0, max: 1 });
    const output = o.choice('output', ['violations', 'summary', 'classes'] as const, 'violations');
    const infos = qi.names.map((n) => run.source!.columns.find((c) => c.name === n)!);
    const [count] = await queryRows(run, `SELECT count(*) AS n ${fromClause(run)}`);
    const rowsTotal = Number(count?.n ?? 0);
    const notes = rowsTotal === 0 ? [`\`${run.source!.name}\` has no rows: no equivalence classes to check`] : [];

    if (output === 'classes' || output === 'violations') {
      // Row-level enough to be large: counted and stored by SQL.
      const names = qi.names.map(quoteIdent);
      const sql = `SELECT ${qi.quoted.map((c, i) => `CAST(${c} AS VARCHAR) AS ${names[i]}`).join(', ')}, count(*) AS class_size, count(*) < ${k} AS below_k, greatest(${k} - count(*), 0) AS missing_to_k
        ${fromClause(run)} GROUP BY ALL ${output === 'violations' ? `HAVING count(*) < ${k}` : ''} ORDER BY class_size, ${names.join(', ')}`;
      return { sql, notes };
    }

    // The classes are counted in SQL and come back coded as integers (one dictionary of distinct values per column).
    const classesT = `__kanon_classes_${run.cell.id}`;
    let data: CodedClasses;
    try {
      await run.engine.materialize(classesT, `SELECT ${qi.quoted.map((c, i) => `${NUMERIC.test(infos[i]!.type) ? `CAST(${c} AS DOUBLE)` : `CAST(${c} AS VARCHAR)`} AS q${i}`).join(', ')}, count(*) AS n ${fromClause(run)} GROUP BY ALL`);
      const dictionaries: QiValue[][] = [];
      for (let i = 0; i < qi.names.length; i++) dictionaries.push((await queryRows(run, `SELECT DISTINCT q${i} AS v FROM ${quoteIdent(classesT)} ORDER BY v NULLS LAST`)).map((r) => r.v as QiValue));
      const coded = await run.query(`SELECT ${qi.names.map((_, i) => `CAST(dense_rank() OVER (ORDER BY q${i} NULLS LAST) - 1 AS INTEGER) AS c${i}`).join(', ')}, CAST(n AS DOUBLE) AS n FROM ${quoteIdent(classesT)}`);
      data = {
        dictionaries,
        codes: qi.names.map((_, i) => coded.getChild(`c${i}`)!.toArray() as ArrayLike<number>),
        sizes: (coded.getChild('n')?.toArray() ?? []) as ArrayLike<number>,
      };
    } finally {
      await run.engine.drop(classesT);
    }

    const hierarchies = await hierarchiesOf(run, qi.quoted, infos);
    const asIs = evaluateNode(data, hierarchies, qi.names.map(() => 0), k);
    const search = rowsTotal < k ? { nodes: [], searched: 0, complete: true } : minimalGeneralizations(data, hierarchies, k, { maxSuppressedRows: Math.floor(maxSuppression * rowsTotal) });
    if (rowsTotal > 0 && rowsTotal < k) notes.push(`only ${rowsTotal} rows: no generalization reaches k = ${k}`);
    if (!search.complete) notes.push(`the lattice search stopped after ${search.searched} generalizations; list fewer quasi-identifiers for a full search`);
    const describe = (node: LatticeNode, step: string) => {
      const kept = qi.names.map((n, i) => (node.levels[i]! >= hierarchyHeight(hierarchies[i]!) ? null : node.levels[i] ? `${n} (${levelLabel(hierarchies[i]!, node.levels[i]!)})` : n)).filter(Boolean);
      const changes = qi.names.map((n, i) => (node.levels[i] ? `${n} → ${levelLabel(hierarchies[i]!, node.levels[i]!)}` : null)).filter(Boolean);
      const suppressed = step === 'as is' ? 0 : node.rowsBelowK;
      return {
        step, quasi_identifiers: kept.length ? kept.join(' × ') : '(all suppressed)', generalization: changes.length ? changes.join('; ') : 'none',
        classes: node.classes, classes_below_k: node.classesBelowK, rows_in_classes_below_k: node.rowsBelowK, smallest_class: node.smallestClass,
        rows_suppressed: suppressed, k_achieved: step === 'as is' ? node.smallestClass : node.kAchieved,
        satisfies_k: step === 'as is' ? node.classesBelowK === 0 && rowsTotal > 0 : true, height: node.levels.reduce((s, l) => s + l, 0),
      };
    };
    const rows = [describe(asIs, 'as is'), ...(asIs.classesBelowK === 0 ? [] : search.nodes.map((n) => describe(n, 'suggested')))];
    const columns = ['step', 'quasi_identifiers', 'generalization', 'classes', 'classes_below_k', 'rows_in_classes_below_k', 'smallest_class', 'rows_suppressed', 'k_achieved', 'satisfies_k', 'height'];
    return { rows, columns, types: { classes: 'BIGINT', classes_below_k: 'BIGINT', rows_in_classes_below_k: 'BIGINT', smallest_class: 'BIGINT', rows_suppressed: 'BIGINT', k_achieved: 'BIGINT', satisfies_k: 'BOOLEAN', height: 'BIGINT' }, notes };
  },
});

/** Pick each quasi-identifier's hierarchy from its type and values (probed in SQL). */
async function hierarchiesOf(run: AnalysisRun, quoted: string[], infos: ColumnInfo[]): Promise<Hierarchy[]> {
  const probes = quoted.map((c, i) => {
    const t = infos[i]!.type;
    if (NUMERIC.test(t)) return `min(${c})::DOUBLE AS lo${i}, max(${c})::DOUBLE AS hi${i}`;
    if (DATE.test(t)) return `NULL AS lo${i}, NULL AS hi${i}`;
    return `bool_and(regexp_matches(CAST(${c} AS VARCHAR), '${DIGIT_CODE}')) AS lo${i}, max(length(CAST(${c} AS VARCHAR))) - min(length(CAST(${c} AS VARCHAR))) = 0 AND min(length(CAST(${c} AS VARCHAR))) >= 3 AS hi${i}, min(length(CAST(${c} AS VARCHAR))) AS len${i}`;
  });
  const [p] = await queryRows(run, `SELECT ${probes.join(', ')} ${fromClause(run)}`);
  return infos.map((info, i): Hierarchy => {
    if (NUMERIC.test(info.type)) {
      const lo = Number(p?.[`lo${i}`]);
      const hi = Number(p?.[`hi${i}`]);
      return Number.isFinite(lo) && Number.isFinite(hi) ? { kind: 'numeric', widths: numericWidths(lo, hi) } : { kind: 'suppress' };
    }
    if (DATE.test(info.type)) return { kind: 'date' };
    if (p?.[`lo${i}`] === true && p?.[`hi${i}`] === true) {
      const length = Number(p[`len${i}`]);
      return { kind: 'prefix', length, steps: Math.min(MAX_PREFIX_STEPS, length - 1) };
    }
    return { kind: 'suppress' };
  });
}

import { numberColumn, rowsFromTable, tableFromColumns, textColumn } from '../../arrow.ts';
import { combinedConfidence, compileRules, matchRules, type CompiledRule, type Rule } from '../../analytics/moderation/rules.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { optionColumn } from '../shared/modelShared.ts';

const ADDED = ['matched_rules', 'categories', 'top_category', 'confidence', 'obfuscated', 'decision'];
const RATE_COLUMNS = ['category', 'messages', 'auto', 'review', 'allow', 'auto_rate', 'review_rate', 'labelled', 'overturn_rate', 'precision', 'recall'];
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The rules table, read and compiled; a bad row names its rule. */
async function readRules(run: AnalysisRun): Promise<CompiledRule[]> {
  const o = run.opts;
  const info = await run.table('rules');
  const col = (key: string, fallback: string, required: boolean) => {
    const name = o.text(key, fallback);
    const c = info.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!c && (required || o.has(key))) return o.fail(key, `\`${name}\` is not a column of \`${info.name}\` (its columns: ${info.columns.map((x) => x.name).join(', ')})`);
    return c ? quoteIdent(c.name) : undefined;
  };
  const pattern = col('rule_pattern', 'pattern', true)!;
  const ruleName = col('rule_name', 'rule', false);
  const type = col('rule_type', 'type', false);
  const category = col('rule_category', 'category', false);
  const severity = col('rule_severity', 'severity', false);
  const t = await run.query(
    `SELECT ${ruleName ? `CAST(${ruleName} AS VARCHAR)` : 'NULL::VARCHAR'} AS r, CAST(${pattern} AS VARCHAR) AS p, ${type ? `lower(CAST(${type} AS VARCHAR))` : 'NULL::VARCHAR'} AS t,
            ${category ? `CAST(${category} AS VARCHAR)` : 'NULL::VARCHAR'} AS c, ${severity ? `CAST(${severity} AS DOUBLE)` : 'NULL::DOUBLE'} AS s
     FROM ${quoteIdent(info.name)} WHERE ${pattern} IS NOT NULL`,
  );
  const ps = textColumn(t, 'p') as string[];
  const rules: Rule[] = ps.map((p, i) => {
    const name = textColumn(t, 'r')[i] ?? p;
    const kind = textColumn(t, 't')[i] ?? 'keyword';
    if (kind !== 'keyword' && kind !== 'regex') o.fail('rules', `rule \`${name}\` has type \`${kind}\`; write keyword or regex`);
    const sev = numberColumn(t, 's')[i] ?? 0.9;
    if (!(sev > 0 && sev <= 1)) o.fail('rules', `rule \`${name}\` has severity ${sev}; write a confidence in (0, 1]`);
    return { rule: name, pattern: p, type: kind as Rule['type'], category: textColumn(t, 'c')[i] ?? name, severity: sev };
  });
  if (rules.length === 0) o.fail('rules', `\`${info.name}\` has no rules (rows with a ${o.text('rule_pattern', 'pattern')})`);
  try {
    return compileRules(rules);
  } catch (e) {
    return o.fail('rules', (e as Error).message);
  }
}

/**
 * `moderate`: comments and messages against a rules table (keywords on word boundaries, regular
 * expressions; leetspeak, stretched, split and look-alike letters and emoji variants caught), with a
 * confidence, a decision (auto action / human review / allow), the review queue, and — with human
 * labels — the review and overturn rates.
 */
export const moderateCell = analysisCell({
  kind: 'moderate',
  summary: 'Moderation rules (keywords on word boundaries, regexes; leetspeak, look-alike letters and emoji variants) with a confidence, auto / review / allow decisions, the review queue, and review / overturn rates from labels.',
  tableKeys: ['rules'],
  formats: { confidence: 'percent', auto_rate: 'percent', review_rate: 'percent', overturn_rate: 'percent', precision: 'percent', recall: 'percent' },
  verdict(rows) {
    const all = rows.find((r) => r.category === 'all');
    if (!all) return undefined;
    const over = typeof all.overturn_rate === 'number' ? `; ${formatNumber(all.overturn_rate, 'percent')} of labelled auto actions overturned by reviewers` : '';
    return `${formatNumber(Number(all.auto), 'count')} of ${formatNumber(Number(all.messages), 'count')} messages actioned automatically, ${formatNumber(Number(all.review), 'count')} (${formatNumber(Number(all.review_rate), 'percent')}) sent to review${over}`;
  },
  async compute(run) {
    const o = run.opts;
    const text = quoteIdent(optionColumn(o, 'text', run.source!, 'text'));
    const output = o.choice('output', ['messages', 'queue', 'rates'] as const, 'messages');
    const review = o.number('review_threshold', 0.5, { min: 0, max: 1, exclusive: true });
    const auto = o.number('auto_threshold', 0.9, { min: 0, max: 1 });
    if (auto < review) o.fail('auto_threshold', `must be at least review_threshold (${review})`);
    const label = o.has('label') ? run.columns('label')[0]! : undefined;
    const violation = o.list('violation_values', ['violation', 'remove', 'removed', 'true', 'yes', '1']).map((v) => v.toLowerCase());
    const rules = await readRules(run);
    for (const c of ADDED) if (output !== 'rates' && run.source!.columns.some((x) => x.name.toLowerCase() === c)) o.fail('from', `\`${run.source!.name}\` already has a column \`${c}\`; rename it in SQL first`);
    // Each distinct text is matched once; the decisions are joined back onto the rows in SQL.
    const t = await run.query(`SELECT DISTINCT CAST(${text} AS VARCHAR) AS x ${fromClause(run)} WHERE ${text} IS NOT NULL`);
    const texts = textColumn(t, 'x') as string[];
    const matched = texts.map((x) => matchRules(x, rules));
    const conf = matched.map(combinedConfidence);
    const decision = conf.map((c) => (c >= auto ? 'auto' : c >= review ? 'review' : 'allow'));
    const helper = `__moderate_${run.cell.id}`;
    await run.engine.registerArrow(helper, tableFromColumns([
      { name: '__text', type: 'VARCHAR', values: texts },
      { name: 'matched_rules', type: 'VARCHAR', values: matched.map((m) => (m.length ? m.map((x) => x.rule).join(', ') : null)) },
      { name: 'categories', type: 'VARCHAR', values: matched.map((m) => (m.length ? [...new Set(m.map((x) => x.category))].join(', ') : null)) },
      { name: 'top_category', type: 'VARCHAR', values: matched.map((m) => (m.length ? [...m].sort((a, b) => b.confidence - a.confidence)[0]!.category : null)) },
      { name: 'confidence', type: 'DOUBLE', values: conf },
      { name: 'obfuscated', type: 'BOOLEAN', values: matched.map((m) => m.some((x) => x.obfuscated)) },
      { name: 'decision', type: 'VARCHAR', values: decision },
    ]));
    const notes = [`${rules.length} rule(s); auto action at confidence ≥ ${auto}, review at ≥ ${review}`];
    const [empty] = numberColumn(await run.query(`SELECT count(*)::DOUBLE AS e ${fromClause(run)} WHERE ${text} IS NULL`), 'e');
    if (empty) notes.push(`${formatNumber(empty!, 'count')} row(s) with an empty ${o.text('text', 'text')} (decision null)`);
    const cleanup = async () => {
      await run.engine.drop(helper);
    };
    const joined = `(SELECT row_number() OVER () AS __row, * ${fromClause(run)}) AS t LEFT JOIN ${quoteIdent(helper)} AS m ON CAST(t.${text} AS VARCHAR) = m.__text`;
    const addedCols = ADDED.map((c) => `m.${c}`).join(', ');
    if (output === 'messages') return { sql: `SELECT t.* EXCLUDE (__row), ${addedCols} FROM ${joined} ORDER BY t.__row`, cleanup, notes };
    if (output === 'queue') return { sql: `SELECT t.* EXCLUDE (__row), ${addedCols} FROM ${joined} WHERE m.decision = 'review' ORDER BY m.confidence DESC, t.__row`, cleanup, notes };
    if (!label) notes.push('no `label:` column, so the labelled rates are null');
    const isViolation = label ? `lower(CAST(t.${label} AS VARCHAR)) IN (${violation.map(sqlString).join(', ')})` : 'NULL';
    const labelled = label ? `t.${label} IS NOT NULL` : 'FALSE';
    const rates = `count(*)::DOUBLE AS messages, count(*) FILTER (WHERE m.decision = 'auto')::DOUBLE AS auto, count(*) FILTER (WHERE m.decision = 'review')::DOUBLE AS review,
      count(*) FILTER (WHERE m.decision = 'allow')::DOUBLE AS allow, auto / messages AS auto_rate, review / messages AS review_rate,
      count(*) FILTER (WHERE ${labelled})::DOUBLE AS labelled,
      (count(*) FILTER (WHERE ${labelled} AND m.decision = 'auto' AND NOT ${isViolation}))::DOUBLE / nullif(count(*) FILTER (WHERE ${labelled} AND m.decision = 'auto'), 0) AS overturn_rate,
      (count(*) FILTER (WHERE ${labelled} AND m.decision <> 'allow' AND ${isViolation}))::DOUBLE / nullif(count(*) FILTER (WHERE ${labelled} AND m.decision <> 'allow'), 0) AS precision,
      (count(*) FILTER (WHERE ${labelled} AND m.decision <> 'allow' AND ${isViolation}))::DOUBLE / nullif(count(*) FILTER (WHERE ${labelled} AND ${isViolation}), 0) AS recall`;
    // A handful of rows: read back, so the verdict can say them.
    let table;
    try {
      table = await run.query(`SELECT * FROM (SELECT 'all' AS category, ${rates} FROM ${joined} WHERE m.decision IS NOT NULL
            UNION ALL SELECT coalesce(m.top_category, '(no match)') AS category, ${rates} FROM ${joined} WHERE m.decision IS NOT NULL GROUP BY 1)
            ORDER BY category = 'all' DESC, messages DESC, category`);
    } finally {
      await cleanup();
    }
    const rows = rowsFromTable(table).filter((r) => Number(r.messages) > 0);
    return {
      rows, columns: RATE_COLUMNS, types: Object.fromEntries(RATE_COLUMNS.map((c) => [c, c === 'category' ? 'VARCHAR' : 'DOUBLE'])) as Record<string, 'VARCHAR' | 'DOUBLE'>,
      notes: [...notes, 'rates per category group messages by their highest-confidence match; precision and recall count review and auto decisions as flagged'],
    };
  },
});

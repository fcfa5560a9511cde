import { classifyIntent, compileRules, DEFAULT_INTENT_RULES, patternRegex, type IntentResult, type IntentRule } from '../../analytics/text/intent-rules.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { column, queryRows, sqlString } from '../quality/shared.ts';
import { perTextColumns, refuseClashes, type PerTextColumn } from './perText.ts';

const ADDED = ['intent', 'confidence', 'matched', 'queue', 'review'];
/** Queues of the default classes (a `queues:` map overrides or adds; an unlisted class is its own queue). */
const DEFAULT_QUEUES: Record<string, string> = { complaint: 'support', inquiry: 'customer_care', endorsement: 'community', purchase_intent: 'sales', other: 'triage' };

const COLUMNS: PerTextColumn<IntentResult>[] = [
  { name: 'intent', type: 'VARCHAR', value: (r) => r.intent ?? 'other' },
  { name: 'confidence', type: 'DOUBLE', value: (r) => r.confidence },
  { name: 'matched', type: 'LIST', value: (r) => r.matched },
];

/** The rules of a bound table: columns `class`, `pattern` and optionally `weight` (default 1). */
async function tableRules(run: AnalysisRun): Promise<IntentRule[]> {
  const info = await run.table('rules');
  const has = (n: string) => info.columns.find((c) => c.name.toLowerCase() === n);
  const cls = has('class');
  const pattern = has('pattern');
  if (!cls || !pattern) run.opts.fail('rules', `\`${info.name}\` needs columns \`class\` and \`pattern\` (and optionally \`weight\`); its columns: ${info.columns.map((c) => c.name).join(', ')}`);
  const weight = has('weight');
  const rows = await queryRows(run, `SELECT CAST(${quoteIdent(cls.name)} AS VARCHAR) AS c, CAST(${quoteIdent(pattern.name)} AS VARCHAR) AS p, ${weight ? `TRY_CAST(${quoteIdent(weight.name)} AS DOUBLE)` : '1.0'} AS w, ${weight ? `CAST(${quoteIdent(weight.name)} AS VARCHAR)` : `'1'`} AS raw FROM ${quoteIdent(info.name)}`);
  if (rows.length === 0) run.opts.fail('rules', `\`${info.name}\` has no rules; add rows (class, pattern, weight) or remove \`rules:\` to use the default rules`);
  return rows.map((r, k) => {
    const where = `row ${k + 1} of \`${info.name}\``;
    if (!r.c || !String(r.c).trim()) run.opts.fail('rules', `${where} has no class; every rule needs one`);
    if (!r.p || !String(r.p).trim()) run.opts.fail('rules', `${where} has no pattern; write a word, a phrase or a /regular expression/`);
    if (typeof r.w !== 'number' || !(r.w > 0)) run.opts.fail('rules', `${where}: weight \`${String(r.raw)}\` must be a number above 0`);
    try {
      patternRegex(String(r.p));
    } catch (e) {
      run.opts.fail('rules', `${where}: ${(e as Error).message}`);
    }
    return { intent: String(r.c).trim(), pattern: String(r.p), weight: r.w };
  });
}

function queueMap(run: AnalysisRun): Record<string, string> {
  const v = run.opts.data.queues;
  if (v === undefined || v === null) return DEFAULT_QUEUES;
  if (typeof v !== 'object' || Array.isArray(v)) run.opts.fail('queues', 'must be a map of class to queue, e.g. `queues: {complaint: support, inquiry: care}`');
  const out = { ...DEFAULT_QUEUES };
  for (const [k, q] of Object.entries(v as Record<string, unknown>)) {
    if (typeof q !== 'string' || !q.trim()) run.opts.fail('queues', `the queue of \`${k}\` must be a name (got \`${String(q)}\`)`);
    out[k] = q.trim();
  }
  return out;
}

/**
 * `intent`: rule-based intent per text (weighted keyword / phrase / regex rules), confidence = the
 * winning class's share of matched weight, and a queue per text from a class → queue map, with
 * low-confidence texts sent to a review queue. Matching in TypeScript per batch; routing in SQL.
 */
export const intentCell = analysisCell({
  kind: 'intent',
  summary: 'Rule-based intent per text (complaint, inquiry, endorsement, purchase intent… or your rules table), confidence, matched rules and routing to queues with a review queue.',
  formats: { confidence: 'percent' },
  tableKeys: ['rules'],
  async compute(run): Promise<AnalysisOutput> {
    const text = column(run, 'text', 'text');
    const rules = run.opts.has('rules') ? await tableRules(run) : [...DEFAULT_INTENT_RULES];
    const queues = queueMap(run);
    const reviewBelow = run.opts.number('review_below', 0.6, { min: 0, max: 1 });
    const reviewQueue = run.opts.text('review_queue', 'review');
    refuseClashes(run, 'intent', ADDED);
    const compiled = compileRules(rules);
    const classes = [...new Set([...rules.map((r) => r.intent), 'other'])];
    const routing = classes.map((c) => `WHEN intent = ${sqlString(c)} THEN ${sqlString(queues[c] ?? c)}`).join(' ');
    const extra = `CASE WHEN intent IS NULL THEN NULL WHEN confidence < ${reviewBelow} THEN ${sqlString(reviewQueue)} ${routing} ELSE intent END AS queue,
      CASE WHEN intent IS NULL THEN NULL ELSE coalesce(confidence < ${reviewBelow}, false) END AS review`;
    const out = await perTextColumns(run, text, COLUMNS, (s) => classifyIntent(s, compiled), extra);
    const notes: string[] = [];
    // How the work splits across queues, largest first: what a care lead reads before the rows.
    const load = await queryRows(run, `SELECT queue, count(*) AS n FROM (${out.sql}) WHERE queue IS NOT NULL GROUP BY queue ORDER BY n DESC, queue`).catch(async (e) => {
      await out.cleanup();
      throw e;
    });
    if (load.length) notes.push(`queues: ${load.map((r) => `${r.queue} ${r.n}`).join(', ')}`);
    if (out.missing) notes.push(`${out.missing} row(s) with an empty \`${text.slice(1, -1).replaceAll('""', '"')}\` were kept with null columns`);
    return { sql: out.sql, cleanup: out.cleanup, notes };
  },
});

import { tableFromColumns, tableFromRows } from '../../arrow.ts';
import { jaroWinkler } from '../../analytics/quality/jaro-winkler.ts';
import { ageBracket, bracketOfAge, foldedKey, genderLabel, labelKey, type AgeBracket } from '../../analytics/quality/standardize-label.ts';
import { quoteIdent } from '../../engine.ts';
import { analysisCell, fromClause, type AnalysisOutput, type AnalysisRun } from '../analysis.ts';
import { queryRows } from './shared.ts';

const ROW = '__pulse_row';
const TYPES = ['text', 'age', 'gender'] as const;
const GENDERS = ['female', 'male', 'non-binary', 'unknown'];

interface Decision {
  standard: string | null;
  rule: string;
  similarity: number | null;
}

/** Variant key → standard value, from a bound table or the inline YAML map. */
async function readMapping(run: AnalysisRun): Promise<Map<string, string>> {
  const o = run.opts;
  const map = new Map<string, string>();
  if (!o.has('mapping')) return map;
  const add = (variant: unknown, standard: unknown, where: string) => {
    if (variant === null || variant === undefined || standard === null || standard === undefined) return;
    const key = labelKey(String(variant));
    const prev = map.get(key);
    if (prev !== undefined && prev !== String(standard)) o.fail('mapping', `${where}: \`${String(variant)}\` maps to both \`${prev}\` and \`${String(standard)}\`; keep one`);
    map.set(key, String(standard));
  };
  const m = o.data.mapping;
  if (typeof m === 'string') {
    const table = await run.table('mapping');
    const col = (key: string, fallback: string) => {
      const name = o.text(key, fallback);
      const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
      return c ? quoteIdent(c.name) : o.fail(key, `\`${name}\` is not a column of \`${table.name}\` (its columns: ${table.columns.map((x) => x.name).join(', ')})`);
    };
    const v = col('mapping_value', 'value');
    const s = col('mapping_standard', 'standard');
    const rows = await queryRows(run, `SELECT CAST(${v} AS VARCHAR) AS v, CAST(${s} AS VARCHAR) AS s FROM ${quoteIdent(table.name)}`);
    for (const r of rows) add(r.v, r.s, `table \`${table.name}\``);
    return map;
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) o.fail('mapping', 'must name a table (columns value, standard) or map variants to standards, e.g. `"25 to 34": 25-34` or `London: [LDN, Londres]`');
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    // `variant: standard`, or `standard: [variants…]` (the standard itself counts as one of them).
    if (Array.isArray(v)) [k, ...v].forEach((variant) => add(variant, k, 'inline'));
    else if (typeof v === 'string' || typeof v === 'number') add(k, v, 'inline');
    else o.fail('mapping', `\`${k}\` needs a standard value (text) or a list of its variants`);
  }
  return map;
}

function readBrackets(run: AnalysisRun): AgeBracket[] {
  return run.opts.list('brackets').map((b) => {
    const parsed = ageBracket(b);
    if (!parsed || parsed.label === String(parsed.low)) run.opts.fail('brackets', `\`${b}\` is not an age bracket; write ranges such as 18-24, 65+ or under 18`);
    return parsed;
  });
}

const caseOf = (value: string, mode: string) =>
  mode === 'lower' ? value.toLowerCase() : mode === 'upper' ? value.toUpperCase() : mode === 'title' ? value.toLowerCase().replace(/(^|[\s\-'])(\p{L})/gu, (_, a: string, c: string) => a + c.toUpperCase()) : value;

/**
 * `standardize`: map a messy categorical column (age brackets, genders, locations) to a standard
 * vocabulary through a mapping table and built-in rules. Every input row is kept with its standard
 * value and the rule that produced it (`unmapped` when none did); the rules run on the column's
 * distinct values, joined back in SQL.
 */
export const standardizeCell = analysisCell({
  kind: 'standardize',
  summary: 'Map messy labels (age brackets, genders, places) to a standard vocabulary via a mapping table and rules; every row kept with the rule applied, unmapped values listed.',
  tableKeys: ['mapping'],
  formats: { rows: 'count', count: 'count', values: 'count', share: 'percent' },
  verdict(rows) {
    if (!('rule' in rows[0]!) || !('share' in rows[0]!)) return undefined;
    const unmapped = rows.find((r) => r.rule === 'unmapped');
    const total = rows.reduce((a, r) => a + Number(r.rows), 0);
    return unmapped
      ? `${Number(unmapped.rows).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (${unmapped.values} distinct values) stay unmapped: add them to the mapping`
      : `All ${total.toLocaleString('en-US')} rows standardized or missing; nothing unmapped`;
  },
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const name = o.text('column');
    const colInfo = run.source!.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()) ?? o.fail('column', `\`${name}\` is not a column of \`${run.source!.name}\` (its columns: ${run.source!.columns.map((c) => c.name).join(', ')})`);
    const col = quoteIdent(colInfo.name);
    const type = o.choice('type', TYPES, 'text');
    const output = o.choice('output', ['rows', 'unmapped', 'summary'] as const, 'rows');
    const mode = o.choice('case', ['keep', 'lower', 'upper', 'title'] as const, 'keep');
    const fuzzy = o.has('fuzzy') ? o.number('fuzzy', undefined, { min: 0, max: 1, exclusive: true }) : null;
    const mapping = await readMapping(run);
    const brackets = type === 'age' ? readBrackets(run) : o.has('brackets') ? o.fail('brackets', 'applies to `type: age` only') : [];
    const vocabulary = [...new Set([...o.list('vocabulary'), ...mapping.values(), ...brackets.map((b) => b.label), ...(type === 'gender' ? GENDERS : [])])];
    const byKey = new Map(vocabulary.map((v) => [labelKey(v), v]));
    const byFolded = new Map(vocabulary.map((v) => [foldedKey(v), v]));
    const standardOut = `${colInfo.name}_standard`;
    const ruleOut = `${colInfo.name}_rule`;
    if (output === 'rows') {
      const clash = run.source!.columns.find((c) => [standardOut, ruleOut].includes(c.name.toLowerCase()));
      if (clash) o.fail('column', `\`${run.source!.name}\` already has a column \`${clash.name}\`; rename it in SQL first`);
    }

    const decide = (value: string): Decision => {
      const key = labelKey(value);
      const mapped = mapping.get(key);
      if (mapped !== undefined) return { standard: mapped, rule: 'mapping', similarity: null };
      if (type === 'age') {
        const b = ageBracket(value);
        if (b && b.high === b.low && b.label === String(b.low)) {
          const holder = bracketOfAge(b.low, brackets);
          if (holder) return { standard: holder.label, rule: 'age_in_bracket', similarity: null };
        } else if (b && (brackets.length === 0 || brackets.some((x) => x.label === b.label))) {
          return { standard: b.label, rule: 'age_bracket', similarity: null };
        }
      }
      if (type === 'gender') {
        const g = genderLabel(value);
        if (g) return { standard: g, rule: 'gender_synonym', similarity: null };
      }
      const exact = byKey.get(key) ?? byFolded.get(foldedKey(value));
      if (exact !== undefined) return { standard: exact, rule: 'vocabulary', similarity: null };
      if (fuzzy !== null && vocabulary.length) {
        const [best, sim] = closest(value, vocabulary);
        if (sim >= fuzzy) return { standard: best, rule: 'fuzzy', similarity: sim };
      }
      if (type === 'text' && vocabulary.length === 0) return { standard: caseOf(value.normalize('NFKC').replace(/\s+/g, ' ').trim(), mode), rule: 'cleaned', similarity: null };
      return { standard: null, rule: 'unmapped', similarity: null };
    };

    const distinct = await queryRows(run, `SELECT CAST(${col} AS VARCHAR) AS v, count(*)::BIGINT AS n ${fromClause(run)} GROUP BY 1 ORDER BY 2 DESC, 1`);
    const decided = distinct.map((r) => ({ value: r.v as string | null, count: Number(r.n), ...(r.v === null ? { standard: null, rule: 'missing', similarity: null } : decide(String(r.v))) }));
    const unmapped = decided.filter((d) => d.rule === 'unmapped');
    const unmappedRows = unmapped.reduce((a, d) => a + d.count, 0);
    const notes: string[] = [];
    if (unmapped.length) notes.push(`${unmappedRows} row(s) (${unmapped.length} distinct value(s): ${unmapped.slice(0, 5).map((d) => `\`${d.value}\``).join(', ')}${unmapped.length > 5 ? ', …' : ''}) stay unmapped (standard null, rule unmapped)`);

    if (output === 'unmapped') {
      const rows = unmapped.map((d) => {
        const [best, sim] = vocabulary.length ? closest(d.value!, vocabulary) : [null, null];
        return { value: d.value, count: d.count, closest: best, similarity: sim };
      });
      return { rows, columns: ['value', 'count', 'closest', 'similarity'], types: { value: 'VARCHAR', count: 'BIGINT', closest: 'VARCHAR', similarity: 'DOUBLE' }, notes };
    }
    if (output === 'summary') {
      const total = decided.reduce((a, d) => a + d.count, 0);
      const byRule = new Map<string, { values: number; rows: number }>();
      for (const d of decided) {
        const s = byRule.get(d.rule) ?? { values: 0, rows: 0 };
        s.values++;
        s.rows += d.count;
        byRule.set(d.rule, s);
      }
      const rows = [...byRule].map(([rule, s]) => ({ rule, values: s.values, rows: s.rows, share: total ? s.rows / total : null })).sort((a, b) => b.rows - a.rows || a.rule.localeCompare(b.rule));
      return { rows, columns: ['rule', 'values', 'rows', 'share'], types: { rule: 'VARCHAR', values: 'BIGINT', rows: 'BIGINT', share: 'DOUBLE' }, notes };
    }
    const mapName = `__standardize_map_${run.cell.id}`;
    const known = decided.filter((d) => d.value !== null);
    await run.engine.registerArrow(mapName, known.length
      ? tableFromColumns([
        { name: 'v', type: 'VARCHAR', values: known.map((d) => d.value) },
        { name: 's', type: 'VARCHAR', values: known.map((d) => d.standard) },
        { name: 'r', type: 'VARCHAR', values: known.map((d) => d.rule) },
      ])
      : tableFromRows([], { v: 'VARCHAR', s: 'VARCHAR', r: 'VARCHAR' }, ['v', 's', 'r']));
    const sql = `SELECT * EXCLUDE (${ROW}) FROM (
        SELECT t.*, m.s AS ${quoteIdent(standardOut)}, coalesce(m.r, 'missing') AS ${quoteIdent(ruleOut)}
        FROM (SELECT row_number() OVER () AS ${ROW}, * ${fromClause(run)}) t LEFT JOIN ${quoteIdent(mapName)} m ON CAST(t.${col} AS VARCHAR) = m.v
      ) ORDER BY ${ROW}`;
    return { sql, notes, cleanup: () => run.engine.drop(mapName).catch(() => undefined) };
  },
});

/** The vocabulary value most like `value` (Jaro–Winkler on folded keys) and its similarity. */
function closest(value: string, vocabulary: readonly string[]): [string, number] {
  const key = foldedKey(value);
  let best = vocabulary[0]!;
  let sim = -1;
  for (const v of vocabulary) {
    const s = jaroWinkler(key, foldedKey(v));
    if (s > sim) [best, sim] = [v, s];
  }
  return [best, sim];
}

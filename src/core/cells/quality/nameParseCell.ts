import { numberColumn, tableFromColumns, textColumn } from '../../arrow.ts';
import { compilePattern, parseName, partNames, type PartRules, type Token } from '../../analytics/naming/name-pattern.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type Options } from '../analysis.ts';

const TAIL = ['parsed', 'error_part', 'error_position', 'reason'];

function readRules(o: Options, parts: string[]): PartRules {
  const map = (key: string): Record<string, unknown> | undefined => {
    const v = o.data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) return o.fail(key, 'must be a map of part name to ' + (key === 'values' ? 'a list of allowed values, e.g. `{ market: [UK, DE] }`' : 'a regular expression, e.g. `{ brand: "^[a-z]+$" }`'));
    for (const k of Object.keys(v)) if (!parts.includes(k)) o.fail(key, `\`${k}\` is not a part of the pattern (its parts: ${parts.join(', ')})`);
    return v as Record<string, unknown>;
  };
  const values = map('values');
  const patterns = map('patterns');
  const caseSensitive = o.data.case_sensitive === undefined ? false : o.data.case_sensitive === true || o.data.case_sensitive === 'true' ? true : o.data.case_sensitive === false || o.data.case_sensitive === 'false' ? false : o.fail('case_sensitive', 'must be true or false');
  return {
    caseSensitive,
    ...(values ? { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : o.fail('values', `\`${k}:\` must be a list of allowed values`)])) } : {}),
    ...(patterns
      ? {
          patterns: Object.fromEntries(Object.entries(patterns).map(([k, v]) => {
            try {
              return [k, new RegExp(String(v), caseSensitive ? '' : 'i')];
            } catch (e) {
              return o.fail('patterns', `\`${k}:\` is not a regular expression (${(e as Error).message})`);
            }
          })),
        }
      : {}),
  };
}

/**
 * `name-parse`: campaign / ad set / ad names parsed against a naming convention into one column per
 * part (for roll-ups), with the names that break it flagged: which part, at which character, why.
 */
export const nameParseCell = analysisCell({
  kind: 'name-parse',
  summary: 'Parse campaign / ad set / ad names against a naming convention `{brand}_{market}_{yyyymm}` into columns, flagging names that break it (which part, which position, why).',
  formats: { rows: 'count', error_position: 'plain' },
  verdict(rows, options) {
    if (!('rows' in rows[0]!)) return undefined;
    const bad = rows.filter((r) => r.parsed === false);
    const share = formatNumber(bad.length / rows.length, 'percent');
    if (bad.length === 0) return `all ${rows.length} names follow ${String(options?.pattern ?? 'the convention')}`;
    const byPart = new Map<string, number>();
    for (const r of bad) byPart.set(String(r.error_part), (byPart.get(String(r.error_part)) ?? 0) + 1);
    const [part, n] = [...byPart.entries()].sort((a, b) => b[1] - a[1])[0]!;
    return `${bad.length} of ${rows.length} names (${share}) break ${String(options?.pattern ?? 'the convention')}; most often at {${part.replace(/^\(|\)$/g, '')}} (${n})`;
  },
  async compute(run) {
    const o = run.opts;
    const [name] = run.columns('name');
    let tokens: Token[];
    try {
      tokens = compilePattern(o.text('pattern'));
    } catch (e) {
      return o.fail('pattern', (e as Error).message);
    }
    const parts = partNames(tokens);
    const rules = readRules(o, parts);
    const output = o.choice('output', ['names', 'rows'] as const, 'names');
    const clash = [...parts, ...TAIL, ...(output === 'names' ? ['name', 'rows'] : [])].find((p, i, all) => all.indexOf(p) !== i || (output === 'rows' && run.source!.columns.some((c) => c.name.toLowerCase() === p.toLowerCase())));
    if (clash) o.fail('pattern', `the part or column \`${clash}\` clashes with ${output === 'rows' ? `a column of \`${run.source!.name}\`` : 'an output column'}; rename the part`);
    const t = await run.query(`SELECT CAST(${name} AS VARCHAR) AS n, count(*)::DOUBLE AS c ${fromClause(run)} WHERE ${name} IS NOT NULL GROUP BY 1 ORDER BY 1`);
    const names = textColumn(t, 'n') as string[];
    const counts = numberColumn(t, 'c') as number[];
    const [empty] = numberColumn(await run.query(`SELECT count(*)::DOUBLE AS e ${fromClause(run)} WHERE ${name} IS NULL`), 'e');
    const notes: string[] = [];
    if (empty) notes.push(`${formatNumber(empty, 'count')} row(s) with an empty ${o.text('name')} (not parsed${output === 'rows' ? '; parsed is null' : ', left out'})`);
    const parsed = names.map((n) => parseName(n, tokens, rules));
    const columns = [
      ...(output === 'names' ? [{ name: 'name', type: 'VARCHAR' as const, values: names }, { name: 'rows', type: 'DOUBLE' as const, values: counts }] : [{ name: '__name', type: 'VARCHAR' as const, values: names }]),
      { name: 'parsed', type: 'BOOLEAN' as const, values: parsed.map((p) => p.ok) },
      ...parts.map((p) => ({ name: p, type: 'VARCHAR' as const, values: parsed.map((r) => (r.ok ? r.parts[p]! : null)) })),
      { name: 'error_part', type: 'VARCHAR' as const, values: parsed.map((r) => (r.ok ? null : r.part)) },
      { name: 'error_position', type: 'BIGINT' as const, values: parsed.map((r) => (r.ok ? null : r.position)) },
      { name: 'reason', type: 'VARCHAR' as const, values: parsed.map((r) => (r.ok ? null : r.reason)) },
    ];
    const bad = parsed.filter((p) => !p.ok).length;
    if (names.length) notes.push(`${formatNumber(bad, 'count')} of ${formatNumber(names.length, 'count')} distinct names break the convention`);
    if (output === 'names') {
      const rows = names.map((_, i) => Object.fromEntries(columns.map((c) => [c.name, c.values[i] ?? null])));
      return { rows, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), notes };
    }
    const helper = `__name_parse_${run.cell.id}`;
    await run.engine.registerArrow(helper, tableFromColumns(columns));
    const cols = ['parsed', ...parts, 'error_part', 'error_position', 'reason'].map((c) => `p.${quoteIdent(c)}`).join(', ');
    return {
      // Numbered first so the result keeps the table's row order through the join.
      sql: `SELECT t.* EXCLUDE (__row), ${cols} FROM (SELECT row_number() OVER () AS __row, * ${fromClause(run)}) AS t LEFT JOIN ${quoteIdent(helper)} AS p ON CAST(t.${name} AS VARCHAR) = p.__name ORDER BY t.__row`,
      cleanup: async () => {
        await run.engine.drop(helper);
      },
      notes,
    };
  },
});

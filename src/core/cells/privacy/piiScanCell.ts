import { classifyColumn, type ValueShares } from '../../analytics/privacy/classify-column.ts';
import { quoteIdent, type TableInfo } from '../../engine.ts';
import { analysisCell, type AnalysisOutput } from '../analysis.ts';
import { queryRows } from '../quality/shared.ts';

/**
 * Value tests per column, as DuckDB (RE2) predicates on the text value `val`. Each is measured as the
 * share of non-empty values that pass; the classifier (analytics/privacy/classify-column.ts) decides.
 */
const FREE_TEXT = `(length(val) > 20 AND regexp_matches(val, '\\s\\S+\\s'))`;
// Phone numbers inside text: an international +…, a bracketed area code or the 3-3-4 North American
// form; bare digit runs are left out because dates and times inside text would match them.
const PHONE_IN_TEXT = `regexp_matches(val, '\\+\\d[\\d\\s().-]{7,}\\d|\\(\\d{2,4}\\)\\s?\\d[\\d\\s.-]{5,}\\d|\\b\\d{3}[\\s.-]\\d{3}[\\s.-]\\d{4}\\b')`;
const TESTS: Record<keyof ValueShares, string> = {
  email: `regexp_matches(val, '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', 'i')`,
  phone: `(regexp_matches(val, '^\\+?[\\d\\s().-]{9,}$') AND NOT regexp_matches(val, '^\\d+(\\.\\d+)?$') AND NOT regexp_matches(val, '^\\d{4}-\\d{2}-\\d{2}') AND NOT regexp_matches(val, '^(\\d{1,3}\\.){3}\\d{1,3}$'))`,
  ip: `(regexp_matches(val, '^(\\d{1,3}\\.){3}\\d{1,3}$') OR regexp_matches(val, '^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){3,7}$', 'i'))`,
  uuid: `regexp_matches(val, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'i')`,
  hash: `regexp_matches(val, '^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$', 'i')`,
  userAgent: `regexp_matches(val, '(Mozilla/|curl/|python-requests|Headless|okhttp/|Dalvik/)')`,
  street: `(regexp_matches(val, '^\\d+[a-z]?\\s+(\\S+\\s+){0,4}(st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place)\\.?(\\s|,|$)', 'i') OR regexp_matches(val, '^\\S+(straße|strasse|weg|gasse|platz)\\s+\\d+', 'i'))`,
  freeText: FREE_TEXT,
  piiInText: `(${FREE_TEXT} AND (regexp_matches(val, '[^@\\s]+@[^@\\s]+\\.[a-z]{2,}', 'i') OR ${PHONE_IN_TEXT}))`,
};
const KEYS = Object.keys(TESTS) as (keyof ValueShares)[];
const RANK = { restricted: 1, confidential: 2, internal: 3 } as const;
const COLUMNS = ['table_name', 'column_name', 'detected', 'pii_type', 'sensitivity', 'evidence', 'non_null', 'distinct_values', 'pattern_share'];

/**
 * `pii-scan`: classify every column of one or more tables as personal data or not, by name and by
 * values, with the evidence. Shares are measured in SQL over all rows, or over a seeded reservoir
 * sample of `sample_rows` for large tables.
 */
export const piiScanCell = analysisCell({
  kind: 'pii-scan',
  summary: 'Classify columns (email, phone, name, address, IP, device id, hashed ids, free text with PII …) by name and values, with evidence and a sensitivity level.',
  needsFrom: false,
  async compute(run): Promise<AnalysisOutput> {
    const o = run.opts;
    const names = o.list('from');
    if (names.length === 0) o.fail('from', 'name a table or a list of tables to scan');
    const sampleRows = o.number('sample_rows', 100_000, { min: 1 });
    const tables: TableInfo[] = [];
    for (const name of names) tables.push((await run.engine.describe(name)) ?? o.fail('from', `no table named \`${name}\``));
    const rows: Record<string, unknown>[] = [];
    const notes: string[] = [];
    for (const t of tables) {
      const sampled = t.rowCount > sampleRows;
      if (t.rowCount === 0) notes.push(`\`${t.name}\` has no rows: its columns are classified by name only`);
      if (sampled) notes.push(`\`${t.name}\`: value shares measured on a seeded sample of ${sampleRows.toLocaleString('en-US')} of ${t.rowCount.toLocaleString('en-US')} rows`);
      const stats = new Map<string, Record<string, unknown>>();
      if (t.rowCount > 0 && t.columns.length > 0) {
        const src = `(SELECT * FROM ${quoteIdent(t.name)}${sampled ? ` USING SAMPLE reservoir(${Math.floor(sampleRows)} ROWS) REPEATABLE (42)` : ''})`;
        const sql = `
          WITH column_values AS (
            SELECT col, nullif(trim(val), '') AS val FROM (UNPIVOT (SELECT coalesce(COLUMNS(*)::VARCHAR, '') FROM ${src}) ON COLUMNS(*) INTO NAME col VALUE val)
          )
          SELECT col, count(val) AS non_null, count(DISTINCT val) AS distinct_values,
                 ${KEYS.map((k) => `coalesce(avg((${TESTS[k]})::INT), 0) AS ${sqlIdent(k)}`).join(',\n                 ')}
          FROM column_values GROUP BY col`;
        for (const r of await queryRows(run, sql)) stats.set(String(r.col), r);
      }
      for (const c of t.columns) {
        const s = stats.get(c.name);
        const shares = Object.fromEntries(KEYS.map((k) => [k, Number(s?.[k] ?? 0)])) as unknown as ValueShares;
        const nonNull = Number(s?.non_null ?? 0);
        const cls = classifyColumn(c.name, shares, nonNull);
        rows.push({
          table_name: t.name, column_name: c.name, detected: cls.detected, pii_type: cls.piiType, sensitivity: cls.sensitivity,
          evidence: sampled ? `${cls.evidence} (sample)` : cls.evidence,
          non_null: nonNull, distinct_values: Number(s?.distinct_values ?? 0), pattern_share: Math.round(cls.patternShare * 1000) / 1000,
        });
      }
    }
    rows.sort((a, b) => RANK[a.sensitivity as keyof typeof RANK] - RANK[b.sensitivity as keyof typeof RANK] || String(a.table_name).localeCompare(String(b.table_name)) || String(a.column_name).localeCompare(String(b.column_name)));
    return { rows, columns: COLUMNS, types: { non_null: 'BIGINT', distinct_values: 'BIGINT', pattern_share: 'DOUBLE' }, notes };
  },
});

/** The value-share aliases are fixed names; quoted so `userAgent` keeps its case. */
const sqlIdent = (k: string) => quoteIdent(k);

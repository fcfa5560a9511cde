/**
 * Say in place why a metric is empty. An export without a column (a Meta export without "Post
 * engagements") imports that canonical column as NULL; a rate that divides by it is then NULL too.
 * The cell that shows the NULLs names the column the data lacks and what the platform calls it, so
 * the person knows which column to add to the export.
 */
import { quoteIdent, type Engine, type TableInfo } from '../../engine.ts';
import { LAYOUTS } from '../../importers/layouts/index.ts';
import { sqlTableRefs } from '../../notebook/sqlRefs.ts';
import { tokenizeSql } from '../../notebook/sqlTokens.ts';

/** Platforms as their users write them. */
const PLATFORM_NAMES: Record<string, string> = {
  meta: 'Meta', linkedin: 'LinkedIn', x: 'X', tiktok: 'TikTok', google_ads: 'Google Ads', mailchimp: 'Mailchimp', klaviyo: 'Klaviyo', ga4: 'GA4',
};
export const platformName = (p: string) => PLATFORM_NAMES[p] ?? p;

/** The header a platform's export gives the column Pulse reads as `column` ("Post engagements"), if Pulse reads one. */
export function exportHeaderFor(platform: string, column: string): string | undefined {
  for (const layout of LAYOUTS) {
    if (layout.platform !== platform) continue;
    const mapped = layout.columns.find((c) => (Array.isArray(c.to) ? c.to.includes(column) : c.to === column));
    const alias = mapped?.aliases[0];
    // Aliases are lower-cased headers; "amount spent (*)" stands for "Amount spent (USD)" and the like.
    if (alias) return alias.replace(/\s*\(\*\)$/, '').replace(/^./, (c) => c.toUpperCase());
  }
  return undefined;
}

/**
 * Why `column` has no values, and what to do. With the platforms the rows come from (an imported
 * export's `platform` column), it names the header the export lacks.
 */
export function missingMetricHint(column: string, platforms: readonly string[]): string {
  const named = platforms.map((p) => [platformName(p), exportHeaderFor(p, column)] as const).filter((x): x is readonly [string, string] => x[1] !== undefined);
  if (named.length === 0) return `the data has no such metric: add a column named ${column} to the data to fill it`;
  const calls = named.map(([p, h]) => `${p} calls it "${h}"`).join(', ');
  return `this export has no ${column} column; ${calls}: add it to the export's columns`;
}

/** The platforms of a table's rows, when it has a `platform` column (an imported export). */
export async function platformsOf(engine: Pick<Engine, 'query'>, table: TableInfo): Promise<string[]> {
  const col = table.columns.find((c) => c.name.toLowerCase() === 'platform' && /CHAR|TEXT|STRING/i.test(c.type));
  if (!col) return [];
  const t = await engine.query(`SELECT DISTINCT CAST(${quoteIdent(col.name)} AS VARCHAR) AS p FROM ${quoteIdent(table.name)} WHERE ${quoteIdent(col.name)} IS NOT NULL ORDER BY 1 LIMIT 6`);
  const v = t.getChild('p');
  return v ? Array.from({ length: t.numRows }, (_, i) => String(v.get(i))) : [];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** Columns of a table that have no value at all, in a table that has rows. */
export async function emptyColumnsOf(engine: Pick<Engine, 'query'>, table: TableInfo, columns: readonly string[]): Promise<string[]> {
  if (table.rowCount === 0 || columns.length === 0) return [];
  const t = await engine.query(`SELECT ${columns.map((c, k) => `count(${quoteIdent(c)})::DOUBLE AS c${k}`).join(', ')} FROM ${quoteIdent(table.name)}`);
  return columns.filter((_, k) => Number(t.getChild(`c${k}`)?.get(0) ?? 0) === 0);
}

/**
 * The note of a sql cell whose result has columns with no values because a metric column it reads
 * has none: "`cost_per_engagement` is empty: `ads` has no values in `engagements` (this export has no
 * engagements column; Meta calls it "Post engagements": add it to the export's columns)". Undefined
 * when no result column is empty, or when none of the columns the query reads is (an empty column
 * for another reason is the query's own business).
 */
export async function emptyResultColumnsNote(engine: Pick<Engine, 'query' | 'describe'>, result: TableInfo, sql: string): Promise<string | undefined> {
  const empty = await emptyColumnsOf(engine, result, result.columns.map((c) => c.name));
  if (empty.length === 0) return undefined;
  let tables: string[];
  let words: Set<string>;
  try {
    tables = [...new Set(sqlTableRefs(sql).tables.map((t) => t.name))];
    words = new Set(tokenizeSql(sql).filter((t) => t.type === 'word' || t.type === 'quoted').map((t) => t.value.toLowerCase()));
  } catch {
    return undefined;
  }
  const reasons: string[] = [];
  for (const name of tables) {
    if (name.toLowerCase() === result.name.toLowerCase()) continue;
    const info = await engine.describe(name);
    if (!info) continue;
    // The metric columns of this table the query names.
    const read = info.columns.filter((c) => NUMERIC.test(c.type) && words.has(c.name.toLowerCase())).map((c) => c.name);
    const missing = await emptyColumnsOf(engine, info, read);
    if (missing.length === 0) continue;
    const platforms = await platformsOf(engine, info);
    for (const m of missing) reasons.push(`\`${info.name}\` has no values in \`${m}\` (${missingMetricHint(m, platforms)})`);
  }
  if (reasons.length === 0) return undefined;
  const shown = empty.slice(0, 6).map((c) => `\`${c}\``).join(', ') + (empty.length > 6 ? ` and ${empty.length - 6} more` : '');
  return `${shown} ${empty.length === 1 ? 'is' : 'are'} empty: ${reasons.join('; ')}`;
}

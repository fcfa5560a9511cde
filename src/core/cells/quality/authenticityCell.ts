import { numberColumn, textColumn } from '../../arrow.ts';
import {
  authenticityScore, bandOf, DEFAULT_WEIGHTS, duplicateComponent, engagementComponent, growthComponent, median, type Weights,
} from '../../analytics/vetting/authenticity.ts';
import { quoteIdent } from '../../engine.ts';
import { formatNumber } from '../../format/numbers.ts';
import { analysisCell, fromClause, type AnalysisRun } from '../analysis.ts';
import { optionColumn } from '../shared/modelShared.ts';

const COLUMNS = [
  'account', 'followers', 'size_band', 'max_growth_z', 'spike_date', 'spike_gain', 'engagement_rate', 'band_median_rate', 'engagement_ratio',
  'comments', 'duplicate_share', 'growth_component', 'engagement_component', 'duplicate_component', 'score', 'flagged', 'reasons',
];
const TEXT = new Set(['account', 'size_band', 'reasons']);
const TYPES = Object.fromEntries(COLUMNS.map((c) => [c, TEXT.has(c) ? 'VARCHAR' : c === 'spike_date' ? 'DATE' : c === 'flagged' ? 'BOOLEAN' : 'DOUBLE'])) as Record<string, 'VARCHAR' | 'DATE' | 'BOOLEAN' | 'DOUBLE'>;

/** Per account: duplicate-comment share from the `comments:` table (normalized text seen more than once). */
async function duplicateShares(run: AnalysisRun): Promise<Map<string, { comments: number; share: number }> | undefined> {
  const o = run.opts;
  if (!o.has('comments')) return undefined;
  const info = await run.table('comments');
  const account = quoteIdent(optionColumn(o, 'comment_account', info, o.text('account', 'account')));
  const text = quoteIdent(optionColumn(o, 'comment_text', info, 'text'));
  const norm = `regexp_replace(lower(trim(regexp_replace(CAST(${text} AS VARCHAR), '\\s+', ' ', 'g'))), '[.!?,;:]+$', '')`;
  const t = await run.query(
    `WITH c AS (SELECT CAST(${account} AS VARCHAR) AS a, ${norm} AS n FROM ${quoteIdent(info.name)} WHERE ${account} IS NOT NULL AND ${text} IS NOT NULL),
          k AS (SELECT a, n, count(*) AS times FROM c GROUP BY 1, 2)
     SELECT a, sum(times)::DOUBLE AS total, coalesce(sum(times) FILTER (WHERE times > 1), 0)::DOUBLE AS repeated FROM k GROUP BY 1 ORDER BY 1`,
  );
  const as = textColumn(t, 'a') as string[];
  const total = numberColumn(t, 'total') as number[];
  const repeated = numberColumn(t, 'repeated') as number[];
  return new Map(as.map((a, i) => [a, { comments: total[i]!, share: repeated[i]! / total[i]! }]));
}

/**
 * `authenticity`: influencer vetting — follower-growth anomalies, engagement rate against the size
 * band, duplicate-comment share — combined into a documented score and flag.
 */
export const authenticityCell = analysisCell({
  kind: 'authenticity',
  summary: 'Influencer vetting: follower-growth spikes (robust z), engagement rate against the size band\'s median, duplicate-comment share; a weighted score out of 100 and a flag.',
  tableKeys: ['comments'],
  formats: { engagement_rate: 'percent', band_median_rate: 'percent', duplicate_share: 'percent', followers: 'count', spike_gain: 'count', comments: 'count' },
  verdict(rows) {
    if (!('score' in rows[0]!)) return undefined;
    const flagged = rows.filter((r) => r.flagged === true).map((r) => `${String(r.account)} (${formatNumber(Number(r.score), 'number')})`);
    return flagged.length ? `${flagged.length} of ${rows.length} accounts flagged: ${flagged.slice(0, 5).join(', ')}${flagged.length > 5 ? ', …' : ''}` : `none of ${rows.length} accounts flagged`;
  },
  async compute(run) {
    const o = run.opts;
    const [account, date, followers] = [optionColumn(o, 'account', run.source!, 'account'), optionColumn(o, 'time', run.source!, 'date'), optionColumn(o, 'followers', run.source!, 'followers')].map(quoteIdent);
    const engagements = o.has('engagements') ? run.columns('engagements')[0]! : undefined;
    const posts = o.has('posts') ? run.columns('posts')[0]! : undefined;
    const threshold = o.number('threshold', 50, { min: 0, max: 100 });
    const weights: Weights = { ...DEFAULT_WEIGHTS };
    if (o.has('weights')) {
      const w = o.data.weights;
      if (typeof w !== 'object' || w === null || Array.isArray(w)) o.fail('weights', 'must be a map, e.g. `{ growth: 0.4, engagement: 0.3, duplicates: 0.3 }`');
      for (const [k, v] of Object.entries(w as Record<string, unknown>)) {
        if (!(k in weights)) o.fail('weights', `\`${k}\` is not a signal (growth, engagement, duplicates)`);
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) o.fail('weights', `\`${k}:\` must be a number ≥ 0`);
        weights[k as keyof Weights] = n;
      }
    }
    // Daily follower changes per account and their robust z, all in SQL.
    const t = await run.query(
      `WITH d AS (SELECT CAST(${account} AS VARCHAR) AS a, CAST(${date} AS DATE) AS day, max(${followers})::DOUBLE AS f
                  ${fromClause(run)} WHERE ${account} IS NOT NULL AND ${date} IS NOT NULL AND ${followers} IS NOT NULL GROUP BY 1, 2),
            g AS (SELECT a, day, f, f - lag(f) OVER (PARTITION BY a ORDER BY day) AS delta FROM d),
            m AS (SELECT a, median(delta) AS med FROM g WHERE delta IS NOT NULL GROUP BY 1),
            s AS (SELECT g.a, median(abs(delta - med)) AS mad, avg(abs(delta - med)) AS meanad FROM g JOIN m USING (a) WHERE delta IS NOT NULL GROUP BY 1),
            z AS (SELECT g.a, g.day, g.delta, (g.delta - m.med) / CASE WHEN s.mad > 0 THEN 1.4826 * s.mad WHEN s.meanad > 0 THEN 1.2533 * s.meanad END AS z
                  FROM g JOIN m USING (a) JOIN s USING (a) WHERE g.delta IS NOT NULL)
       SELECT d.a, arg_max(d.f, d.day) AS latest, avg(d.f) AS avg_f,
              (SELECT max(z.z) FROM z WHERE z.a = d.a) AS max_z,
              (SELECT CAST(arg_max(z.day, z.z) AS VARCHAR) FROM z WHERE z.a = d.a AND z.z IS NOT NULL) AS spike_day,
              (SELECT arg_max(z.delta, z.z) FROM z WHERE z.a = d.a AND z.z IS NOT NULL) AS spike_gain
       FROM d GROUP BY d.a ORDER BY d.a`,
    );
    const accounts = textColumn(t, 'a') as string[];
    const notes: string[] = [];
    if (accounts.length === 0) return { rows: [], columns: COLUMNS, types: TYPES, notes: [`no rows with ${o.text('account', 'account')}, ${o.text('time', 'date')} and ${o.text('followers', 'followers')} in \`${run.source!.name}\`, so the result is empty`] };
    const latest = numberColumn(t, 'latest') as number[];
    const avgF = numberColumn(t, 'avg_f') as number[];
    const maxZ = numberColumn(t, 'max_z');
    const spikeDay = textColumn(t, 'spike_day');
    const spikeGain = numberColumn(t, 'spike_gain');
    let rates: (number | null)[] = accounts.map(() => null);
    if (engagements) {
      const e = await run.query(
        `SELECT CAST(${account} AS VARCHAR) AS a, sum(${engagements})::DOUBLE AS e, ${posts ? `sum(${posts})::DOUBLE` : 'count(DISTINCT CAST(' + date + ' AS DATE))::DOUBLE'} AS p
         ${fromClause(run)} WHERE ${account} IS NOT NULL AND ${engagements} IS NOT NULL GROUP BY 1`,
      );
      const byAccount = new Map((textColumn(e, 'a') as string[]).map((a, i) => [a, { e: numberColumn(e, 'e')[i]!, p: numberColumn(e, 'p')[i]! }]));
      rates = accounts.map((a, i) => {
        const r = byAccount.get(a);
        return r && r.p > 0 && avgF[i]! > 0 ? r.e / r.p / avgF[i]! : null;
      });
      notes.push(`engagement rate = ${o.text('engagements')} per ${posts ? o.text('posts') : 'day'} / average followers`);
    } else notes.push('no `engagements:` column, so the engagement signal is left out');
    const bands = latest.map(bandOf);
    const bandMedian = new Map<string, number | null>();
    for (const b of new Set(bands)) bandMedian.set(b, median(rates.filter((r, i): r is number => r !== null && bands[i] === b)));
    const thin = [...new Set(bands)].filter((b) => bands.filter((x, i) => x === b && rates[i] !== null).length < 3);
    if (engagements && thin.length) notes.push(`band(s) ${thin.join(', ')} have fewer than 3 accounts with engagement: their median is a weak benchmark`);
    const dups = await duplicateShares(run);
    if (!dups) notes.push('no `comments:` table, so the duplicate-comment signal is left out');
    notes.push(`score = 100 × weighted mean of the signals available (growth ${weights.growth}, engagement ${weights.engagement}, duplicates ${weights.duplicates}); flagged at ${threshold} or more`);
    const rows = accounts.map((a, i) => {
      const z = maxZ[i] ?? null;
      const med = bandMedian.get(bands[i]!) ?? null;
      const ratio = rates[i] !== null && med !== null && med > 0 ? rates[i]! / med : null;
      const dup = dups ? (dups.get(a) ?? null) : null;
      const parts = { growth: growthComponent(z), engagement: engagementComponent(ratio), duplicates: dups ? duplicateComponent(dup?.share ?? null) : null };
      const score = authenticityScore(parts, weights);
      const reasons = [
        parts.growth ? `follower jump z = ${formatNumber(z!, 'number')} on ${spikeDay[i]} (+${formatNumber(spikeGain[i] ?? 0, 'count')})` : '',
        parts.engagement ? `engagement ${formatNumber(ratio!, 'number')}× the ${bands[i]} median` : '',
        parts.duplicates ? `${formatNumber(dup!.share, 'percent')} repeated comments` : '',
      ].filter(Boolean).join('; ');
      return {
        account: a, followers: latest[i]!, size_band: bands[i]!, max_growth_z: z, spike_date: spikeDay[i] ?? null, spike_gain: spikeGain[i] ?? null,
        engagement_rate: rates[i], band_median_rate: med, engagement_ratio: ratio, comments: dup?.comments ?? (dups ? 0 : null), duplicate_share: dup?.share ?? null,
        growth_component: parts.growth, engagement_component: parts.engagement, duplicate_component: parts.duplicates, score, flagged: score !== null && score >= threshold,
        reasons: reasons || null,
      };
    });
    return { rows, columns: COLUMNS, types: TYPES, notes };
  },
});

/**
 * CTR curriculum, modules 1–5: each notebook runs headless on the bundled sample (no --data) with every
 * cell ok, and finds what public/sample/ground_truth.json says was planted in the sample.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

type Row = Record<string, unknown>;
interface CellReport {
  id: string;
  kind: string;
  status: string;
  rows: Row[];
  error?: string | null;
}

const truth = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
const botDays: string[] = truth.bot_traffic.days;
const dayOf = (v: unknown) => String(v).slice(0, 10);
const num = (v: unknown) => Number(v);

/** Runs one notebook through the CLI and returns its cells by id. */
async function run(path: string): Promise<{ code: number; cells: Map<string, CellReport>; stderr: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'pulse-ctr-')), 'report.json');
  const err: string[] = [];
  const code = await main(['run', path, '--out', out], { stdout: () => {}, stderr: (s: string) => err.push(s) });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { cells: CellReport[] };
  return { code, cells: new Map(report.cells.map((c) => [c.id, c])), stderr: err.join('\n') };
}

function rows(cells: Map<string, CellReport>, id: string): Row[] {
  const c = cells.get(id);
  if (!c) throw new Error(`no cell \`${id}\` in the report`);
  return c.rows;
}

function expectAllOk(r: { code: number; cells: Map<string, CellReport>; stderr: string }) {
  // stderr holds only the bindings (every dataset on its bundled sample): no failure, note or warning
  expect(r.stderr.split('\n').filter((l) => !/^\w+: bundled sample \S+ \(no --data \w+=…\), [\d,]+ rows?$/.test(l))).toEqual([]);
  expect(r.code).toBe(0);
  const bad = [...r.cells.values()].filter((c) => c.status !== 'ok').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`);
  expect(bad).toEqual([]);
}

/** The notebook has the curriculum's title, module id, and one `##` section per bullet (seven each). */
function expectShape(path: string, n: number) {
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(new RegExp(`^title: CTR · Module ${n} — `, 'm'));
  expect(text).toMatch(new RegExp(`^module: ctr-0${n}$`, 'm'));
  expect(text.match(/^## /gm)?.length).toBe(7);
}

const NB = {
  1: 'notebooks/ctr/01-defining-and-measuring-ctr.pulse.md',
  2: 'notebooks/ctr/02-platform-specific-ctr-data-collection.pulse.md',
  3: 'notebooks/ctr/03-data-pipeline-architecture.pulse.md',
  4: 'notebooks/ctr/04-segmentation-and-attribution.pulse.md',
  5: 'notebooks/ctr/05-statistical-analysis-and-benchmarking.pulse.md',
} as const;

describe('CTR module 1 — defining and measuring CTR', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(NB[1]);
  }, 120_000);

  it('runs with every cell ok and one section per bullet', () => {
    expectAllOk(r);
    expectShape(NB[1], 1);
  });

  it('finds exactly the planted UTM mistakes, each with the right kind', () => {
    const planted = new Map<string, string>(truth.utm_mistakes.events.map((e: { event_id: string; kind: string }) => [e.event_id, e.kind]));
    const flagged = rows(r.cells, 'utm_events');
    // An event logged by both trackers appears twice under one event id; the distinct ids are the planted set.
    expect(new Set(flagged.map((x) => x.id))).toEqual(new Set(planted.keys()));
    const kindOf: Record<string, string> = { case_variant: 'source_case', missing_medium: 'missing_medium' };
    for (const x of flagged) expect(x.issue).toBe(kindOf[planted.get(String(x.id))!]);
    expect(planted.size).toBe(truth.utm_mistakes.count_events);
  });

  it('shows the bot inflation of CTR on total impressions and on unique reach, and removes it', () => {
    expect(rows(r.cells, 'bots').map((x) => x.user).sort()).toEqual([...truth.bot_traffic.user_ids].sort());
    const hit = rows(r.cells, 'bot_hit_ad');
    expect(hit.filter((x) => x.bot_day === true).map((x) => dayOf(x.date))).toEqual(botDays);
    // Every bot day carries the planted extra clicks (6 bots x 150 clicks).
    for (const x of hit.filter((x) => x.bot_day === true)) expect(num(x.bot_clicks)).toBe(truth.bot_traffic.ad_daily.extra_clicks_per_day);
    const [normal, bot] = [false, true].map((b) => rows(r.cells, 'bot_inflation').find((x) => x.bot_day === b)!);
    // Reported CTR on bot days is inflated more than 3x on both denominators …
    expect(num(bot!.ctr_total_impressions)).toBeGreaterThan(3 * num(normal!.ctr_total_impressions));
    expect(num(bot!.ctr_unique_reach)).toBeGreaterThan(3 * num(normal!.ctr_unique_reach));
    // … per person reached it is higher than per impression …
    expect(num(bot!.ctr_unique_reach)).toBeGreaterThan(num(bot!.ctr_total_impressions));
    // … and with the bot clicks removed, bot days are within 10 % of ordinary days.
    expect(Math.abs(num(bot!.ctr_humans_only) / num(normal!.ctr_total_impressions) - 1)).toBeLessThan(0.1);
  });

  it('puts organic and paid, the time windows, reconciliation and auto-play denominators side by side', () => {
    const po = rows(r.cells, 'ctr_paid_organic');
    expect(new Set(po.filter((x) => x.paid_organic === 'organic').map((x) => x.platform))).toEqual(new Set(['linkedin', 'meta', 'tiktok', 'x']));
    const win = rows(r.cells, 'windows');
    expect(new Set(win.map((x) => x.grain))).toEqual(new Set(['day', 'iso week', 'month']));
    // The latency cut-off (2 days) drops the last two days of the sample.
    const lastDay = win.filter((x) => x.grain === 'day').map((x) => dayOf(x.period_start)).sort().at(-1);
    expect(lastDay).toBe('2025-04-03');
    expect(rows(r.cells, 'reconcile_platforms').find((x) => x.platform === 'meta')!.log_clicks).toBeGreaterThan(0);
    for (const v of rows(r.cells, 'video_ctr')) {
      expect(num(v.ctr_ex_autoplay)).toBeGreaterThan(num(v.ctr_all_impressions));
      expect(num(v.ctr_per_view)).toBeGreaterThan(num(v.ctr_ex_autoplay));
    }
  });
});

describe('CTR module 2 — platform-specific data collection', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(NB[2]);
  }, 120_000);

  it('runs with every cell ok and one section per bullet', () => {
    expectAllOk(r);
    expectShape(NB[2], 2);
  });

  it('finds no failed pulls; only the test campaign starts late and stops early', () => {
    const gaps = rows(r.cells, 'gaps');
    expect(new Set(gaps.map((x) => x.campaign))).toEqual(new Set([truth.ab_test.campaign]));
    expect(gaps.every((x) => x.where !== 'gap')).toBe(true);
  });

  it('estimates withheld impressions: the spend ratio within 10 % MAPE, the click ratio biased low', () => {
    const est = new Map(rows(r.cells, 'estimate_error').map((x) => [x.method, x]));
    const spend = est.get('ratio to spend (CPM)')!;
    const clicks = est.get('ratio to clicks')!;
    expect(num(spend.imputed_days)).toBeGreaterThan(0);
    expect(num(spend.mape)).toBeLessThan(0.1);
    expect(Math.abs(num(spend.mean_signed_error))).toBeLessThan(0.05);
    expect(num(clicks.mean_signed_error)).toBeLessThan(-0.1);
  });

  it('cross-validation against the first-party log flags the bot weeks of the bot-hit campaign', () => {
    const row = rows(r.cells, 'agreement_summary').find((x) => x.campaign === truth.bot_traffic.ad_daily.campaign)!;
    const mondayOf = (d: string) => {
      const t = new Date(`${d}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
      return t.toISOString().slice(0, 10);
    };
    expect(String(row.flagged_weeks).split(', ')).toEqual([...new Set(botDays.map(mondayOf))]);
  });

  it('checks the schema contract and lists each platform’s click definition', () => {
    expect(rows(r.cells, 'schema_contract').every((x) => x.present === true)).toBe(true);
    const defs = new Map(rows(r.cells, 'click_definition_table').map((x) => [x.platform, x]));
    expect(defs.get('google_ads')!.click_definition).toBe('ad_click');
    expect(num(defs.get('google_ads')!.share_of_clicks_staying_on_platform)).toBe(0);
    for (const p of ['meta', 'linkedin', 'tiktok', 'x']) expect(num(defs.get(p)!.all_ctr)).toBeGreaterThan(num(defs.get(p)!.link_ctr));
  });
});

describe('CTR module 3 — data pipeline architecture', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(NB[3]);
  }, 120_000);

  it('runs with every cell ok and one section per bullet', () => {
    expectAllOk(r);
    expectShape(NB[3], 3);
  });

  it('dedup finds exactly the planted cross-tracker duplicates', () => {
    const d = rows(r.cells, 'duplicates');
    expect(d.length).toBe(truth.duplicate_events.count);
    expect(new Set(d.map((x) => x.dropped_id))).toEqual(new Set(truth.duplicate_events.event_ids));
    expect(d.every((x) => x.kept_system === 'ga4' && x.dropped_system === 'server')).toBe(true);
    expect(Math.max(...d.map((x) => Math.abs(num(x.offset_seconds))))).toBeLessThanOrEqual(truth.duplicate_events.max_offset_ms / 1000);
    const removed = rows(r.cells, 'dedup_effect').reduce((s, x) => s + num(x.duplicates_removed), 0);
    expect(removed).toBe(truth.duplicate_events.count);
  });

  it('the anomaly check flags exactly the bot days on the bot-hit ad, and no rule fails', () => {
    const flags = rows(r.cells, 'ctr_spikes');
    expect(flags.map((x) => dayOf(x.day)).sort()).toEqual(botDays);
    expect(flags.every((x) => x.ad === truth.bot_traffic.ad_daily.ad)).toBe(true);
    expect(rows(r.cells, 'rule_checks').every((x) => num(x.rows_failing) === 0)).toBe(true);
  });

  it('the restatement diff shows the clicks restated on the bot days only', () => {
    const changed = rows(r.cells, 'restatement_diff').filter((x) => num(x.clicks_change) !== 0);
    expect(changed.map((x) => dayOf(x.date))).toEqual(botDays);
    // The simulated restatement removes roughly the planted 900 bot clicks a day (within 5 %).
    for (const x of changed) expect(Math.abs(-num(x.clicks_change) / truth.bot_traffic.ad_daily.extra_clicks_per_day - 1)).toBeLessThan(0.05);
  });

  it('moves events to the reporting zone before the daily join', () => {
    const shift = rows(r.cells, 'day_shift')[0]!;
    expect(num(shift.events)).toBe(truth.events.count);
    expect(num(shift.share_moved)).toBeGreaterThan(0.05);
    expect(rows(r.cells, 'unified_daily').length).toBe(90);
  });
});

describe('CTR module 4 — segmentation and attribution', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(NB[4]);
  }, 120_000);

  it('runs with every cell ok and one section per bullet', () => {
    expectAllOk(r);
    expectShape(NB[4], 4);
  });

  it('segment CTR: each planted email click rate lies inside its segment’s 95 % Wilson interval', () => {
    const seg = rows(r.cells, 'ctr_by_segment');
    expect(seg.length).toBe(4);
    for (const x of seg) {
      const planted = truth.segments[String(x.segment)].email_click_rate;
      expect(num(x.ctr_low)).toBeLessThan(planted);
      expect(num(x.ctr_high)).toBeGreaterThan(planted);
    }
  });

  it('attribution: every model’s credits sum to the observed conversions', () => {
    const credit = rows(r.cells, 'credit');
    const models = new Set(credit.map((x) => x.model));
    expect(models).toEqual(new Set(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'markov']));
    for (const m of models) {
      const sum = credit.filter((x) => x.model === m).reduce((s, x) => s + num(x.conversions), 0);
      expect(sum).toBeCloseTo(truth.paths.converted, 6);
    }
  });

  it('format CTR recovers the planted ranking (video first, text last)', () => {
    const byFormat = new Map(rows(r.cells, 'ctr_by_format').map((x) => [x.format, x]));
    const planted = truth.posts.format_ctr as Record<string, number>;
    const order = (m: Map<unknown, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    const measured = new Map([...byFormat.entries()].map(([k, x]) => [k, num(x.ctr)]));
    expect(order(measured)[0]).toBe('video');
    expect(order(measured).at(-1)).toBe('text');
    expect(order(measured)).toEqual(order(new Map(Object.entries(planted))));
  });

  it('scheduling has no effect once format is controlled (none was planted)', () => {
    const m = new Map(rows(r.cells, 'schedule_model').map((x) => [x.term, x]));
    for (const t of ['morning', 'midday', 'weekend']) expect(num(m.get(t)!.p_value)).toBeGreaterThan(0.05);
    expect(num(m.get('video')!.p_value)).toBeLessThan(0.001);
  });

  it('detects the planted A/B lift with the planted values inside the intervals', () => {
    const t = rows(r.cells, 'creative_test')[0]!;
    expect(t.group).toBe('variant_b');
    expect(t.significant).toBe(true);
    expect(num(t.lift_ci_low)).toBeLessThan(truth.ab_test.relative_lift);
    expect(num(t.lift_ci_high)).toBeGreaterThan(truth.ab_test.relative_lift);
    expect(num(t.ci_low)).toBeLessThan(truth.ab_test.absolute_lift);
    expect(num(t.ci_high)).toBeGreaterThan(truth.ab_test.absolute_lift);
  });

  it('event adjustment: bot incidents raise CTR, holidays raise volume not CTR', () => {
    const ctr = new Map(rows(r.cells, 'event_effects_ctr').map((x) => [x.term, x]));
    const vol = new Map(rows(r.cells, 'event_effects_volume').map((x) => [x.term, x]));
    expect(num(ctr.get('incident')!.estimate)).toBeGreaterThan(0);
    expect(num(ctr.get('incident')!.p_value)).toBeLessThan(0.001);
    expect(num(ctr.get('holiday')!.p_value)).toBeGreaterThan(0.05);
    expect(num(vol.get('holiday')!.p_value)).toBeLessThan(0.001);
    // Mean planted holiday multiplier, on the log scale, inside the coefficient's interval.
    const hol = Object.values(truth.holidays as Record<string, { multiplier: number }>);
    const meanLog = hol.reduce((s, h) => s + Math.log(h.multiplier), 0) / hol.length;
    expect(num(vol.get('holiday')!.ci_low)).toBeLessThan(meanLog);
    expect(num(vol.get('holiday')!.ci_high)).toBeGreaterThan(meanLog);
  });
});

describe('CTR module 5 — statistical analysis and benchmarking', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run(NB[5]);
  }, 120_000);

  it('runs with every cell ok and one section per bullet', () => {
    expectAllOk(r);
    expectShape(NB[5], 5);
  });

  it('the A/B test is significant with the planted lift inside the interval, and the test was big enough', () => {
    const t = rows(r.cells, 'test_result')[0]!;
    expect(t.significant).toBe(true);
    expect(num(t.p_adjusted)).toBeLessThan(0.05);
    expect(num(t.lift_ci_low)).toBeLessThan(truth.ab_test.relative_lift);
    expect(num(t.lift_ci_high)).toBeGreaterThan(truth.ab_test.relative_lift);
    expect(num(t.control_trials)).toBeGreaterThan(num(rows(r.cells, 'test_plan')[0]!.n_per_group));
  });

  it('regression recovers the planted emoji multiplier and no headline-length effect', () => {
    const e = new Map(rows(r.cells, 'copy_effects').map((x) => [x.term, x]));
    // At CTRs near 1 % the odds ratio is the rate multiplier to within 0.2 %.
    expect(num(e.get('has_emoji')!.or_ci_low)).toBeLessThan(truth.posts.emoji_ctr_multiplier);
    expect(num(e.get('has_emoji')!.or_ci_high)).toBeGreaterThan(truth.posts.emoji_ctr_multiplier);
    expect(e.get('has_emoji')!.significant).toBe(true);
    expect(e.get('headline_length')!.significant).toBe(false);
  });

  it('seasonality recovers the planted weekday multipliers within 0.03 (as indices over their mean)', () => {
    const planted = truth.weekly_seasonality.day_of_week_multipliers as Record<string, number>;
    const mean = Object.values(planted).reduce((s, v) => s + v, 0) / 7;
    const got = new Map(rows(r.cells, 'weekday_profile').map((x) => [x.weekday, num(x.weekday_index)]));
    expect(got.size).toBe(7);
    for (const [day, m] of Object.entries(planted)) expect(Math.abs(got.get(day.slice(0, 3))! - m / mean)).toBeLessThan(0.03);
  });

  it('the forecast beats the seasonal-naive baseline on the held-out fortnight', () => {
    const f = rows(r.cells, 'volume_forecast')[0]!;
    expect(num(f.relative_mae)).toBeLessThan(1);
    expect(rows(r.cells, 'volume_forecast').filter((x) => x.kind === 'forecast').length).toBe(14);
  });

  it('the control chart flags the bot-spike days above the upper limit, and only those', () => {
    const above = rows(r.cells, 'ctr_chart').filter((x) => num(x.p) > num(x.ucl));
    expect(above.map((x) => dayOf(x.t))).toEqual(botDays);
    expect(above.every((x) => String(x.rules).split(',').includes('1'))).toBe(true);
    // With the special causes removed, no day is beyond the recomputed limits.
    expect(num(rows(r.cells, 'baseline_signals')[0]!.beyond_limits)).toBe(0);
  });

  it('shrinkage moves the small top-raw segments down the ranking', () => {
    const v = rows(r.cells, 'shrinkage_view');
    const topRaw = v.filter((x) => num(x.raw_rank) <= 5);
    const small = topRaw.filter((x) => num(x.deliveries) < 60);
    expect(small.length).toBeGreaterThan(0);
    for (const x of small) {
      expect(num(x.shrunk_rank)).toBeGreaterThan(num(x.raw_rank));
      expect(num(x.posterior_mean)).toBeLessThan(num(x.raw_rate));
    }
  });
});

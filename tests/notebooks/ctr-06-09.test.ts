import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

type Row = Record<string, unknown>;
type Cell = { id: string; kind?: string; status: string; rows: Row[] };

const truth = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
const NOTEBOOKS = {
  m6: 'notebooks/ctr/06-creative-and-copy-testing.pulse.md',
  m7: 'notebooks/ctr/07-governance-and-compliance.pulse.md',
  m8: 'notebooks/ctr/08-business-integration.pulse.md',
  m9: 'notebooks/ctr/09-forecasting-and-prediction.pulse.md',
} as const;

/** Runs a notebook headless on its bundled sample data and returns its cells by id. */
async function run(path: string): Promise<{ code: number; cells: Map<string, Cell>; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-ctr-'));
  const out = join(dir, 'report.json');
  const err: string[] = [];
  const code = await main(['run', path, '--out', out], { stdout: () => {}, stderr: (s: string) => err.push(s) });
  const cells = JSON.parse(readFileSync(out, 'utf8')).cells as Cell[];
  return { code, cells: new Map(cells.map((c) => [c.id, c])), err: err.join('\n') };
}

const num = (v: unknown) => Number(v);
const rowsOf = (cells: Map<string, Cell>, id: string): Row[] => {
  const c = cells.get(id);
  if (!c) throw new Error(`no cell ${id}`);
  return c.rows;
};

/** The sample's CSV as rows of strings (simple files only: no quoted commas in the columns read). */
function csv(file: string): Row[] {
  const [head, ...lines] = readFileSync(`public/sample/${file}`, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

/** Checks the notebook's front matter and sections: title, module id, and the right number of `##` sections. */
function structure(path: string, module: string, title: string, sections: number) {
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(new RegExp(`^title: CTR · Module ${module.slice(-1)} — ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  expect(text).toMatch(new RegExp(`^module: ${module}$`, 'm'));
  expect(text.match(/^## /gm)?.length).toBe(sections);
}

describe('CTR module 6 — creative and copy testing', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => { r = await run(NOTEBOOKS.m6); }, 120_000);

  it('follows the curriculum: title, module id, one section per bullet (7)', () => {
    structure(NOTEBOOKS.m6, 'ctr-06', 'CTR Optimization Through Creative and Copy Testing', 7);
  });

  it('runs with exit 0 and every cell ok', () => {
    // stderr holds only the bindings (every dataset on its bundled sample): no failure, note or warning
    expect(r.err.split('\n').filter((l) => !/^\w+: bundled sample \S+ \(no --data \w+=…\), [\d,]+ rows?$/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    for (const c of r.cells.values()) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'ok' });
  });

  it('the factorial model recovers the planted emoji multiplier and the format order', () => {
    const terms = new Map(rowsOf(r.cells, 'creative_effects').filter((x) => x.row_type === 'main').map((x) => [x.term, x]));
    const emoji = terms.get('headline=with emoji')!;
    // Planted: emoji multiplies CTR by 1.15; at CTR ≈ 1 % the odds ratio is the same to 3 decimals.
    expect(num(emoji.or_ci_low)).toBeLessThan(truth.posts.emoji_ctr_multiplier);
    expect(num(emoji.or_ci_high)).toBeGreaterThan(truth.posts.emoji_ctr_multiplier);
    // Planted format CTRs relative to the reference (carousel): video above, link and text below.
    const fc = truth.posts.format_ctr;
    expect(num(terms.get('visual=video')!.or_ci_low)).toBeGreaterThan(1);
    expect(num(terms.get('visual=link')!.or_ci_high)).toBeLessThan(1);
    expect(num(terms.get('visual=text')!.or_ci_high)).toBeLessThan(1);
    for (const f of ['video', 'image', 'link', 'text']) {
      const or = num(terms.get(`visual=${f}`)!.odds_ratio);
      expect(Math.abs(Math.log(or) - Math.log(fc[f] / fc.carousel))).toBeLessThan(0.2);
    }
    // CTA wording was not planted: no CTA level is significant.
    for (const [term, x] of terms) if (String(term).startsWith('cta=')) expect(num(x.p_value)).toBeGreaterThan(0.05);
    // The best cell is a video with an emoji.
    const best = rowsOf(r.cells, 'creative_interactions').filter((x) => x.best === true);
    expect(best).toHaveLength(1);
    expect(best[0]!.term).toBe('headline=with emoji, visual=video');
  });

  it('the power cell is consistent with the baseline CTR and the measured impression velocity', () => {
    const p = rowsOf(r.cells, 'test_size')[0]!;
    // Measured velocity from the CSV: mean daily impressions of the test campaign.
    const byDay = new Map<string, number>();
    for (const x of csv('ad_daily.csv')) if (x.campaign === truth.ab_test.campaign) byDay.set(String(x.date), (byDay.get(String(x.date)) ?? 0) + num(x.impressions));
    const velocity = [...byDay.values()].reduce((a, b) => a + b, 0) / byDay.size;
    expect(byDay.size).toBe(28);
    expect(num(p.daily_impressions)).toBeCloseTo(velocity, 6);
    // Fleiss' formula without continuity correction (Chow, Shao & Wang, Sample Size Calculations in
    // Clinical Research, 2nd ed., §4.2): z(0.975) = 1.959964, z(0.8) = 0.841621.
    const p1 = 0.012;
    const p2 = 0.012 * 1.1;
    const pb = (p1 + p2) / 2;
    const n = ((1.959964 * Math.sqrt(2 * pb * (1 - pb)) + 0.841621 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / (p2 - p1)) ** 2;
    expect(num(p.baseline)).toBe(0.012);
    expect(Math.abs(num(p.n_per_group) - Math.ceil(n))).toBeLessThanOrEqual(1);
    expect(num(p.days_needed)).toBe(Math.ceil((2 * num(p.n_per_group)) / velocity));
    // The front-matter baseline is the measured control CTR (and the planted one) to within 5 %.
    const measured = num(rowsOf(r.cells, 'measured_baseline')[0]!.control_ctr);
    expect(Math.abs(measured / 0.012 - 1)).toBeLessThan(0.05);
    expect(truth.ab_test.arms.control.ctr).toBe(0.012);
    // The MDE table agrees with the power cell at the parameter's MDE and days fall as the MDE grows.
    const table = rowsOf(r.cells, 'mde_vs_days');
    const at10 = table.find((x) => Math.abs(num(x.mde) - 0.1) < 1e-9)!;
    expect(num(at10.n_per_group)).toBe(num(p.n_per_group));
    expect(num(at10.days_needed)).toBe(num(p.days_needed));
    for (let i = 1; i < table.length; i++) expect(num(table[i]!.days_needed)).toBeLessThanOrEqual(num(table[i - 1]!.days_needed));
  });

  it('the fatigue check removes the planted bot days and flags no creative (no decay is planted)', () => {
    const spikes = rowsOf(r.cells, 'ad_spikes');
    expect(spikes.map((x) => String(x.day).slice(0, 10)).sort()).toEqual([...truth.bot_traffic.days].sort());
    expect(new Set(spikes.map((x) => x.ad))).toEqual(new Set([truth.bot_traffic.ad_daily.ad]));
    const flags = rowsOf(r.cells, 'rotation_flags');
    expect(flags).toHaveLength(13);
    for (const x of flags) {
      expect(x.rotate).toBe(false);
      expect(Math.abs(num(x.ctr_change_per_week))).toBeLessThan(0.02);
    }
  });

  it('the holdout and A/B cells detect the planted lift, with the planted relative lift inside the interval', () => {
    const h = rowsOf(r.cells, 'creative_lift')[0]!;
    expect(h.significant).toBe(true);
    expect(num(h.relative_lift_ci_low)).toBeLessThan(truth.ab_test.relative_lift);
    expect(num(h.relative_lift_ci_high)).toBeGreaterThan(truth.ab_test.relative_lift);
    expect(num(h.absolute_lift_ci_low)).toBeGreaterThan(0);
    const ab = rowsOf(r.cells, 'creative_ab')[0]!;
    expect(ab.group).toBe('exposed');
    expect(ab.significant).toBe(true);
    expect(num(ab.lift_ci_low)).toBeLessThan(truth.ab_test.relative_lift);
    expect(num(ab.lift_ci_high)).toBeGreaterThan(truth.ab_test.relative_lift);
  });

  it('landing engagement: bots are filtered, every paid campaign with tagged visits has a row, arms compared', () => {
    expect(rowsOf(r.cells, 'event_bots').map((x) => x.user).sort()).toEqual([...truth.bot_traffic.user_ids].sort());
    const eng = rowsOf(r.cells, 'ctr_vs_engagement');
    expect(eng.map((x) => x.utm_campaign).sort()).toEqual(['always-on-brand', 'always-on-prospecting', 'b2b-whitepaper', 'spring-ugc']);
    for (const x of eng) {
      expect(num(x.add_to_cart_rate)).toBeGreaterThan(0);
      expect(num(x.add_to_cart_rate)).toBeLessThan(1);
    }
    const q = rowsOf(r.cells, 'arm_quality')[0]!;
    expect(q.group).toBe('variant_b');
    // No quality difference is planted between the arms.
    expect(q.significant).toBe(false);
  });

  it('brand consistency is a checklist and the knowledge repository a decision record', () => {
    expect(rowsOf(r.cells, 'brand_guardrails').length).toBeGreaterThanOrEqual(4);
    expect(rowsOf(r.cells, 'spring_creative')[0]!.chosen).toBe('roll out variant_b');
  });
});

describe('CTR module 7 — governance and compliance', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => { r = await run(NOTEBOOKS.m7); }, 120_000);

  it('follows the curriculum: title, module id, the 7 bullets plus the k-anonymity check', () => {
    structure(NOTEBOOKS.m7, 'ctr-07', 'Governance and Compliance in Social Media Analytics', 8);
  });

  it('runs with exit 0 and every cell ok', () => {
    expect(r.code).toBe(0);
    for (const c of r.cells.values()) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'ok' });
  });

  it('classifies the person-level columns by sensitivity', () => {
    const scan = new Map(rowsOf(r.cells, 'pii_scan').map((x) => [`${x.table_name}.${x.column_name}`, x]));
    const level = (k: string) => scan.get(k)?.sensitivity;
    expect(level('comments.text')).toBe('restricted');
    expect(scan.get('users.email_hash')!.detected).toBe('pseudonymous identifier');
    expect(num(scan.get('users.email_hash')!.pattern_share)).toBe(1);
    for (const k of ['users.user_id', 'users.crm_id', 'users.ga_client_id', 'events.user_id', 'events.session_id', 'email.user_id', 'comments.user_id']) {
      expect([k, scan.get(k)?.detected]).toEqual([k, 'pseudonymous identifier']);
    }
    for (const k of ['users.country', 'users.age_band', 'users.device', 'events.user_agent']) expect([k, level(k)]).toEqual([k, 'confidential']);
    for (const k of ['events.utm_campaign', 'events.event_type', 'email.subject', 'email.clicks']) expect([k, level(k)]).toEqual([k, 'internal']);
    // Every column of the four tables is classified once.
    const header = (f: string) => readFileSync(`public/sample/${f}`, 'utf8').split('\n', 1)[0]!.split(',').length;
    const count = (t: string) => [...scan.keys()].filter((k) => k.startsWith(`${t}.`)).length;
    expect(count('users')).toBe(header('users.csv'));
    expect(count('events')).toBe(header('events.csv'));
    expect(count('comments')).toBe(header('comments.csv'));
    expect(count('email')).toBe(header('email.csv'));
  });

  it('applies the retention rules against the as_of date', () => {
    const ret = new Map(rowsOf(r.cells, 'retention_check').map((x) => [x.table_name, x]));
    const cutoff = '2025-02-04'; // 2025-04-05 minus 60 days
    const expected = csv('events.csv').filter((x) => String(x.timestamp).slice(0, 10) < cutoff).length;
    expect(num(ret.get('events')!.rows_past_retention)).toBe(expected);
    expect(num(ret.get('events')!.rows)).toBe(truth.events.count);
    expect(num(ret.get('ads')!.rows_past_retention)).toBe(0);
    const agg = rowsOf(r.cells, 'events_aggregate_before_delete');
    for (const x of agg) expect(String(x.date).slice(0, 10) < cutoff).toBe(true);
  });

  it('flags the audience skew that is in the data (B2B campaign under-reaches 18–24) and nothing else', () => {
    const skew = rowsOf(r.cells, 'skew_flags');
    const flagged = skew.filter((x) => x.skewed === true).map((x) => `${x.campaign} ${x.age_band}`);
    expect(flagged).toEqual(['b2b-whitepaper 18-24']);
    // Impact ratio is 1 for each campaign's best band.
    const campaigns = new Set(skew.map((x) => x.campaign));
    for (const c of campaigns) expect(Math.max(...skew.filter((x) => x.campaign === c).map((x) => num(x.impact_ratio)))).toBeCloseTo(1, 12);
  });

  it('k-anonymity: country × age band × device has groups below k, country × age band passes', () => {
    const users = csv('users.csv');
    const groups = new Map<string, number>();
    for (const u of users) {
      const k = `${u.country}|${u.age_band}|${u.device}`;
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    const below = [...groups.values()].filter((n) => n < 5).length;
    expect(rowsOf(r.cells, 'k_anonymity')).toHaveLength(below);
    expect(below).toBeGreaterThan(0);
    const gen = new Map(rowsOf(r.cells, 'k_anonymity_generalized').map((x) => [x.quasi_identifiers, x]));
    expect(num(gen.get('country × age_band × device')!.classes_below_k)).toBe(below);
    expect(num(gen.get('country × age_band × device')!.smallest_class)).toBe(Math.min(...groups.values()));
    // Dropping the device is one of the least generalizations that reach k: country × age band passes.
    const byBand = new Map<string, number>();
    for (const u of users) byBand.set(`${u.country}|${u.age_band}`, (byBand.get(`${u.country}|${u.age_band}`) ?? 0) + 1);
    const suggested = gen.get('country × age_band')!;
    expect(suggested.step).toBe('suggested');
    expect(num(suggested.classes_below_k)).toBe(0);
    expect(num(suggested.k_achieved)).toBe(Math.min(...byBand.values()));
    expect(Math.min(...byBand.values())).toBeGreaterThanOrEqual(5);
  });

  it('organisational bullets are checklists and decisions', () => {
    expect(rowsOf(r.cells, 'legal_review').length).toBeGreaterThanOrEqual(4);
    expect(rowsOf(r.cells, 'access_by_role').length).toBeGreaterThanOrEqual(3);
    expect(rowsOf(r.cells, 'residency')[0]!.status).toBe('decided');
  });
});

describe('CTR module 8 — business integration', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => { r = await run(NOTEBOOKS.m8); }, 120_000);

  it('follows the curriculum: title, module id, one section per bullet (7) plus the executive report', () => {
    structure(NOTEBOOKS.m8, 'ctr-08', 'Integration with Broader Marketing and Business Objectives', 8);
  });

  it('runs with exit 0 and every cell ok', () => {
    expect(r.code).toBe(0);
    for (const c of r.cells.values()) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'ok' });
  });

  it('funnel stages are monotone non-increasing for every campaign, and clicks match the ads report', () => {
    const funnel = rowsOf(r.cells, 'funnel');
    const campaigns = [...new Set(funnel.map((x) => String(x.campaign)))];
    expect(campaigns.length).toBeGreaterThanOrEqual(4);
    const ads = csv('ad_daily.csv');
    for (const c of campaigns) {
      const stages = funnel.filter((x) => x.campaign === c).sort((a, b) => String(a.stage_order).localeCompare(String(b.stage_order)));
      expect(stages).toHaveLength(5);
      for (let i = 1; i < stages.length; i++) expect(num(stages[i]!.value)).toBeLessThanOrEqual(num(stages[i - 1]!.value));
      expect(num(stages[4]!.value)).toBeGreaterThan(0);
      const clicks = ads.filter((x) => x.campaign === c).reduce((a, x) => a + num(x.clicks), 0);
      expect(num(stages[1]!.value)).toBe(clicks);
    }
  });

  it('stage targets are ordered floor ≤ target ≤ stretch, and social BOFU targets exceed TOFU', () => {
    const t = rowsOf(r.cells, 'stage_targets');
    for (const x of t) {
      expect(num(x.floor_ctr)).toBeLessThanOrEqual(num(x.target_ctr));
      expect(num(x.target_ctr)).toBeLessThanOrEqual(num(x.stretch_ctr));
    }
    const social = (s: string) => t.find((x) => x.stage === s && x.channel === 'social')!;
    expect(num(social('BOFU').target_ctr)).toBeGreaterThan(num(social('TOFU').target_ctr));
  });

  it('CPC and CAC tiles equal spend / clicks and spend / conversions for the current month', () => {
    const ads = csv('ad_daily.csv').filter((x) => String(x.date).startsWith('2025-03'));
    const sum = (k: string) => ads.reduce((a, x) => a + num(x[k]), 0);
    const all = rowsOf(r.cells, 'kpi_tiles').find((x) => x.platform === 'all platforms')!;
    expect(num(all.cpc)).toBeCloseTo(sum('spend') / sum('clicks'), 9);
    expect(num(all.cac)).toBeCloseTo(sum('spend') / sum('conversions'), 9);
  });

  it('lead quality by CTR band has Wilson intervals inside [0, 1] for every campaign', () => {
    const q = rowsOf(r.cells, 'lead_quality');
    expect(q.length).toBe(4);
    for (const x of q) {
      expect(num(x.qualification_rate_low)).toBeLessThanOrEqual(num(x.qualification_rate));
      expect(num(x.qualification_rate_high)).toBeGreaterThanOrEqual(num(x.qualification_rate));
      expect(num(x.qualified_leads ?? x.qualification_rate_clicks)).toBeLessThanOrEqual(num(x.lead_rate_clicks));
    }
  });

  it('budget reallocation moves money from the highest to the lowest marginal CPC and gains clicks', () => {
    const resp = rowsOf(r.cells, 'spend_response').filter((x) => x.platform !== 'google_ads');
    const sorted = [...resp].sort((a, b) => num(a.marginal_cpc) - num(b.marginal_cpc));
    const move = rowsOf(r.cells, 'reallocation')[0]!;
    expect(move.move_to).toBe(sorted[0]!.campaign);
    expect(move.move_from).toBe(sorted[sorted.length - 1]!.campaign);
    expect(num(move.net_clicks)).toBeGreaterThan(0);
  });

  it('the content calendar ranks formats in the planted CTR order', () => {
    const planted = Object.entries(truth.posts.format_ctr as Record<string, number>).sort((a, b) => b[1] - a[1]).map(([f]) => f);
    expect(rowsOf(r.cells, 'production_plan').map((x) => x.format)).toEqual(planted);
    // 7 weekdays x 4 dayparts at most; every slot is shrunk toward the overall rate.
    expect(rowsOf(r.cells, 'slot_ctr').length).toBeLessThanOrEqual(28);
  });

  it('the agency scorecard gives one RAG status per agency and metric', () => {
    const s = rowsOf(r.cells, 'scorecard');
    expect(s).toHaveLength(2 * 3);
    for (const x of s) expect(['green', 'amber', 'red']).toContain(x.status);
  });
});

describe('CTR module 9 — forecasting and prediction', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => { r = await run(NOTEBOOKS.m9); }, 120_000);

  it('follows the curriculum: title, module id, one section per bullet (7)', () => {
    structure(NOTEBOOKS.m9, 'ctr-09', 'Advanced Forecasting and Predictive Modeling', 7);
  });

  it('runs with exit 0 and every cell ok', () => {
    expect(r.code).toBe(0);
    for (const c of r.cells.values()) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'ok' });
  });

  it('the model beats a base-rate baseline on the test period', () => {
    const m = rowsOf(r.cells, 'model')[0]!;
    expect(num(m.test_log_loss)).toBeLessThan(num(m.base_rate_log_loss));
    expect(num(m.test_auc)).toBeGreaterThan(0.55);
    // Time split: training strictly before the test period, about a quarter of impressions in test.
    const share = num(m.test_rows) / (num(m.test_rows) + num(m.train_rows));
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
    const errs = rowsOf(r.cells, 'test_errors')[0]!;
    expect(num(errs.mae_model)).toBeLessThan(num(errs.mae_base_rate));
  });

  it('feature importance keeps the planted features (format, emoji) and drops the unplanted ones', () => {
    const imp = new Map(rowsOf(r.cells, 'importance').map((x) => [x.feature, x]));
    for (const f of ['is_video', 'is_carousel', 'is_image', 'is_link', 'has_emoji']) expect([f, imp.get(f)!.keep]).toEqual([f, true]);
    for (const f of ['hour', 'is_weekend', 'on_tiktok', 'on_linkedin', 'on_x', 'headline_length']) expect([f, imp.get(f)!.keep]).toEqual([f, false]);
    // Planted emoji multiplier 1.15 on CTR ≈ odds ratio at these rates.
    expect(Math.abs(num(imp.get('has_emoji')!.odds_ratio) - truth.posts.emoji_ctr_multiplier)).toBeLessThan(0.05);
  });

  it('calibration: predicted CTR rises across quintiles and stays close to observed', () => {
    const cal = rowsOf(r.cells, 'calibration');
    expect(cal).toHaveLength(5);
    for (let i = 1; i < cal.length; i++) expect(num(cal[i]!.predicted_ctr)).toBeGreaterThan(num(cal[i - 1]!.predicted_ctr));
    for (const x of cal) expect(Math.abs(num(x.observed_ctr) / num(x.predicted_ctr) - 1)).toBeLessThan(0.2);
  });

  it('no drift and no algorithm change are planted: every PSI is stable and no platform restarts its window', () => {
    for (const x of rowsOf(r.cells, 'drift')) expect(x.psi_reading).toBe('stable');
    const cp = rowsOf(r.cells, 'change_points');
    expect(cp).toHaveLength(5);
    for (const x of cp) expect(x.restart_training_window).toBe(false);
  });

  it("simulate: the overall clicks equal the sum of the plan rows' means, and the video-first plan wins", () => {
    for (const id of ['sim_current', 'sim_video_first']) {
      const rows = rowsOf(r.cells, id);
      const overall = rows.find((x) => x.label === '(overall)')!;
      const parts = rows.filter((x) => x.label !== '(overall)');
      const sum = parts.reduce((a, x) => a + num(x.clicks_mean), 0);
      expect(num(overall.clicks_mean)).toBeCloseTo(sum, 6);
      expect(num(overall.impressions)).toBe(parts.reduce((a, x) => a + num(x.impressions), 0));
      expect(num(overall.impressions)).toBe(20 * 2500);
    }
    const plans = new Map(rowsOf(r.cells, 'plan_comparison').map((x) => [x.plan, x]));
    expect(num(plans.get('video first')!.clicks_p5)).toBeGreaterThan(num(plans.get('current mix')!.clicks_p95));
  });
});

/**
 * Every analysis and quality kind on an input with no rows (a filter that matches nothing) and on one
 * whose metric column is all NULL (importers set a metric the export lacks to NULL): an empty result
 * with a note, or nulls, never an error and never a 0 that reads as a real 0 % rate. Expected numbers
 * are worked out by hand from the tables built below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsFromTable } from '../../../src/core/arrow.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook, type CellRun } from '../../../src/core/notebook/runner.ts';
import { plotToSvg } from '../../../src/cli/plotSvg.ts';
import type { PlotSpec } from '../../../src/core/cells/plot.ts';
import { NativeEngine } from '../../../src/engines/native/nativeEngine.ts';

let engine: NativeEngine;
beforeAll(async () => {
  engine = await NativeEngine.create();
  // 28 days x 2 variants = 56 rows; every row has 10000 impressions and is one logged ad click.
  await engine.materialize(
    'base',
    `SELECT (DATE '2024-01-01' + d::INTEGER)::DATE AS day, (TIMESTAMP '2024-01-01 10:00:00' + to_days(d::INTEGER) + to_minutes(v))::TIMESTAMP AS timestamp,
       CASE WHEN v = 0 THEN 'A' ELSE 'B' END AS variant, 'meta' AS platform, (100 + d + 20 * v)::BIGINT AS clicks, 10000::BIGINT AS impressions,
       (d % 2)::DOUBLE AS emoji, CASE WHEN d % 3 = 0 THEN 'social > email' ELSE 'search' END AS path, (d % 4)::DOUBLE AS conversions, 5::DOUBLE AS non_conversions,
       'u' || (d % 5) AS user_id, 'ad_click' AS event_type, 'Meta' AS utm_source, 'paid_social' AS utm_medium, NULL::VARCHAR AS utm_campaign, 'post' || d AS post
     FROM range(28) t(d), range(2) s(v)`,
  );
  await engine.materialize('empty', 'SELECT * FROM base WHERE false');
  // An export without click and conversion columns: the importers set them NULL.
  await engine.materialize('nulls', 'SELECT * REPLACE (NULL::BIGINT AS clicks, NULL::DOUBLE AS conversions) FROM base');
});
afterAll(() => engine.close());

/** One body per kind; `$T` is the table under test. */
const BODIES: Record<string, string> = {
  'ab-test': 'group: variant\nsuccesses: clicks\ntrials: impressions',
  attribution: 'path: path\nconversions: conversions',
  'control-chart': 'time: day\nsuccesses: clicks\ntrials: impressions',
  ctr: 'by: [variant]',
  forecast: 'time: day\nvalue: clicks\nhorizon: 7\nholdout: 7',
  holdout: 'group: variant\nconversions: clicks\nusers: impressions\nexposed: B\nholdout: A',
  multivariate: 'factors: [variant, emoji]\nsuccesses: clicks\ntrials: impressions',
  power: 'baseline: 0.02\nmde: 0.1\nimpressions: impressions\ndate: day',
  predict: 'successes: clicks\ntrials: impressions\nfeatures: [emoji]\ntime: day',
  regression: 'target: clicks\nfeatures: [emoji]',
  'regression logistic': 'successes: clicks\ntrials: impressions\nfeatures: [emoji]\nmodel: logistic',
  seasonality: 'time: day\nvalue: clicks',
  shrinkage: 'segment: variant\nsuccesses: clicks\ntrials: impressions',
  simulate: 'model_from: $T\nsuccesses: clicks\ntrials: impressions\nfeatures: [emoji]\nlabel: post',
  dedup: 'keys: [user_id, event_type]\ntime: timestamp',
  'bot-filter': 'user: user_id\ntime: timestamp',
  anomaly: 'time: day\nsuccesses: clicks\ntrials: impressions\nshow: all',
  utm: 'show: all',
  completeness: 'time: day',
  reconcile: 'time: day\nlog: $T\nlog_time: timestamp',
  timezone: 'time: timestamp\nzone: Europe/Berlin',
};

async function runKind(name: string, table: string, body = BODIES[name]!): Promise<CellRun> {
  const kind = name.split(' ')[0]!;
  const nb = parseNotebook(`\`\`\`${kind} c\nfrom: ${table}\n${body.replaceAll('$T', table)}\n\`\`\`\n`);
  const { runs } = await runNotebook(nb, engine);
  return runs.get('c')!;
}

const rowsOf = (r: CellRun) => rowsFromTable(r.result!.preview);

describe('every analysis and quality kind on an input with no rows', () => {
  for (const name of Object.keys(BODIES)) {
    it(`${name}: an empty result (one row of nulls for power) with a note naming the empty table`, async () => {
      const r = await runKind(name, 'empty');
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('ok');
      expect(r.result!.note).toBe('`empty` has no rows (a filter that matches nothing?), so the result is empty');
      expect(r.result!.columns.length).toBeGreaterThan(0);
      if (name === 'power') {
        // The sample size needs no data; the traffic it would take does.
        const [row] = rowsOf(r);
        expect(row).toMatchObject({ daily_impressions: null, days_needed: null });
        expect(row!.n_per_group).toBeGreaterThan(0);
      } else expect(r.result!.rowCount).toBe(0);
    });
  }

  it('keeps typed columns, so SQL downstream of an empty ab-test still runs (p_value < 0.05 on no rows)', async () => {
    const nb = parseNotebook(
      '```ab-test lift\nfrom: empty\ngroup: variant\nsuccesses: clicks\ntrials: impressions\n```\n\n```sql winners\nSELECT "group", p_value FROM lift WHERE p_value < 0.05 AND significant\n```\n',
    );
    const { runs } = await runNotebook(nb, engine);
    expect(runs.get('winners')!.error).toBeUndefined();
    expect(runs.get('winners')!.result!.rowCount).toBe(0);
    const types = Object.fromEntries(runs.get('lift')!.result!.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ group: 'VARCHAR', p_value: 'DOUBLE', significant: 'BOOLEAN' });
  });

  it('a plot of an empty table is an empty chart with a note, and renders to SVG', async () => {
    const nb = parseNotebook('```plot chart\nfrom: empty\nmark: line\nx: day\ny: clicks\n```\n');
    const { runs } = await runNotebook(nb, engine);
    const r = runs.get('chart')!;
    expect(r.error).toBeUndefined();
    expect(r.result!.note).toBe('`empty` has no rows (a filter that matches nothing?), so the chart is empty');
    const out = r.result!.output;
    expect(out.type).toBe('plot');
    if (out.type !== 'plot') return;
    expect(out.data).toEqual([]);
    expect(plotToSvg(out.spec as unknown as PlotSpec, out.data)).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});

// The rows say platform 'meta': the note names the header Meta's export gives the column (the importer's Meta layout reads "Link clicks" as clicks, "Purchases" as conversions).
const NO_CLICKS = '`clicks` has no values in `nulls` (this export has no clicks column; Meta calls it "Link clicks": add it to the export\'s columns): what needs it is null or left out, never 0';

describe('a metric the data does not have (clicks all NULL) is null or left out, never 0', () => {
  for (const name of ['ab-test', 'control-chart', 'forecast', 'holdout', 'multivariate', 'predict', 'regression', 'regression logistic', 'seasonality', 'shrinkage', 'simulate']) {
    it(`${name}: nothing to compute on, an empty result with the note naming the column`, async () => {
      const r = await runKind(name, 'nulls');
      expect(r.error).toBeUndefined();
      expect(r.result!.rowCount).toBe(0);
      expect(r.result!.note).toBe(NO_CLICKS);
    });
  }

  it('attribution: no conversions column, no credits (not 0 conversions per channel)', async () => {
    const r = await runKind('attribution', 'nulls');
    expect(r.result!.rowCount).toBe(0);
    expect(r.result!.note).toBe('`conversions` has no values in `nulls` (this export has no conversions column; Meta calls it "Purchases": add it to the export\'s columns): what needs it is null or left out, never 0');
  });

  it('ctr: both variants listed with null clicks and a null CTR and interval', async () => {
    const r = await runKind('ctr', 'nulls');
    expect(rowsOf(r)).toEqual(
      ['A', 'B'].map((variant) => ({ variant, ctr_clicks: null, ctr_impressions: null, ctr: null, ctr_low: null, ctr_high: null })),
    );
    expect(r.result!.note).toBe(NO_CLICKS);
  });

  it('anomaly: every day has a null rate and z, and none is flagged as a drop', async () => {
    const rows = rowsOf(await runKind('anomaly', 'nulls'));
    expect(rows).toHaveLength(28);
    // trials count only rows that also have successes: none here
    for (const row of rows) expect(row).toMatchObject({ successes: null, trials: null, rate: null, z: null, flagged: false, direction: null });
  });

  it('reconcile: platform clicks and CTR null, the log still counted (56 logged clicks over 560,000 impressions)', async () => {
    const r = await runKind('reconcile', 'nulls');
    const [row] = rowsOf(r);
    expect(row).toMatchObject({ platform: 'meta', impressions: 560000, platform_clicks: null, ctr_platform: null, ctr_per_reach: null, log_vs_platform: null, log_clicks: 56 });
    expect(row!.ctr_log).toBeCloseTo(56 / 560000, 12);
    expect(row!.explanation).toMatch(/no click values/);
    expect(r.result!.note).toBe(NO_CLICKS);
  });

  it('power: daily traffic from a column with no values is null, and so are the days needed', async () => {
    const r = await runKind('power', 'nulls', 'baseline: 0.02\nmde: 0.1\nimpressions: clicks\ndate: day');
    expect(rowsOf(r)[0]).toMatchObject({ daily_impressions: null, days_needed: null });
    expect(r.result!.note).toBe(NO_CLICKS);
  });
});

describe('a metric missing in some rows leaves those rows out of the rate', () => {
  beforeAll(async () => {
    // A: 10 clicks / 1000 impressions plus a row of 1000 impressions with no click value; B: 30 / 1000.
    await engine.materialize(
      'partial',
      `SELECT *, DATE '2024-01-01' AS day FROM (VALUES ('A', 10::BIGINT, 1000::BIGINT), ('A', NULL, 1000), ('B', 30, 1000)) t(variant, clicks, impressions)`,
    );
  });

  it('ctr of A is 10 / 1000 = 0.01, not 10 / 2000, and the note counts the row left out', async () => {
    const r = await runKind('ctr', 'partial');
    const rows = rowsOf(r);
    expect(rows.map((x) => [x.variant, x.ctr_clicks, x.ctr_impressions, x.ctr])).toEqual([
      ['A', 10, 1000, 0.01],
      ['B', 30, 1000, 0.03],
    ]);
    expect(r.result!.note).toBe('`clicks` is empty in 1 of 3 rows of `partial`; those rows are left out');
  });

  it('ab-test compares 10/1000 with 30/1000 (the row without clicks left out of the trials)', async () => {
    const [row] = rowsOf(await runKind('ab-test', 'partial', 'group: variant\nsuccesses: clicks\ntrials: impressions\ncontrol: A'));
    expect(row).toMatchObject({ group: 'B', control: 'A', successes: 30, trials: 1000, control_successes: 10, control_trials: 1000 });
  });

  it('ab-test and holdout whose control group lost every row to the missing metric say so, with an empty result', async () => {
    await engine.materialize('onesided', "SELECT * FROM (VALUES ('A', NULL::BIGINT, 1000::BIGINT), ('B', 30, 1000)) t(variant, clicks, impressions)");
    const ab = await runKind('ab-test', 'onesided', 'group: variant\nsuccesses: clicks\ntrials: impressions\ncontrol: A');
    expect(ab.result!.rowCount).toBe(0);
    expect(ab.result!.note).toBe('`clicks` is empty in 1 of 2 rows of `onesided`; those rows are left out; only B has values, so there is nothing to compare');
    const h = await runKind('holdout', 'onesided', 'group: variant\nconversions: clicks\nusers: impressions\nexposed: B\nholdout: A');
    expect(h.result!.rowCount).toBe(0);
    expect(h.result!.note).toBe('`clicks` is empty in 1 of 2 rows of `onesided`; those rows are left out; A has no rows with values, so there is no lift');
  });

  it('control-chart and anomaly take the day\'s rate as 40 / 2000 = 0.02, not 40 / 3000', async () => {
    const [point] = rowsOf(await runKind('control-chart', 'partial', 'time: day\nsuccesses: clicks\ntrials: impressions'));
    expect(point).toMatchObject({ successes: 40, trials: 2000, p: 0.02 });
    const [day] = rowsOf(await runKind('anomaly', 'partial', 'time: day\nsuccesses: clicks\ntrials: impressions\nshow: all'));
    expect(day).toMatchObject({ successes: 40, trials: 2000, rate: 0.02 });
  });
});

import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) } };
};

describe('bundled notebooks run headless on the bundled sample data', () => {
  it('getting-started binds the sample ad_daily.csv with no --data and finds the planted A/B lift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-nb-'));
    const report = join(dir, 'r.json');
    const c = io();
    expect(await main(['run', 'notebooks/getting-started.pulse.md', '--out', report], c.io)).toBe(0);
    const truth = JSON.parse(readFileSync('public/sample/ground_truth.json', 'utf8'));
    const cells = JSON.parse(readFileSync(report, 'utf8')).cells as { id: string; status: string; rows: Record<string, unknown>[] }[];
    expect(cells.every((x) => x.status === 'ok')).toBe(true);
    const lift = cells.find((x) => x.id === 'lift')!.rows[0]!;
    expect(lift.group).toBe('variant_b');
    expect(lift.significant).toBe(true);
    // The planted relative lift lies inside the cell's interval.
    expect(lift.lift_ci_low as number).toBeLessThan(truth.ab_test.relative_lift);
    expect(lift.lift_ci_high as number).toBeGreaterThan(truth.ab_test.relative_lift);
  });

  it("binding the platform's own export (Meta Ads Manager layout) goes through the importer and finds the same lift", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-nb-'));
    const run = async (data: string[]) => {
      const report = join(dir, `r${data.length}.json`);
      const c = io();
      expect(await main(['run', 'notebooks/getting-started.pulse.md', ...data, '--out', report], c.io)).toBe(0);
      const cells = JSON.parse(readFileSync(report, 'utf8')).cells as { id: string; rows: Record<string, unknown>[] }[];
      return { lift: cells.find((x) => x.id === 'lift')!.rows[0]!, err: c.err.join('\n') };
    };
    const canonical = await run([]);
    const meta = await run(['--data', 'ads=public/sample/meta_ads.csv']);
    expect(meta.err).toMatch(/ads: meta_ads\.csv read as a meta export \(meta_ads_manager\) → ad_daily/);
    for (const k of ['successes', 'trials', 'control_successes', 'control_trials', 'p_value']) expect(meta.lift[k], k).toEqual(canonical.lift[k]);
  });

  it('binding an export of the wrong kind names both tables (exit 2)', async () => {
    const c = io();
    expect(await main(['run', 'notebooks/getting-started.pulse.md', '--data', 'ads=public/sample/mailchimp_campaigns.csv'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/mailchimp_campaigns export \(canonical table email\), but dataset `ads` expects ad_daily/);
  });

  it('a --param the notebook does not define is a bad argument (exit 2) naming the parameters it has', async () => {
    const c = io();
    expect(await main(['run', 'notebooks/getting-started.pulse.md', '--param', 'campain=x'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--param campain: the notebook has no parameter of that name \(it has: campaign\)/);
  });
});

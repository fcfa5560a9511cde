import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleCommand } from '../../src/cli/commands/sample.ts';
import { SEGMENT_FILES } from '../../src/core/sample/segments/index.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await sampleCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('pulse sample', () => {
  it('writes every file, byte-identical for the same seed', async () => {
    const a = mkdtempSync(join(tmpdir(), 'pulse-sample-'));
    const b = mkdtempSync(join(tmpdir(), 'pulse-sample-'));
    expect((await run(['--seed', '3', '--out', a])).code).toBe(0);
    expect((await run(['--seed', '3', '--out', b, '--size', 'small'])).code).toBe(0);
    const names = readdirSync(a).sort();
    expect(names).toEqual(expect.arrayContaining(['ad_daily.csv', 'events.csv', 'email.csv', 'posts.csv', 'comments.csv', 'users.csv', 'paths.csv', 'ground_truth.json', 'meta_ads.csv', 'linkedin_campaigns.csv', 'x_ads.csv', 'tiktok_ads.csv', 'google_ads_campaign_report.csv', 'ga4_traffic_daily.csv', 'mailchimp_campaigns.csv', 'klaviyo_campaigns.csv', 'email_activity.csv', 'profiles.csv', 'identity_links.csv', 'social_activity.csv', 'web_sessions.csv', 'orders.csv', 'touchpoints.csv', 'channel_spend.csv', 'costs.csv', 'experiments.csv', 'assignments.csv', 'experiment_results.csv', 'email_social_truth.json', ...SEGMENT_FILES]));
    for (const n of names) expect(readFileSync(join(a, n)).equals(readFileSync(join(b, n))), n).toBe(true);
    expect(readFileSync(join(a, 'linkedin_campaigns.csv')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(JSON.parse(readFileSync(join(a, 'ground_truth.json'), 'utf8')).seed).toBe(3);
  });

  it('exit 2 for bad arguments', async () => {
    expect((await run(['--out', '/tmp/x'])).stderr).toMatch(/--seed N/);
    expect((await run(['--seed', 'abc', '--out', '/tmp/x'])).code).toBe(2);
    expect((await run(['--seed', '1', '--out', '/tmp/x', '--size', 'huge'])).code).toBe(2);
  });
});

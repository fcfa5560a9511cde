/**
 * Browser checks for the enterprise social operations modules 4–6: after Run all on the bundled
 * samples, one value per module that public/sample/ops_truth.json says was planted, read from a grid.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const truth = JSON.parse(readFileSync('public/sample/ops_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'ops-04': {
    what: 'exactly the planted posts republished a superseded asset version',
    async check(page) {
      expect((await gridRows(page, 'stale_asset_posts')).map((r) => r.content_id).sort()).toEqual(truth.content_strategy.stale_asset_posts);
    },
  },
  'ops-05': {
    what: 'exactly the planted campaign names break the naming convention',
    async check(page) {
      const broken = (await gridRows(page, 'naming_check')).filter((r) => r.follows_convention === 'false').map((r) => r.campaign_name).sort();
      expect(broken).toEqual(truth.campaign_naming.broken.map((b: { name: string }) => b.name).sort());
    },
  },
  'ops-06': {
    what: 'only the fake-follower influencer is flagged',
    async check(page) {
      expect((await gridRows(page, 'influencer_vetting')).filter((r) => r.flagged === 'true').map((r) => r.account)).toEqual([truth.fake_followers.account]);
    },
  },
};

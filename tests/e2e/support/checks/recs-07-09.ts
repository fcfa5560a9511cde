/**
 * The recommendations curriculum's modules 7–9 in the browser: one value per module that
 * public/sample/recs_truth.json says the sample was built to show, read from a result grid after Run all.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const truth = JSON.parse(readFileSync('public/sample/recs_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'recs-07': {
    what: 'exposure parity flags the market planted with fewer recommendation slots, and only it',
    async check(page) {
      const flagged = (await gridRows(page, 'exposure_parity')).filter((r) => r.disparity === 'true').map((r) => r.group);
      expect(flagged).toEqual([truth.exposure_bias.biased_group]);
    },
  },
  'recs-08': {
    what: 'matched controls recover the planted effect of recommended content on the exposed, and the holdout lift is significant',
    async check(page) {
      const [m] = await gridRows(page, 'matched_lift');
      expect(Number(m!.ci_low.replace(/[^0-9.-]/g, ''))).toBeLessThan(truth.holdout.expected_att);
      expect(Number(m!.ci_high.replace(/[^0-9.-]/g, ''))).toBeGreaterThan(truth.holdout.expected_att);
      const [h] = await gridRows(page, 'feed_lift');
      expect(h!.significant).toBe('true');
    },
  },
  'recs-09': {
    what: 'the held-out days start on the planted split, and monitoring finds no load gap',
    async check(page) {
      const [s] = await gridRows(page, 'split');
      expect(s!.held_out_start).toContain(truth.interactions.split.held_out_start);
      expect((await gridRows(page, 'monitoring_status')).find((r) => r.signal === 'load gaps')!.ok).toBe('true');
    },
  },
};

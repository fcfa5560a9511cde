/**
 * Browser checks for the social operations modules 7–8: after Run all on the bundled samples, one value
 * each module's sample was planted to show, read from a result grid (public/sample/ops_truth.json).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const truth = JSON.parse(readFileSync('public/sample/ops_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'ops-07': {
    what: 'the engagement-rate change point falls within two days of the dated platform change and is matched to it',
    async check(page) {
      const shifts = await gridRows(page, 'engagement_shifts');
      expect(shifts).toHaveLength(1);
      const days = Math.abs(Date.parse(shifts[0]!.date!.slice(0, 10)) - Date.parse(truth.engagement_change.change_date)) / 86_400_000;
      expect(days).toBeLessThanOrEqual(2);
      expect(shifts[0]!.nearest_event).toBe(truth.engagement_change.event);
    },
  },
  'ops-08': {
    what: 'Thompson sampling on the headlines makes the planted best headline most likely best',
    async check(page) {
      const best = (await gridRows(page, 'headline_allocation')).find((r) => r.best === 'true');
      expect(best?.arm).toBe(truth.dco.best_asset);
    },
  },
};

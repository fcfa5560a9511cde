/**
 * Browser checks for the recommendations curriculum, modules 1–3: after Run all, one value per module
 * that the bundled samples were planted to show, read from a result grid (public/sample/recs_truth.json
 * and the reused samples' truths).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const recsTruth = JSON.parse(readFileSync('public/sample/recs_truth.json', 'utf8'));
const opsTruth = JSON.parse(readFileSync('public/sample/ops_truth.json', 'utf8'));
const segmentsTruth = JSON.parse(readFileSync('public/sample/segments_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'recs-01': {
    what: 'a change point in the engagement rate on the day of the planted feed-ranking update',
    async check(page) {
      const shift = (await gridRows(page, 'rate_shifts')).find((r) => r.nearest_event === opsTruth.engagement_change.event);
      expect(shift?.date.slice(0, 10)).toBe(opsTruth.engagement_change.change_date);
    },
  },
  'recs-02': {
    what: 'the planted failed pulls: three TikTok days missing',
    async check(page) {
      const gaps = await gridRows(page, 'failed_pulls');
      expect(gaps.map((g) => g.platform)).toEqual([segmentsTruth.pull_gaps.platform]);
      expect(gaps[0]!.dates.split(', ')).toEqual(segmentsTruth.pull_gaps.dates);
    },
  },
  'recs-03': {
    what: 'every planted reshare is grouped with its original, and every planted repost is found by its text',
    async check(page) {
      const [c] = await gridRows(page, 'reshare_check');
      expect(Number(c!.reshares_grouped_with_their_parent)).toBe(recsTruth.near_duplicates.reshares);
      expect(Number(c!.reposts_found_by_text)).toBe(recsTruth.near_duplicates.reposts);
    },
  },
};

/**
 * Browser checks for the recommendations curriculum, modules 1–3: after Run all, one value per module
 * that the bundled samples were planted to show, read from a result grid (public/sample/recs_truth.json
 * and the reused samples' truths).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const recsTruth = JSON.parse(readFileSync('public/sample/recs_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'recs-03': {
    what: 'every planted reshare is grouped with its original, and every planted repost is found by its text',
    async check(page) {
      const [c] = await gridRows(page, 'reshare_check');
      expect(Number(c!.reshares_grouped_with_their_parent)).toBe(recsTruth.near_duplicates.reshares);
      expect(Number(c!.reposts_found_by_text)).toBe(recsTruth.near_duplicates.reposts);
    },
  },
};

/**
 * Browser checks for the recommendations curriculum, modules 4–6: after Run all, one value per module
 * that the bundled samples were planted to show, read from a result grid (public/sample/recs_truth.json).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const recsTruth = JSON.parse(readFileSync('public/sample/recs_truth.json', 'utf8'));
const esTruth = JSON.parse(readFileSync('public/sample/email_social_truth.json', 'utf8'));
/** Planted (social persona, CRM contact) pairs of one person, email_social_truth.json identity.keys_per_person. */
const plantedCrmLinks = Object.values(esTruth.identity.keys_per_person as Record<string, string[]>).reduce(
  (n, keys) => n + keys.filter((k) => k.startsWith('social:')).length * keys.filter((k) => k.startsWith('crm:')).length,
  0,
);

export const CHECKS: Record<string, ModuleCheck> = {
  'recs-04': {
    what: "Cohen's kappa of the two raters matches its hand computation (po 0.81, pe 0.335)",
    async check(page) {
      const cohen = (await gridRows(page, 'rater_agreement')).find((x) => x.method === 'cohen')!;
      expect(Number(cohen.kappa.replace(/,/g, ''))).toBeCloseTo(recsTruth.agreement.cohen_kappa, 3);
      expect(Number(cohen.items.replace(/,/g, ''))).toBe(recsTruth.agreement.items);
    },
  },
  'recs-05': {
    what: 'every planted social persona – CRM contact link is found, and only those',
    async check(page) {
      const links = await gridRows(page, 'crm_persona_links');
      expect(links.length).toBe(plantedCrmLinks);
    },
  },
  'recs-06': {
    what: 'item-CF beats the popularity baseline on NDCG@10 over the held-out period',
    async check(page) {
      const byModel = new Map((await gridRows(page, 'strategy_eval')).map((x) => [x.model, Number(x.ndcg!.replace(/,/g, ''))]));
      expect(byModel.get('item-CF (cosine)')!).toBeGreaterThan(byModel.get('popularity')! * 1.5);
    },
  },
};

/**
 * Browser checks for the enterprise social operations modules 1–3: after Run all on the bundled
 * samples, one value per module that public/sample/ops_truth.json says was planted, read from a grid.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gridRows, type ModuleCheck } from '../moduleGrid';

const truth = JSON.parse(readFileSync('public/sample/ops_truth.json', 'utf8'));

export const CHECKS: Record<string, ModuleCheck> = {
  'ops-01': {
    what: 'the planted issue term tops the quarter when the brand\'s net sentiment fell',
    async check(page) {
      const q = (await gridRows(page, 'qbr_listening')).find((r) => r.quarter === truth.listening.emerging_quarter)!;
      expect(q.top_terms.split(', ')[0]).toBe(truth.listening.emerging_term);
      expect(q.net_sentiment.trim()).toMatch(/^[-−]/); // the quarter's net sentiment is negative
    },
  },
  'ops-02': {
    what: 'the archive audit finds the gap on exactly the planted outage dates',
    async check(page) {
      const gaps = await gridRows(page, 'archive_gaps');
      expect(gaps.length).toBe(1);
      expect(gaps[0]!.dates.split(', ')).toEqual(truth.archive.outage_dates);
    },
  },
  'ops-03': {
    what: 'the micro-influencers flagged are exactly the planted bridges between the two communities',
    async check(page) {
      expect((await gridRows(page, 'micro_influencers')).map((r) => r.node).sort()).toEqual(truth.mention_graph.bridges.map((b: { node: string }) => b.node).sort());
    },
  },
};

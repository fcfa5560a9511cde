/**
 * The labelled training corpus of the recommendations sample (recs_post_labels.csv): checked against
 * recs_truth.json's planted labels and the posts file with plain TS written here.
 */
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/importers/index.ts';
import { generateRecs } from '../../../src/core/sample/recs/index.ts';

const materialize = (seed: number, size: 'small' | 'large' = 'small') => Object.fromEntries(generateRecs(seed, size).map((f) => [f.name, [...f.chunks()].join('')]));
const rows = (text: string) => importExport(new TextEncoder().encode(text), 'x.csv').rows as Record<string, string>[];

describe('recs sample — labelled posts', () => {
  const files = materialize(7);
  const truth = JSON.parse(files['recs_truth.json']!);
  const labels = rows(files['recs_post_labels.csv']!);
  const posts = new Map(rows(files['recs_posts.csv']!).map((p) => [String(p.post_id), p]));

  it('labels most composed posts once, never a reshare or a repost, with the planted sentiment and intent', () => {
    const reposts = new Set((truth.near_duplicates.groups as { reposts: string[] }[]).flatMap((g) => g.reposts));
    const composed = [...posts.values()].filter((p) => p.kind !== 'reshare' && !reposts.has(String(p.post_id)));
    expect(labels.length).toBe(truth.post_labels.labelled);
    expect(new Set(labels.map((l) => l.post_id)).size).toBe(labels.length);
    expect(labels.length / composed.length).toBeGreaterThan(0.72);
    expect(labels.length / composed.length).toBeLessThan(0.88);
    const of = (byId: Record<string, string[]>) => new Map(Object.entries(byId).flatMap(([k, ids]) => ids.map((id) => [id, k] as const)));
    const sentiment = of(truth.posts.planted_labels.sentiment_by_id);
    const intent = of(truth.posts.planted_labels.intent_by_id);
    for (const l of labels) {
      const p = posts.get(String(l.post_id));
      expect(p, String(l.post_id)).toBeDefined();
      expect(p!.kind).not.toBe('reshare');
      expect(reposts.has(String(l.post_id))).toBe(false);
      expect(l.sentiment_label).toBe(sentiment.get(String(l.post_id)));
      expect(l.intent_label).toBe(intent.get(String(l.post_id)));
      const lag = (Date.parse(String(l.labeled_on)) - Date.parse(String(p!.created_at).slice(0, 10))) / 86_400_000;
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(6);
    }
  });

  it('the large size generates a labelled corpus too', () => {
    const large = materialize(7, 'large');
    expect(rows(large['recs_post_labels.csv']!).length).toBe(JSON.parse(large['recs_truth.json']!).post_labels.labelled);
  }, 120_000);
});

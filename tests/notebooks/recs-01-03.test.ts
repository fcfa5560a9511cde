/**
 * Recommendations analysis curriculum, modules 1–3: each notebook runs headless on the bundled samples
 * with every cell ok and finds what the samples were planted with (public/sample/recs_truth.json, and
 * for the reused audience and CTR samples segments_truth.json / ground_truth.json).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectModule, modulePath, num, rows, run, truth, type RunResult } from './recsSupport.ts';

const segmentsTruth = JSON.parse(readFileSync('public/sample/segments_truth.json', 'utf8'));

describe('recs module 3 — data quality and preprocessing', () => {
  const path = modulePath(3);
  let r: RunResult;
  beforeAll(async () => {
    r = await run(path);
  }, 180_000);

  it('runs with every cell ok, one section per bullet plus exercises', () => {
    expectModule(r, path, 3, 9);
  });

  it('groups every planted reshare and repost with its original, keeps the original, and groups nothing else', () => {
    const groups = new Map(rows(r, 'post_groups').map((g) => [String(g.doc), g]));
    expect(groups.size).toBe(truth.posts.count);
    const planted = new Set<string>();
    for (const g of truth.near_duplicates.groups as { kept: string; reshares: string[]; reposts: string[] }[]) {
      expect(groups.get(g.kept)!.is_representative, g.kept).toBe(true);
      for (const d of [...g.reshares, ...g.reposts]) {
        planted.add(d);
        expect(groups.get(d)!.representative, d).toBe(g.kept);
      }
    }
    expect(planted.size).toBe(truth.near_duplicates.reshares + truth.near_duplicates.reposts);
    const found = rows(r, 'post_groups').filter((g) => g.is_representative === false).map((g) => String(g.doc));
    expect(found.sort()).toEqual([...planted].sort());
    const check = rows(r, 'reshare_check')[0]!;
    expect(num(check.reshares_grouped_with_their_parent)).toBe(truth.near_duplicates.reshares);
    expect(num(check.reposts_found_by_text)).toBe(truth.near_duplicates.reposts);
  });

  it('disambiguates the brand: every planted brand mention is `brand`, every common-word use is `common`', () => {
    const sense = new Map(rows(r, 'brand_sense').map((p) => [String(p.post_id), p.decision]));
    for (const id of truth.brand.brand_mention_ids as string[]) expect(sense.get(id), id).toBe('brand');
    for (const id of truth.brand.common_word_ids as string[]) expect(sense.get(id), id).toBe('common');
  });

  it('flags exactly the planted spam bots of the audience sample as spam accounts', () => {
    const flagged = rows(r, 'spam_accounts').map((a) => String(a.user_key)).sort();
    expect(flagged).toEqual([...segmentsTruth.bots.keys].sort());
  });

  it('detects the planted language of every composed post, and flags every planted shortened link', () => {
    const norm = new Map(rows(r, 'posts_normalized').map((p) => [String(p.post_id), p]));
    const iso3: Record<string, string> = { en: 'eng', es: 'spa', de: 'deu' };
    for (const [lang, ids] of Object.entries(truth.posts.languages.by_id as Record<string, string[]>)) {
      const wrong = ids.filter((id) => norm.get(id)!.language !== iso3[lang]);
      expect(wrong, lang).toEqual([]);
    }
    for (const id of truth.posts.short_url_posts.ids as string[]) expect(norm.get(id)!.has_short_url, id).toBe(true);
  });
});

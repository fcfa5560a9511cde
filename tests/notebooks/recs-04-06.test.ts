/**
 * Recommendations analysis curriculum, modules 4–6: each notebook runs headless on the bundled samples
 * with every cell ok and finds what public/sample/recs_truth.json says was planted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { num, rows, runModule, truth } from './recsSupport.ts';
import { adjustedRandIndex, type Row } from './esSupport.ts';

/** Adjusted Rand index between two labels read from each row. */
const ariOf = (xs: Row[], a: (x: Row) => string, b: (x: Row) => string) => adjustedRandIndex(xs.map(a), xs.map(b));


/** id → label from a truth map label → ids. */
const byId = (m: Record<string, string[]>) => new Map(Object.entries(m).flatMap(([label, ids]) => ids.map((id) => [id, label] as const)));

describe('recs module 4 — sentiment and intent', () => {
  const r = runModule(4, 9);

  it("Cohen's kappa and the raters' table match the hand computation in recs_truth", () => {
    const a = truth.agreement;
    const cohen = rows(r, 'rater_agreement').find((x) => x.method === 'cohen')!;
    expect(num(cohen.items)).toBe(a.items);
    expect(num(cohen.observed_agreement)).toBeCloseTo(a.observed_agreement, 10);
    expect(num(cohen.expected_agreement)).toBeCloseTo(a.chance_agreement, 10);
    expect(num(cohen.kappa)).toBeCloseTo(a.cohen_kappa, 6);
    const cell = (la: string, lb: string) => num(rows(r, 'rater_confusion').find((x) => x.label_a === la && x.label_b === lb)?.items ?? 0);
    a.labels.forEach((la: string, i: number) => a.labels.forEach((lb: string, j: number) => expect(cell(la, lb), `${la}/${lb}`).toBe(a.table_rows_rater_a_columns_rater_b[i][j])));
    // Every disagreement goes to adjudication.
    expect(rows(r, 'adjudication_queue').length).toBe(Math.round(a.items * (1 - a.observed_agreement)));
  });

  it('the hold-out is later than the training period and carries the planted labels', () => {
    const sentiment = byId(truth.posts.planted_labels.sentiment_by_id);
    const intent = byId(truth.posts.planted_labels.intent_by_id);
    const holdout = rows(r, 'nb_sentiment');
    const from = String(rows(r, 'holdout_split')[0]!.holdout_from);
    expect(holdout.length).toBeGreaterThan(100);
    for (const h of holdout) expect(h.sentiment_label, String(h.post_id)).toBe(sentiment.get(String(h.post_id)));
    for (const h of rows(r, 'nb_intent')) expect(h.intent_label, String(h.post_id)).toBe(intent.get(String(h.post_id)));
    for (const h of rows(r, 'nb_holdout')) expect(String(h.created_on) >= from).toBe(true);
    expect(num(rows(r, 'holdout_split')[0]!.training_posts) + holdout.length).toBe(truth.post_labels.labelled);
  });

  it('the model trained on labelled posts beats the English lexicon on the hold-out, which fails most outside English', () => {
    const sentiment = byId(truth.posts.planted_labels.sentiment_by_id);
    const nb = rows(r, 'nb_sentiment');
    // Accuracy recomputed here from the planted labels, not read from the notebook's scoring query.
    const nbAccuracy = nb.filter((x) => x.predicted === sentiment.get(String(x.post_id))).length / nb.length;
    const score = (q: string, m: string) => rows(r, 'eval_scores').find((x) => x.question === q && x.model === m)!;
    expect(num(score('sentiment', 'naive Bayes (trained)').accuracy)).toBeCloseTo(nbAccuracy, 10);
    expect(nbAccuracy).toBeGreaterThan(num(score('sentiment', 'lexicon (VADER)').accuracy) + 0.1);
    expect(num(score('sentiment', 'naive Bayes (trained)').macro_f1)).toBeGreaterThan(num(score('sentiment', 'lexicon (VADER)').macro_f1));
    expect(num(score('intent', 'naive Bayes (trained)').macro_f1)).toBeGreaterThan(num(score('intent', 'keyword rules').macro_f1));
    const lex = (lang: string) => num(rows(r, 'accuracy_by_language').find((x) => x.model === 'sentiment · lexicon (VADER)' && x.language === lang)!.accuracy);
    expect(lex('eng')).toBeGreaterThan(lex('spa'));
    expect(lex('eng')).toBeGreaterThan(lex('deu'));
  });

  it('flags drift from the planted week: the unknown-word share crosses the alert and the accuracy falls that week, not before', () => {
    const sentiment = byId(truth.posts.planted_labels.sentiment_by_id);
    const start = truth.drift.start_week;
    expect(String(rows(r, 'drift_start')[0]!.first_flagged_week)).toBe(start);
    const weeks = rows(r, 'weekly_drift');
    for (const w of weeks) expect(w.drift_flag, String(w.week)).toBe(String(w.week) >= start);
    // Accuracy per period recomputed from the planted labels and the week each post was written.
    const holdoutWeek = new Map(rows(r, 'nb_holdout').map((h) => [String(h.post_id), String(h.created_on)]));
    const accuracy = (drifted: boolean) => {
      const xs = rows(r, 'nb_sentiment').filter((x) => (holdoutWeek.get(String(x.post_id))! >= start) === drifted);
      return xs.filter((x) => x.predicted === sentiment.get(String(x.post_id))).length / xs.length;
    };
    expect(accuracy(false)).toBeGreaterThan(0.95);
    expect(accuracy(true)).toBeLessThan(accuracy(false) - 0.2);
    // The slang is what the model does not know: every planted slang post is in the drift weeks.
    for (const id of truth.drift.slang_post_ids as string[]) if (holdoutWeek.has(id)) expect(holdoutWeek.get(id)! >= start, id).toBe(true);
  });

  it('finds the planted code-switched comments: precision and recall against recs_truth', () => {
    const planted = new Set<string>(truth.code_switching.ids);
    const found = rows(r, 'code_switched_posts').map((x) => String(x.post_id));
    const hits = found.filter((id) => planted.has(id)).length;
    expect(hits / found.length).toBeGreaterThanOrEqual(0.95);
    expect(hits / planted.size).toBeGreaterThanOrEqual(0.95);
  });

  it('negation: VADER reads "not happy" as negative and "not bad at all" as positive; the review queue holds the uncertain and disputed posts', () => {
    const demo = new Map(rows(r, 'negation_demo_scores').map((x) => [String(x.phrase), x.label]));
    expect(demo.get('I am happy with it')).toBe('positive');
    expect(demo.get('I am not happy with it')).toBe('negative');
    expect(demo.get('not bad at all')).toBe('positive');
    const queue = rows(r, 'review_queue');
    const nb = new Map(rows(r, 'nb_sentiment').map((x) => [String(x.post_id), x]));
    const lexicon = new Map(rows(r, 'lexicon_all').map((x) => [String(x.post_id), x.label]));
    const expected = [...nb.values()].filter((x) => x.review === true || x.predicted !== lexicon.get(String(x.post_id))).map((x) => String(x.post_id)).sort();
    expect(queue.map((x) => String(x.post_id)).sort()).toEqual(expected);
    expect(queue.length).toBeGreaterThan(0);
  });
});

describe('recs module 5 — audience segmentation', () => {
  const r = runModule(5, 9);

  it('tiers every user once: creators are the post authors, commenters comment without posting', () => {
    const tiers = rows(r, 'tier_summary');
    expect(tiers.reduce((n, x) => n + num(x.users), 0)).toBe(num(rows(r, 'suppression_summary')[0]!.users));
    const t = rows(r, 'engagement_tiers');
    for (const u of t) {
      if (num(u.posts) > 0) expect(u.tier).toBe('creator');
      else if (num(u.comments) > 0) expect(u.tier).toBe('commenter');
    }
  });

  it('k-means on the session features recovers the planted behavioural groups (ARI ≥ 0.8), at the k the silhouette picks', () => {
    const planted = byId(truth.behaviour_groups.users_by_group);
    const groups = Object.keys(truth.behaviour_groups.users_by_group).length;
    const clustered = rows(r, 'behaviour_clusters');
    expect(clustered.length).toBeGreaterThan(0.9 * planted.size);
    expect(ariOf(clustered, (x) => planted.get(String(x.user_id))!, (x) => String(x.cluster))).toBeGreaterThanOrEqual(0.8);
    const best = rows(r, 'choose_k').reduce((a, b) => (num(b.silhouette) > num(a.silhouette) ? b : a));
    expect(num(best.k)).toBe(groups);
  });

  it("each cluster's profile names the main content of the planted group most of its users belong to", () => {
    const planted = byId(truth.behaviour_groups.users_by_group);
    const contentName: Record<string, string> = { video: 'video', article: 'articles', shop: 'shop', community: 'community' };
    const main = rows(r, 'behaviour_clusters').reduce((m, x) => {
      const c = String(x.cluster);
      const counts = m.get(c) ?? new Map<string, number>();
      const g = planted.get(String(x.user_id))!;
      return m.set(c, counts.set(g, (counts.get(g) ?? 0) + 1));
    }, new Map<string, Map<string, number>>());
    for (const p of rows(r, 'behaviour_profile')) {
      const group = [...main.get(String(p.cluster))!.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      const mix: Record<string, number> = truth.behaviour_groups.groups[group].content_mix;
      const top = Object.entries(mix).sort((a, b) => b[1] - a[1])[0]![0];
      expect(p.main_content, `cluster ${p.cluster} (${group})`).toBe(contentName[top]);
    }
  });

  it('the clusters are stable from the first half to the second: the ARI over users in both halves is high, and agrees with a recomputation', () => {
    const both = rows(r, 'both_halves');
    const ari = ariOf(both, (x) => String(x.first_half), (x) => String(x.second_half));
    const stability = rows(r, 'half_stability')[0]!;
    expect(num(stability.items)).toBe(both.length);
    expect(num(stability.ari)).toBeCloseTo(ari, 9);
    expect(ari).toBeGreaterThanOrEqual(0.8);
    // Each half's clusters also match the planted groups: the stability is the users' habits, not chance.
    const planted = byId(truth.behaviour_groups.users_by_group);
    for (const half of ['first_half_clusters', 'second_half_clusters']) {
      expect(ariOf(rows(r, half), (x) => planted.get(String(x.user_id))!, (x) => String(x.cluster)), half).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('links social personas to CRM contacts exactly as the cross-channel sample planted them: every planted link, no false one', () => {
    // email_social_truth.json identity.keys_per_person: the keys of each planted person.
    const es = JSON.parse(readFileSync('public/sample/email_social_truth.json', 'utf8'));
    const personOf = new Map(Object.entries(es.identity.keys_per_person as Record<string, string[]>).flatMap(([p, keys]) => keys.map((k) => [k, p] as const)));
    const planted = Object.values(es.identity.keys_per_person as Record<string, string[]>).flatMap((keys) =>
      keys.filter((k) => k.startsWith('social:')).flatMap((s) => keys.filter((k) => k.startsWith('crm:')).map((c) => `${s}|${c}`)),
    );
    const linked = rows(r, 'crm_persona_links').map((x) => `${x.social_key}|${x.crm_key}`);
    for (const l of linked) expect(personOf.get(l.split('|')[0]!), l).toBe(personOf.get(l.split('|')[1]!));
    expect(linked.sort()).toEqual(planted.sort());
  });

  it('suppresses exactly the users inactive longer than the window', () => {
    const window = 30; // the inactive_days input's default
    const last = String(rows(r, 'period_bounds')[0]!.last_day);
    const expected = rows(r, 'engagement_tiers')
      .filter((u) => u.last_active === null || (Date.parse(last) - Date.parse(String(u.last_active))) / 86_400_000 > window)
      .map((u) => String(u.user_id))
      .sort();
    expect(rows(r, 'suppression_list').map((u) => String(u.user_id)).sort()).toEqual(expected);
  });

  it('the segment A/B test finds the lift planted in the active e-mail segment', () => {
    const es = JSON.parse(readFileSync('public/sample/email_social_truth.json', 'utf8'));
    const effect = es.experiments.multiple.true_effect;
    expect(rows(r, 'chosen_segment_rates')[0]!.segment).toBe(`${effect.segment} / ${effect.channel}`);
    const ab = rows(r, 'segment_ab')[0]!;
    expect(ab.significant).toBe(true);
    expect(num(ab.z)).toBeCloseTo(effect.z, 0);
  });
});

describe('recs module 6 — recommendation engine', () => {
  const r = runModule(6, 9);

  it('trains before the planted split day by default', () => {
    expect(String(rows(r, 'split_date')[0]!.value)).toBe(truth.interactions.split.train_before);
  });

  it('finds the planted similar items as each other\'s nearest collaborative neighbour', () => {
    const nearest = new Map(rows(r, 'similarity_overview').map((x) => [String(x.item), x.cf_neighbour]));
    const pairs: [string, string][] = truth.interactions.similar_item_pairs.pairs;
    const found = pairs.flatMap(([a, b]) => [nearest.get(a) === b, nearest.get(b) === a]).filter(Boolean).length;
    expect(found / (2 * pairs.length)).toBeGreaterThanOrEqual(0.9);
  });

  it('item-CF beats the popularity baseline on NDCG@10 over the held-out period', () => {
    const s = new Map(rows(r, 'strategy_eval').map((x) => [String(x.model), x]));
    const cf = num(s.get('item-CF (cosine)')!.ndcg);
    const pop = num(s.get('popularity')!.ndcg);
    expect(cf).toBeGreaterThan(pop * 1.5);
    expect(num(s.get('item-CF (cosine)')!.k)).toBe(10);
  });

  it('cold-start users get the popularity fallback, and cold-start items reach users through content', () => {
    const newUsers = new Set(rows(r, 'new_users').map((x) => String(x.user_id)));
    for (const u of truth.interactions.cold_start_users.ids) expect(newUsers.has(u), u).toBe(true);
    const served = rows(r, 'cold_start_service').filter((x) => x.users === 'new user');
    expect(served.map((x) => x.source)).toEqual(['popularity']);
    expect(num(served[0]!.users_served)).toBe(newUsers.size);
    const reach = new Map(rows(r, 'new_item_reach').map((x) => [String(x.item_id), num(x.users_recommended_to)]));
    for (const i of truth.interactions.cold_start_items.ids) expect(reach.get(i), i).toBeGreaterThan(0);
  });

  it('explains each collaborative recommendation of the chosen user: the similarities of their items add up to its score', () => {
    const recs = rows(r, 'user_recommendations').filter((x) => x.source === 'collaborative');
    expect(recs.length).toBeGreaterThan(0);
    const why = rows(r, 'why_recommended');
    for (const rec of recs) {
      const because = why.filter((w) => w.recommended === rec.item);
      expect(because.length, String(rec.item)).toBeGreaterThan(0);
      const sum = because.reduce((n, w) => n + num(w.similarity), 0);
      // Each similarity and the cf_score are rounded to 3 decimals: at most 0.0005 off each.
      expect(Math.abs(sum - num(rec.cf_score)), String(rec.item)).toBeLessThanOrEqual(0.0005 * (because.length + 1) + 1e-9);
    }
  });

  it('business rules remove the items below the margin floor and pin the newest release for every user', () => {
    const after = rows(r, 'rule_effect').find((x) => x.list === 'after rules')!;
    const before = rows(r, 'rule_effect').find((x) => x.list === 'before rules')!;
    expect(num(after.below_margin_floor)).toBe(0);
    expect(num(after.pinned_item_shown)).toBe(num(rows(r, 'sparsity_stats')[0]!.training_users) + rows(r, 'new_users').length);
    expect(num(after.share_high_margin)).toBeGreaterThan(num(before.share_high_margin));
  });
});

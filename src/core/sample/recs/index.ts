/**
 * The recommendations sample set (curriculum 003): social posts and a two-rater labelled sample for
 * the text modules; items, users, interactions and a served-recommendation log for the recommender
 * modules. Own substreams of the same seed, so the other sample files stay byte-identical. Planted
 * truths go to recs_truth.json.
 */
import { dayAt } from '../calendar.ts';
import { substream } from '../random.ts';
import { EXPOSURES_HEADER, INTERACTIONS_HEADER, ITEMS_HEADER, USERS_HEADER, exposureLines, generateItems, generateUsers, interactionLines, itemLines, userLines, type InteractionTruth } from './interactions.ts';
import { AGREEMENT_TABLE, BIASED_GROUP, BRAND, CATEGORIES, COLD_ITEM_SHARE, COLD_USER_SHARE, EXPOSURE_K, IN_CLUSTER_SHARE, KAPPA, MARKETS, PARTNER_PROB, RECS_SIZES, SENTIMENT_LABELS, SLOTS_PER_SESSION } from './plan.ts';
import { BRAND_DAILY_HEADER, CALENDAR_HEADER, HOLDOUT_HEADER, brandDailyLines, calendarLines, holdoutLines, impactTruth, type HoldoutTruth } from './impact.ts';
import { CODE_SWITCHED_SHARE, SLANG, SLANG_SHARE_OF_DAILY_POSTS, generateDriftPosts, type DriftTruth } from './driftPosts.ts';
import { LABELS_HEADER, POSTS_HEADER, generatePosts, labelLines, postLines, type PostTruth } from './posts.ts';
import { LABELLED_SHARE, POST_LABELS_HEADER, postLabelLines } from './postLabels.ts';
import { BEHAVIOUR_GROUPS, OWN_MIX_SHARE, SESSIONS_HEADER, sessionLines, type SessionsTruth } from './sessions.ts';

export interface RecsFile {
  name: string;
  chunks: () => Iterable<string>;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The planted behavioural group of every user (recs_sessions.csv) and what each group does. */
function behaviourTruth(t: SessionsTruth) {
  const byGroup: Record<string, string[]> = Object.fromEntries(Object.keys(BEHAVIOUR_GROUPS).map((g) => [g, []]));
  for (const [user, group] of t.groupByUser) byGroup[group]!.push(user);
  return {
    file: 'recs_sessions.csv',
    sessions: t.sessions,
    groups: Object.fromEntries(Object.entries(BEHAVIOUR_GROUPS).map(([k, g]) => [k, { users: byGroup[k]!.length, description: g.description, hour: g.hour, sessions_per_week: g.perWeek, minutes: g.minutes, content_mix: g.mix, reactions_per_screen: g.reactionsPerScreen, comments_per_screen: g.commentsPerScreen, weekend_weight: g.weekend }])),
    own_mix_share: OWN_MIX_SHARE,
    users_by_group: byGroup,
    note: 'every user belongs to one group for the whole period; each draws its own habits around the group\'s (log-normal spread) and 40 % of its screens from a content mix of its own. k-means on per-user rhythm, content mix and depth recovers the groups',
  };
}

/** Files in write order: the exposure log and the truth read what the interactions recorded. */
export function generateRecs(seed: number, sizeName: 'small' | 'large'): RecsFile[] {
  const size = RECS_SIZES[sizeName];
  const postTruth: PostTruth = { lang: { en: [], es: [], de: [] }, brandIds: [], wordIds: [], shortUrlIds: [], hashtagPosts: 0, mentionPosts: 0, emojiPosts: 0, groups: [], sentiment: { positive: [], neutral: [], negative: [] }, intent: { endorsement: [], complaint: [], inquiry: [], none: [] }, labelled: [] };
  const zero = () => ({ en: 0, es: 0, de: 0 });
  const it: InteractionTruth = { pairs: [], coldItems: [], coldUsers: [], interactions: 0, heldOutPairsByMarket: zero(), slotsByMarket: zero(), listedByMarket: zero(), sessionsByMarket: zero() };
  const composed = generatePosts(substream(seed, 'recs-posts'), size, postTruth);
  const driftTruth: DriftTruth = { startDay: 0, slangIds: [], codeSwitchedIds: [] };
  const driftPosts = generateDriftPosts(substream(seed, 'recs-drift-posts'), size, composed, postTruth, driftTruth);
  // Composed posts first (the two-rater sample and the label draws read them in id order), then the drift posts, all by time in the file.
  const posts = [...composed, ...driftPosts];
  const byTime = [...posts].sort((a, b) => a.ms - b.ms || a.id.localeCompare(b.id));
  const items = generateItems(substream(seed, 'recs-items'), size, it);
  const users = generateUsers(substream(seed, 'recs-users'), size, it);
  const heldOut = new Map<string, Set<string>>();
  const holdoutTruth = {} as HoldoutTruth;
  let holdout: string[] | undefined;
  const holdoutRows = () => (holdout ??= holdoutLines(substream(seed, 'recs-holdout'), sizeName, holdoutTruth));
  const postLabels = { labelled: 0 };
  const sessionsTruth: SessionsTruth = { groupByUser: new Map(), sessions: 0 };
  let sessions: string[] | undefined;
  const sessionRows = () => (sessions ??= sessionLines(substream(seed, 'recs-sessions'), size, users, sessionsTruth));
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };

  const truth = () => {
    const slots = Object.values(it.slotsByMarket).reduce((s, n) => s + n, 0);
    const pairs = Object.values(it.heldOutPairsByMarket).reduce((s, n) => s + n, 0);
    const listed = Object.values(it.listedByMarket).reduce((s, n) => s + n, 0);
    const exposure = Object.fromEntries(Object.keys(MARKETS).map((m) => {
      const k = m as keyof typeof MARKETS;
      const slotShare = it.slotsByMarket[k] / slots;
      const exposureShare = it.listedByMarket[k] / listed;
      const relevantShare = it.heldOutPairsByMarket[k] / pairs;
      return [m, { slots_per_session: SLOTS_PER_SESSION[k], sessions: it.sessionsByMarket[k], slots: it.slotsByMarket[k], slot_share: round(slotShare), listed: it.listedByMarket[k], exposure_share: round(exposureShare), held_out_pairs: it.heldOutPairsByMarket[k], relevant_share: round(relevantShare), ratio: round(exposureShare / relevantShare), slot_ratio: round(slotShare / relevantShare) }];
    }));
    const t = {
      seed,
      size: sizeName,
      start_date: dayAt(0),
      end_date: dayAt(size.days - 1),
      files: ['recs_posts.csv', 'recs_labels.csv', 'recs_items.csv', 'recs_users.csv', 'recs_interactions.csv', 'recs_exposures.csv', 'recs_holdout.csv', 'recs_brand_daily.csv', 'recs_calendar.csv', 'recs_post_labels.csv', 'recs_sessions.csv'],
      posts: {
        count: posts.length,
        languages: { counts: Object.fromEntries(Object.entries(postTruth.lang).map(([k, v]) => [k, v.length])), by_id: postTruth.lang, note: 'reshares and reposts share their source post language' },
        hashtag_posts: postTruth.hashtagPosts,
        mention_posts: postTruth.mentionPosts,
        emoji_posts: postTruth.emojiPosts,
        short_url_posts: { count: postTruth.shortUrlIds.length, shorteners: ['bit.ly', 't.co', 'buff.ly', 'ow.ly', 'tinyurl.com'], ids: postTruth.shortUrlIds, note: 'original posts and comments with a shortened link; reshares and reposts copy it' },
        planted_labels: {
          note: 'the sentiment and intent each composed post (and comment) was written with; reshares and reposts copy their source. rater_a in recs_labels.csv gives the planted sentiment',
          sentiment_counts: Object.fromEntries(Object.entries(postTruth.sentiment).map(([k, v]) => [k, v.length])),
          intent_counts: Object.fromEntries(Object.entries(postTruth.intent).map(([k, v]) => [k, v.length])),
          sentiment_by_id: postTruth.sentiment,
          intent_by_id: postTruth.intent,
          intent_rules: 'inquiry: a question sentence (ends in ?); complaint: negative; endorsement: positive; none: neutral without a question',
        },
      },
      drift: {
        start_week: dayAt(driftTruth.startDay),
        slang_post_ids: driftTruth.slangIds,
        slang_sentences: SLANG,
        slang_share_of_daily_posts: SLANG_SHARE_OF_DAILY_POSTS,
        note: 'from start_week to the end, English posts whose sentiment (positive or negative, planted in posts.planted_labels) is carried only by slang no earlier post uses, beside a neutral sentence: the unknown-word share of a model trained before rises and its accuracy falls from that week',
      },
      code_switching: {
        ids: driftTruth.codeSwitchedIds,
        languages: ['es', 'en'],
        share_of_composed_posts: CODE_SWITCHED_SHARE,
        note: 'comments with one Spanish and one English sentence of the same sentiment (either order) and a closing sentence in either language; not in posts.languages.by_id (they have two)',
      },
      post_labels: { file: 'recs_post_labels.csv', labelled: postLabels.labelled, share: LABELLED_SHARE, note: 'sentiment_label and intent_label are the planted labels (posts.planted_labels) of the composed posts and comments labelled; reshares and reposts are not labelled; labeled_on is 0–6 days after the post' },
      near_duplicates: {
        definition: "a group = an original post, its reshares ('RT @author: ' + the text, kind = reshare, parent_id = the original) and its reposts (the same text plus a short edit, posted by another account); the original is the earliest, kept",
        groups: postTruth.groups,
        reshares: postTruth.groups.reduce((s, g) => s + g.reshares.length, 0),
        reposts: postTruth.groups.reduce((s, g) => s + g.reposts.length, 0),
      },
      brand: { name: BRAND.name, brand_context: BRAND.brand_context, common_context: BRAND.common_context, brand_mention_ids: postTruth.brandIds, common_word_ids: postTruth.wordIds, note: 'ids of composed posts; reshares and reposts of them carry the same sentence' },
      agreement: {
        file: 'recs_labels.csv',
        raters: ['rater_a', 'rater_b'],
        labels: SENTIMENT_LABELS,
        table_rows_rater_a_columns_rater_b: AGREEMENT_TABLE,
        items: postTruth.labelled.length,
        observed_agreement: 0.81,
        chance_agreement: 0.335,
        cohen_kappa: round(KAPPA),
        derivation: 'po = (30 + 22 + 29) / 100; pe = (37·35 + 30·30 + 33·35) / 100²; kappa = (po − pe) / (1 − pe)',
      },
      interactions: {
        count: it.interactions,
        events: ['view', 'like', 'save', 'purchase'],
        categories: CATEGORIES,
        in_favourite_category_share: IN_CLUSTER_SHARE,
        similar_item_pairs: { pairs: it.pairs, partner_probability: PARTNER_PROB, note: 'consuming one item of a pair is followed, with this probability, by its partner within 3 days; items of a category are co-consumed by the users who favour it' },
        split: { train_before: dayAt(size.splitDay), held_out_start: dayAt(size.splitDay), held_out_end: dayAt(size.days - 1), time_column: 'date' },
        cold_start_users: { share: COLD_USER_SHARE, ids: it.coldUsers, note: 'first interaction on or after held_out_start: nothing to train on' },
        cold_start_items: { share: COLD_ITEM_SHARE, ids: it.coldItems, note: 'released_on on or after held_out_start: no training interactions; recs_items.description has their text' },
        expectation: 'item-CF (cosine, trained before train_before) beats the popularity baseline on NDCG@10 over the held-out period',
      },
      exposure_bias: {
        file: 'recs_exposures.csv',
        group_column: 'recs_users.market',
        biased_group: BIASED_GROUP,
        mechanism: `users in market ${BIASED_GROUP} get ${SLOTS_PER_SESSION.de} recommendation slots per session, the others 10`,
        by_market: exposure,
        definition: `as rec-eval output: exposure with group_by: user, k: ${EXPOSURE_K}, rank: position: exposure_share = the market's share of listed items (per user, the first ${EXPOSURE_K} distinct items by best position, ties by item); relevant_share = its share of distinct held-out (user, item) pairs; ratio = exposure_share / relevant_share, flagged below 0.8. slot_share / slot_ratio count every logged slot instead`,
      },
      ...(holdoutRows(), impactTruth(holdoutTruth)),
      behaviour_groups: (sessionRows(), behaviourTruth(sessionsTruth)),
    };
    return JSON.stringify(t, null, 1) + '\n';
  };

  let interactions: string[] | undefined;
  const interactionRows = () => (interactions ??= interactionLines(substream(seed, 'recs-interactions'), size, users, items, it, heldOut));
  return [
    { name: 'recs_posts.csv', chunks: table(POSTS_HEADER, () => postLines(byTime)) },
    { name: 'recs_labels.csv', chunks: table(LABELS_HEADER, () => labelLines(posts, postTruth)) },
    { name: 'recs_items.csv', chunks: table(ITEMS_HEADER, () => itemLines(items)) },
    { name: 'recs_users.csv', chunks: table(USERS_HEADER, () => userLines(users)) },
    { name: 'recs_interactions.csv', chunks: table(INTERACTIONS_HEADER, interactionRows) },
    { name: 'recs_exposures.csv', chunks: table(EXPOSURES_HEADER, () => (interactionRows(), exposureLines(substream(seed, 'recs-exposures'), size, users, items, heldOut, it))) },
    { name: 'recs_holdout.csv', chunks: table(HOLDOUT_HEADER, holdoutRows) },
    { name: 'recs_brand_daily.csv', chunks: table(BRAND_DAILY_HEADER, () => brandDailyLines(substream(seed, 'recs-brand-daily'), size)) },
    { name: 'recs_calendar.csv', chunks: table(CALENDAR_HEADER, calendarLines) },
    { name: 'recs_post_labels.csv', chunks: table(POST_LABELS_HEADER, () => postLabelLines(substream(seed, 'recs-post-labels'), posts, postTruth, postLabels)) },
    { name: 'recs_sessions.csv', chunks: table(SESSIONS_HEADER, sessionRows) },
    { name: 'recs_truth.json', chunks: () => [truth()] },
  ];
}

/**
 * The enterprise social operations sample set (curriculum 004): files prefixed `ops_`, from their own
 * substreams of the seed so the other sample files stay byte-identical. Planted truths go to
 * ops_truth.json.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { substream } from '../random.ts';
import { ACCOUNT_DAILY_HEADER, INFLUENCER_COMMENTS_HEADER, generateAccounts, planInfluencers } from './accounts.ts';
import { ENGAGEMENT_HEADER, EVENTS_HEADER, engagementLines, eventLines, plantedDecomposition, plantedOverallRate } from './engagement.ts';
import { GEO_ASSIGN_HEADER, GEO_HEADER, assignmentLines, geoLines, planRegions } from './geo.ts';
import { insightFiles } from './insights.ts';
import { MENTION_EDGES_HEADER, MENTION_NODES_HEADER, generateGraph } from './graph.ts';
import { generateOperations } from './operations.ts';
import { MESSAGES_HEADER, MODERATION_RULES, RULES_HEADER, generateMessages } from './messages.ts';
import { AD_CAMPAIGNS_HEADER, DCO_HEADER, campaignLines, dcoCtr, dcoLines, planCampaigns } from './paid.ts';
import { BRANDS, DCO, ENGAGEMENT, FAKE, GEO, NAMING, OPS_SIZES } from './plan.ts';
import { reportingFiles, reportingTruth } from './reporting.ts';
import { tagFiles, tagsTruth } from './tags.ts';

export interface OpsFile {
  name: string;
  chunks: () => Iterable<string>;
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

export function generateOps(seed: number, sizeName: 'small' | 'large'): OpsFile[] {
  const size = OPS_SIZES[sizeName];
  const influencers = planInfluencers(substream(seed, 'ops-influencers'), size);
  const accounts = generateAccounts(substream(seed, 'ops-accounts'), size, influencers);
  const graph = generateGraph(substream(seed, 'ops-graph'), size);
  const messages = generateMessages(substream(seed, 'ops-messages'), size);
  const campaigns = planCampaigns(size);
  const regions = planRegions(substream(seed, 'ops-geo-plan'), size);
  const operations = generateOperations(seed, sizeName); // modules 4–6: own files, own truth keys
  const insights = insightFiles(seed, sizeName);
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield header.join(',') + '\n';
      yield* lines();
    };

  const truth = () => {
    const headlines = Object.entries(DCO.headlines).sort((a, b) => b[1] - a[1]);
    const t = {
      seed,
      size: sizeName,
      start_date: dayAt(0),
      end_date: dayAt(size.days - 1),
      files: ['ops_account_daily.csv', 'ops_influencer_comments.csv', 'ops_mention_edges.csv', 'ops_mention_nodes.csv', 'ops_messages.csv', 'ops_moderation_rules.csv', 'ops_ad_campaigns.csv', 'ops_geo_daily.csv', 'ops_geo_assignments.csv', 'ops_engagement_daily.csv', 'ops_events.csv', 'ops_dco_delivery.csv', ...insights.files.map((f) => f.name)],
      accounts: { brand: BRANDS[0].account, competitors: BRANDS.slice(1).map((b) => b.account), influencers: influencers.map((i) => i.account) },
      fake_followers: {
        account: FAKE.account,
        honest: influencers.filter((i) => !i.fake).map((i) => i.account),
        jump_date: dayAt(FAKE.jumpDay),
        jump: FAKE.jump,
        repeated_comment_share: FAKE.repeatedShare,
        repeated_texts: FAKE.repeated,
        engagement: 'engagements per post follow the followers before the jump (bought followers never engage)',
      },
      mention_graph: { communities: graph.truth.communities, bridges: graph.truth.bridges, hubs: graph.truth.hubs, edge_rows: graph.truth.edges, rule: 'no edge joins the two communities except through a bridge; hubs have 250k followers (outside the micro band 1k–100k), regular accounts < 1k' },
      messages: { ...messages.truth, intent_column: 'intent (complaint / question / praise / other = policy violation)', label_column: 'policy_label (first human review: violation / ok)', appeal_rule: 'every appealed false alarm (a complaint using a flagged word) is overturned; appealed true violations are upheld' },
      campaign_naming: { pattern: NAMING.pattern, values: { brand: [NAMING.brand], market: NAMING.markets, objective: NAMING.objectives }, campaigns: campaigns.length, broken: NAMING.broken },
      geo_lift: { test_id: GEO.testId, treated: regions.filter((r) => r.treated).map((r) => r.region), controls: regions.filter((r) => !r.treated).map((r) => r.region), start_date: dayAt(GEO.startDay), relative_lift: GEO.lift, metric: 'conversions per region per day', model: 'base × shared trend × weekday × (1 + lift after start) × (1 + N(0, 0.04))' },
      engagement_change: {
        change_date: dayAt(ENGAGEMENT.changeDay),
        event: ENGAGEMENT.changeName,
        rate: 'engagements / impressions',
        rates_before: ENGAGEMENT.rates,
        rate_multiplier_after: ENGAGEMENT.rateMultiplierAfter,
        mix_before: ENGAGEMENT.mixBefore,
        mix_after: ENGAGEMENT.mixAfter,
        mix_shift: 'posts move from video and carousel to link posts (the lowest rate)',
        planted_overall_rate_before: round(plantedOverallRate(false)),
        planted_overall_rate_after: round(plantedOverallRate(true)),
        // Hand check: rate −0.2 × (0.275·0.06 + 0.3·0.04 + 0.175·0.05 + 0.25·0.015) = −0.0082; mix 0.9 × (−0.15·0.06 − 0.05·0.05 + 0.2·0.015) = −0.00765.
        planted_rate_effect: round(plantedDecomposition().rate_effect),
        planted_mix_effect: round(plantedDecomposition().mix_effect),
      },
      ...reportingTruth(campaigns),
      ...tagsTruth(),
      ...insights.truth,
      dco: { campaign: DCO.campaign, best_asset: headlines[0]![0], asset_type: 'headline_id', headline_multipliers: DCO.headlines, image_multipliers: DCO.images, cta_multipliers: DCO.ctas, base_ctr: DCO.baseCtr, best_combo_ctr: round(Math.max(...Object.keys(DCO.headlines).flatMap((h) => Object.keys(DCO.images).flatMap((i) => Object.keys(DCO.ctas).map((c) => dcoCtr(h, i, c)))))) },
    };
    return JSON.stringify({ ...t, ...operations.truth() }, null, 1) + '\n';
  };

  return [
    { name: 'ops_account_daily.csv', chunks: table(ACCOUNT_DAILY_HEADER, () => accounts.daily) },
    { name: 'ops_influencer_comments.csv', chunks: table(INFLUENCER_COMMENTS_HEADER, () => accounts.comments) },
    { name: 'ops_mention_edges.csv', chunks: table(MENTION_EDGES_HEADER, () => graph.edges) },
    { name: 'ops_mention_nodes.csv', chunks: table(MENTION_NODES_HEADER, () => graph.nodes) },
    { name: 'ops_messages.csv', chunks: table(MESSAGES_HEADER, () => messages.lines) },
    { name: 'ops_moderation_rules.csv', chunks: table(RULES_HEADER, () => MODERATION_RULES.map((r) => csvLine(r))) },
    { name: 'ops_ad_campaigns.csv', chunks: table(AD_CAMPAIGNS_HEADER, () => campaignLines(substream(seed, 'ops-campaigns'), size, campaigns)) },
    { name: 'ops_geo_daily.csv', chunks: table(GEO_HEADER, () => geoLines(substream(seed, 'ops-geo'), size, regions)) },
    { name: 'ops_geo_assignments.csv', chunks: table(GEO_ASSIGN_HEADER, () => assignmentLines(size, regions)) },
    { name: 'ops_engagement_daily.csv', chunks: table(ENGAGEMENT_HEADER, () => engagementLines(substream(seed, 'ops-engagement'), size)) },
    { name: 'ops_events.csv', chunks: table(EVENTS_HEADER, () => eventLines(size)) },
    { name: 'ops_dco_delivery.csv', chunks: table(DCO_HEADER, () => dcoLines(substream(seed, 'ops-dco'))) },
    ...reportingFiles(seed, size, campaigns),
    ...tagFiles(seed, size),
    ...operations.files,
    ...insights.files,
    { name: 'ops_truth.json', chunks: () => [truth()] },
  ];
}

/**
 * The ops sample's files for modules 4–6 (content, paid measurement, influencer impact and
 * advocacy), each from its own substream so the other ops files stay byte-identical, and their
 * planted truths (keys of ops_truth.json).
 */
import { csvLine, dayAt } from '../calendar.ts';
import { substream } from '../random.ts';
import { planInfluencers } from './accounts.ts';
import { ASSET_VERSIONS_HEADER, CONTENT, CONTENT_TARGETS_HEADER, POSTS_HEADER, contentTargetLines, expectedEngagementsPerEuro, generateContent } from './content.ts';
import { AUDIENCE_HEADER, COMMUNITY_HEADER, DEALS_HEADER, INFLUENCE, REDEMPTIONS_HEADER, SESSIONS_HEADER, audienceLines, dealLines, generateCommunity, generateReferrals, influencerRoles } from './influence.ts';
import { CONVERSIONS_BY_OS_HEADER, CREATIVE_FREQUENCY_HEADER, MEASUREMENT, PAID_TARGETS_HEADER, conversionsByOsLines, creativeFrequencyLines, paidTargetLines, plannedCost } from './measurement.ts';
import { planCampaigns } from './paid.ts';
import { OPS_SIZES } from './plan.ts';

export interface OperationsFile {
  name: string;
  chunks: () => Iterable<string>;
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

export function generateOperations(seed: number, sizeName: 'small' | 'large'): { files: OperationsFile[]; truth: () => Record<string, unknown> } {
  const size = OPS_SIZES[sizeName];
  const influencers = planInfluencers(substream(seed, 'ops-influencers'), size);
  const roles = influencerRoles(influencers);
  let content: ReturnType<typeof generateContent> | undefined;
  const getContent = () => (content ??= generateContent(substream(seed, 'ops-content'), size));
  let community: ReturnType<typeof generateCommunity> | undefined;
  const getCommunity = () => (community ??= generateCommunity(substream(seed, 'ops-community'), size));
  let referrals: ReturnType<typeof generateReferrals> | undefined;
  const getReferrals = () => (referrals ??= generateReferrals(substream(seed, 'ops-referrals'), size, influencers));
  const table = (header: string[], lines: () => Iterable<string>) =>
    function* () {
      yield csvLine(header);
      yield* lines();
    };
  const files: OperationsFile[] = [
    { name: 'ops_posts.csv', chunks: table(POSTS_HEADER, () => getContent().posts) },
    { name: 'ops_content_targets.csv', chunks: table(CONTENT_TARGETS_HEADER, contentTargetLines) },
    { name: 'ops_asset_versions.csv', chunks: table(ASSET_VERSIONS_HEADER, () => getContent().assets) },
    { name: 'ops_conversions_by_os.csv', chunks: table(CONVERSIONS_BY_OS_HEADER, () => conversionsByOsLines(substream(seed, 'ops-campaigns'), substream(seed, 'ops-conversions-os'), size, planCampaigns(size))) },
    { name: 'ops_paid_targets.csv', chunks: table(PAID_TARGETS_HEADER, paidTargetLines) },
    { name: 'ops_creative_frequency.csv', chunks: table(CREATIVE_FREQUENCY_HEADER, () => creativeFrequencyLines(substream(seed, 'ops-frequency'), size)) },
    { name: 'ops_influencer_deals.csv', chunks: table(DEALS_HEADER, () => dealLines(influencers)) },
    { name: 'ops_referral_sessions.csv', chunks: table(SESSIONS_HEADER, () => getReferrals().sessions) },
    { name: 'ops_code_redemptions.csv', chunks: table(REDEMPTIONS_HEADER, () => getReferrals().redemptions) },
    { name: 'ops_influencer_audience.csv', chunks: table(AUDIENCE_HEADER, () => audienceLines(substream(seed, 'ops-audience'), size, influencers).lines) },
    { name: 'ops_community_activity.csv', chunks: table(COMMUNITY_HEADER, () => getCommunity().lines) },
  ];
  const formats = Object.keys(CONTENT.formatRate);
  const perEuro = Object.fromEntries(formats.map((f) => [f, round(expectedEngagementsPerEuro(f), 4)]));
  const byPerEuro = [...formats].sort((a, b) => perEuro[b]! - perEuro[a]!);
  const truth = () => ({
    content_strategy: {
      files: files.slice(0, 3).map((f) => f.name),
      pillar_target: CONTENT.pillarTarget,
      pillar_mix: CONTENT.pillarMix,
      most_under_target: Object.keys(CONTENT.pillarMix).sort((a, b) => CONTENT.pillarMix[a]! - CONTENT.pillarTarget[a]! - (CONTENT.pillarMix[b]! - CONTENT.pillarTarget[b]!))[0],
      most_over_target: Object.keys(CONTENT.pillarMix).sort((a, b) => CONTENT.pillarMix[b]! - CONTENT.pillarTarget[b]! - (CONTENT.pillarMix[a]! - CONTENT.pillarTarget[a]!))[0],
      pillar_rate_multiplier: CONTENT.pillarEffect,
      best_pillar: Object.keys(CONTENT.pillarEffect).sort((a, b) => CONTENT.pillarEffect[b]! - CONTENT.pillarEffect[a]!)[0],
      format_rate: CONTENT.formatRate,
      highest_rate_format: [...formats].sort((a, b) => CONTENT.formatRate[b]! - CONTENT.formatRate[a]!)[0],
      format_cost: CONTENT.formatCost,
      expected_engagements_per_euro: perEuro,
      best_roi_format: byPerEuro[0],
      evening_multiplier: CONTENT.eveningEffect,
      evening_hours: '18:00–21:59',
      model: 'engagement rate = format rate × pillar multiplier × (1.15 in the evening); impressions log-normal around 8,000',
      stale_asset_posts: getContent().stale.sort(),
      asset_revision_date: dayAt(CONTENT.reviseDay),
    },
    paid_measurement: {
      files: files.slice(3, 6).map((f) => f.name),
      os_share_of_backend: MEASUREMENT.osShare,
      platform_capture: MEASUREMENT.capture,
      largest_gap_os: Object.keys(MEASUREMENT.capture).sort((a, b) => MEASUREMENT.capture[a]! - MEASUREMENT.capture[b]!)[0],
      platform_total_rule: 'platform_conversions summed over OS equal ops_ad_campaigns conversions per date and campaign',
      targets: MEASUREMENT.targets.map((t) => ({ ...t, planned: round(plannedCost(t.objective), 4), meets: plannedCost(t.objective) <= t.target })),
      fatigue: {
        creatives: MEASUREMENT.creatives,
        fast: MEASUREMENT.fastCreative,
        half_life_fast: MEASUREMENT.halfLifeFast,
        half_life_slow: MEASUREMENT.halfLifeSlow,
        first_ctr: MEASUREMENT.firstCtr,
        // decay's cap at 50 %: ⌊1 + ln 2 / λ⌋ = ⌊1 + half-life⌋ exposures.
        cap_fast: Math.floor(1 + MEASUREMENT.halfLifeFast),
        cap_slow: Math.floor(1 + MEASUREMENT.halfLifeSlow),
      },
    },
    influencer_impact: {
      files: files.slice(6, 10).map((f) => f.name),
      campaign: INFLUENCE.campaign,
      start_date: dayAt(INFLUENCE.startDay),
      end_date: dayAt(INFLUENCE.startDay + INFLUENCE.days[sizeName] - 1),
      fee_rule: `fee = ${INFLUENCE.feePer1kFollowers} EUR per 1,000 followers at the start (bought ones included)`,
      fewest_sessions_per_1k_followers: roles.fake,
      best_revenue_per_fee: roles.star,
      star_conversion_multiplier: INFLUENCE.starConversionMultiplier,
      overlap_pair: [...roles.pair].sort(),
      overlap_pair_jaccard: round(INFLUENCE.pairShare / (2 - INFLUENCE.pairShare), 4),
      brand_overlap: roles.brandOverlap,
      brand_overlap_share: INFLUENCE.brandShare,
      background_brand_share: INFLUENCE.backgroundBrandShare,
    },
    advocates: {
      file: 'ops_community_activity.csv',
      advocates: getCommunity().advocates,
      complainers: getCommunity().complainers,
      lapsed: getCommunity().lapsed,
      rule: 'advocates act ~0.4 times a day all period with 90 % positive texts; complainers as often with 85 % negative; the lapsed like advocates but only in the first 35 % of the period',
    },
  });
  return { files, truth };
}

/**
 * Organic content for the content-strategy module (ops-04): one row per published post with its
 * content pillar, format, the visual asset (and version) it used, its delivery and its production
 * cost; the team's target pillar mix; and the asset library's version history.
 *
 * Planted: the pillar mix misses its targets (storytelling over, user-generated content under);
 * user-generated posts engage best; video has the highest engagement rate but carousels return the
 * most engagements per euro; evening posts engage 15 % more; a few posts republished an asset version
 * that had been superseded.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { normal, weighted, type Rng } from '../random.ts';
import type { OpsSize } from './plan.ts';

export const POSTS_HEADER = ['content_id', 'published_ts', 'platform', 'pillar', 'format', 'asset_id', 'asset_version', 'impressions', 'engagements', 'production_cost'];
export const CONTENT_TARGETS_HEADER = ['metric', 'scope_type', 'scope_value', 'target'];
export const ASSET_VERSIONS_HEADER = ['asset_id', 'version', 'released_date', 'superseded_date'];

export const CONTENT = {
  postsPerDay: { small: 6, large: 12 },
  pillarTarget: { storytelling: 0.3, education: 0.3, ugc: 0.2, reactive: 0.2 } as Record<string, number>,
  pillarMix: { storytelling: 0.42, education: 0.28, ugc: 0.08, reactive: 0.22 } as Record<string, number>,
  /** Engagement-rate multiplier of each pillar. */
  pillarEffect: { storytelling: 0.9, education: 1.0, ugc: 1.35, reactive: 1.1 } as Record<string, number>,
  formatMix: { video: 0.25, carousel: 0.25, image: 0.3, link: 0.2 } as Record<string, number>,
  formatRate: { video: 0.06, carousel: 0.05, image: 0.035, link: 0.015 } as Record<string, number>,
  /** Production cost per post (EUR): video is the dearest to make. */
  formatCost: { video: 900, carousel: 180, image: 200, link: 80 } as Record<string, number>,
  eveningEffect: 1.15,
  impressionsPerPost: 8000,
  platforms: { instagram: 0.45, linkedin: 0.3, facebook: 0.25 } as Record<string, number>,
  assets: 30,
  /** Assets that get a new version mid-period, on this day; posts after it should use the new one. */
  revisedAssets: 8,
  reviseDay: 45,
  stalePosts: { small: 5, large: 12 },
};

/** Engagements per euro of production cost expected for a format (pillar and hour mixes averaged). */
export function expectedEngagementsPerEuro(format: string): number {
  const pillar = Object.keys(CONTENT.pillarMix).reduce((s, p) => s + CONTENT.pillarMix[p]! * CONTENT.pillarEffect[p]!, 0);
  const hour = (EVENING_HOURS.length * CONTENT.eveningEffect + (HOURS.length - EVENING_HOURS.length)) / HOURS.length;
  return (CONTENT.impressionsPerPost * CONTENT.formatRate[format]! * pillar * hour) / CONTENT.formatCost[format]!;
}

const HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const EVENING_HOURS = [18, 19, 20, 21];

export interface ContentData {
  posts: string[];
  assets: string[];
  stale: string[];
}

export function generateContent(rng: Rng, size: OpsSize): ContentData {
  const posts: string[] = [];
  const stale: string[] = [];
  const assetIds = Array.from({ length: CONTENT.assets }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
  const revised = new Set(assetIds.slice(0, CONTENT.revisedAssets));
  const perDay = CONTENT.postsPerDay[size.name];
  const total = perDay * size.days;
  // Stale republications: posts after the revision day that use a revised asset's old version.
  const afterRevision = (size.days - CONTENT.reviseDay) * perDay;
  const staleIndex = new Set<number>();
  while (staleIndex.size < CONTENT.stalePosts[size.name]) staleIndex.add(CONTENT.reviseDay * perDay + Math.floor(rng() * afterRevision));
  let n = 0;
  for (let d = 0; d < size.days; d++)
    for (let k = 0; k < perDay; k++, n++) {
      const pillar = weighted(rng, CONTENT.pillarMix);
      const format = weighted(rng, CONTENT.formatMix);
      const hour = HOURS[Math.floor(rng() * HOURS.length)]!;
      let asset = assetIds[Math.floor(rng() * assetIds.length)]!;
      let version = revised.has(asset) && d >= CONTENT.reviseDay ? 2 : 1;
      const id = `P${String(n + 1).padStart(5, '0')}`;
      if (staleIndex.has(n)) {
        asset = assetIds[Math.floor(rng() * CONTENT.revisedAssets)]!;
        version = 1;
        stale.push(id);
      }
      const impressions = Math.max(100, Math.round(CONTENT.impressionsPerPost * Math.exp(0.35 * normal(rng) - 0.06125)));
      const rate = CONTENT.formatRate[format]! * CONTENT.pillarEffect[pillar]! * (EVENING_HOURS.includes(hour) ? CONTENT.eveningEffect : 1);
      // Engagements: Poisson-like noise around impressions × rate (normal approximation, counts are large).
      const mean = impressions * rate;
      const engagements = Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
      const cost = CONTENT.formatCost[format]! * (1 + 0.1 * normal(rng));
      const ts = `${dayAt(d)} ${String(hour).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:00`;
      posts.push(csvLine([id, ts, weighted(rng, CONTENT.platforms), pillar, format, asset, version, impressions, engagements, cost.toFixed(2)]));
    }
  if (n !== total) throw new Error('ops content: post count');
  const assets = assetIds.flatMap((a) =>
    revised.has(a) ? [csvLine([a, 1, dayAt(0), dayAt(CONTENT.reviseDay)]), csvLine([a, 2, dayAt(CONTENT.reviseDay), ''])] : [csvLine([a, 1, dayAt(0), ''])],
  );
  return { posts, assets, stale };
}

export function contentTargetLines(): string[] {
  return Object.entries(CONTENT.pillarTarget).map(([pillar, share]) => csvLine(['pillar_share', 'pillar', pillar, share]));
}

/**
 * Governance data behind ops-02: the brand's published posts as the platforms export them, and the
 * compliance archive's copy of the same quarter. The archiver was down for a few days (those posts
 * are missing from it); some posts make claims that need substantiation, some partner posts lack
 * the #ad disclosure, and a product recall is the matter under legal hold.
 */
import { csvLine, dayAt } from '../calendar.ts';
import { pick, poisson, type Rng } from '../random.ts';

export const PUBLISHED_HEADER = ['content_id', 'platform', 'published_ts', 'text', 'import_id'];
export const ARCHIVE_HEADER = ['content_id', 'platform', 'archived_ts', 'text', 'import_id'];

export const ARCHIVE = {
  postsPerDay: 6,
  /** Days (offsets into the ops calendar) on which the archiver captured nothing. */
  outageDays: [33, 34, 35],
  platforms: ['instagram', 'x', 'linkedin', 'facebook'],
  regular: [
    'New in the shop: the {product} in three colours',
    'Behind the scenes at our design studio this week',
    'How to get the best sound from your {product}',
    'Five tips for longer runs with your {product}',
    'Meet the team that builds the {product}',
    'Our {product} is back in stock in all sizes',
  ],
  claims: ['The {product} is guaranteed to last all week on one charge', 'Clinically proven comfort: the new {product}'],
  recall: ['Safety notice: recall of {product} units sold in March, details in our bio', 'Update on the {product} recall: replacements ship next week'],
  partner: 'We partnered with @{partner} on this {product} look',
  partners: ['inf_trailmix', 'inf_cityplates', 'inf_homelab', 'inf_runnotes'],
  shares: { claims: 0.04, recall: 0.03, partner: 0.06 },
  /** Share of partner posts that carry the disclosure. */
  disclosed: 0.7,
  products: ['earbuds', 'speaker', 'watch'],
};

export function generateArchive(rng: Rng, days: number) {
  const published: string[] = [];
  const archived: string[] = [];
  const missing: string[] = [];
  const counts = { posts: 0, claims: 0, recall: 0, partner: 0, undisclosed: [] as string[] };
  let id = 0;
  for (let d = 0; d < days; d++) {
    for (let p = poisson(rng, ARCHIVE.postsPerDay); p > 0; p--) {
      const contentId = `PUB${String(++id).padStart(6, '0')}`;
      const platform = pick(rng, ARCHIVE.platforms);
      const x = rng();
      let text: string;
      if (x < ARCHIVE.shares.claims) (text = pick(rng, ARCHIVE.claims)), counts.claims++;
      else if (x < ARCHIVE.shares.claims + ARCHIVE.shares.recall) (text = pick(rng, ARCHIVE.recall)), counts.recall++;
      else if (x < ARCHIVE.shares.claims + ARCHIVE.shares.recall + ARCHIVE.shares.partner) {
        counts.partner++;
        text = ARCHIVE.partner.replace('{partner}', pick(rng, ARCHIVE.partners));
        if (rng() < ARCHIVE.disclosed) text += ' #ad';
        else counts.undisclosed.push(contentId);
      } else text = pick(rng, ARCHIVE.regular);
      text = text.replace('{product}', pick(rng, ARCHIVE.products));
      const minute = Math.floor(rng() * 14 * 60) + 7 * 60;
      const ts = `${dayAt(d)} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
      published.push(csvLine([contentId, platform, ts, text, 'platform-export']));
      counts.posts++;
      if (ARCHIVE.outageDays.includes(d)) missing.push(contentId);
      else archived.push(csvLine([contentId, platform, `${ts.slice(0, 14)}${String(Math.min(59, n2(ts) + 5)).padStart(2, '0')}:00`, text, 'compliance-archive']));
    }
  }
  return { published, archived, truth: { ...counts, missing_from_archive: missing, outage_dates: ARCHIVE.outageDays.filter((d) => d < days).map(dayAt) } };
}

/** The minute of a `YYYY-MM-DD HH:MM:SS` timestamp. */
const n2 = (ts: string) => Number(ts.slice(14, 16));

/**
 * Web tracking for the CRM customers (ops module 3's personas): the site's signed-in visits, each
 * with its page count split by section (guides, deals, account; the rest are product pages). Every
 * customer has one planted web persona that sets how often they visit, how deep, which sections and
 * until when; each customer draws their own habits around the persona's, so the personas overlap at
 * the edges.
 */
import { csvLine, timestampOf } from '../calendar.ts';
import { blendedMix, normal, poisson, weighted, type Rng } from '../random.ts';

export const WEB_VISITS_HEADER = ['customer_key', 'started_at', 'pages', 'guide_pages', 'deal_pages', 'account_pages'];

type Section = 'guide' | 'deal' | 'account' | 'product';
const SECTIONS: readonly Section[] = ['guide', 'deal', 'account', 'product'];

export interface WebPersona {
  share: number;
  /** Visits per 30 days while active. */
  visitsPerMonth: number;
  pagesPerVisit: number;
  mix: Record<Section, number>;
  /** Days after acquisition the customer stops visiting (null: active to the year's end). */
  activeDays: number | null;
  description: string;
}

export const WEB_PERSONAS: Record<string, WebPersona> = {
  researcher: { share: 0.25, visitsPerMonth: 1.1, pagesPerVisit: 9, mix: { guide: 0.55, deal: 0.05, account: 0.05, product: 0.35 }, activeDays: null, description: 'reads guides and compares products in long visits' },
  deal_hunter: { share: 0.25, visitsPerMonth: 0.9, pagesPerVisit: 4, mix: { guide: 0.05, deal: 0.6, account: 0.05, product: 0.3 }, activeDays: null, description: 'comes for the offers, short visits to the deals pages' },
  loyal_regular: { share: 0.3, visitsPerMonth: 1.8, pagesPerVisit: 3, mix: { guide: 0.05, deal: 0.05, account: 0.6, product: 0.3 }, activeDays: null, description: 'frequent short visits to the account and reorder pages' },
  lapsed: { share: 0.2, visitsPerMonth: 2, pagesPerVisit: 4, mix: { guide: 0.1, deal: 0.1, account: 0.1, product: 0.7 }, activeDays: 45, description: 'browsed products in the first weeks after buying, then stopped visiting' },
};
/** Share of each customer's pages drawn from a section mix of their own instead of the persona's. */
export const WEB_OWN_MIX_SHARE = 0.3;
/** The tracking window ends with the order data. */
export const WEB_END = '2025-12-31';

const DAY = 86_400_000;

/** Visits of every customer from their acquisition day to WEB_END (persona by customer in `personaOf`). */
export function webVisitLines(rng: Rng, customers: { key: string; acquired: string }[], personaOf: Map<string, string>): string[] {
  const end = Date.parse(`${WEB_END}T00:00:00Z`) + DAY;
  const shares = Object.fromEntries(Object.entries(WEB_PERSONAS).map(([k, p]) => [k, p.share]));
  const lines: [number, string][] = [];
  for (const c of customers) {
    const name = weighted(rng, shares);
    personaOf.set(c.key, name);
    const p = WEB_PERSONAS[name]!;
    const mix = blendedMix(rng, SECTIONS, p.mix, WEB_OWN_MIX_SHARE);
    const perDay = (p.visitsPerMonth / 30) * Math.exp(normal(rng) * 0.35);
    const depth = p.pagesPerVisit * Math.exp(normal(rng) * 0.25);
    const from = Date.parse(`${c.acquired}T00:00:00Z`);
    const until = p.activeDays === null ? end : Math.min(end, from + Math.round(p.activeDays * Math.exp(normal(rng) * 0.3)) * DAY);
    for (let day = from; day < until; day += DAY) {
      for (let k = poisson(rng, perDay); k > 0; k--) {
        const ms = day + Math.floor(rng() * DAY);
        const pages = Math.max(1, poisson(rng, depth));
        const by: Record<Section, number> = { guide: 0, deal: 0, account: 0, product: 0 };
        for (let i = 0; i < pages; i++) by[weighted(rng, mix)]++;
        lines.push([ms, csvLine([c.key, timestampOf(ms), pages, by.guide, by.deal, by.account])]);
      }
    }
  }
  return lines.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).map((l) => l[1]);
}

import type { Layout } from '../layout.ts';
import { googleAds, linkedinAds, metaAds, tiktokAds, xAds } from './ads.ts';
import { klaviyoCampaigns, mailchimpCampaigns } from './email.ts';
import { xPosts } from './posts.ts';
import { ga4Report } from './web.ts';

/** Every known layout, most specific first (the first full match wins a tie). */
export const LAYOUTS: readonly Layout[] = [metaAds, linkedinAds, xAds, xPosts, tiktokAds, googleAds, mailchimpCampaigns, klaviyoCampaigns, ga4Report];

export { googleAds, linkedinAds, metaAds, tiktokAds, xAds, klaviyoCampaigns, mailchimpCampaigns, xPosts, ga4Report };

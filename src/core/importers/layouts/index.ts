import type { Layout } from '../layout.ts';
import { googleAds, linkedinAds, metaAds, tiktokAds, xAds } from './ads.ts';
import { klaviyoCampaigns, mailchimpCampaigns } from './email.ts';
import { klaviyoEvents, mailchimpEmailActivity, mailchimpMembers } from './emailActivity.ts';
import { facebookPageInsights, facebookPostInsights, linkedinPageFollowers, linkedinPageMetrics, linkedinPagePosts, metaSuiteFacebookPosts, metaSuiteInstagramPosts, metaSuiteResults, tiktokStudioOverview, youtubeStudioTable } from './organic.ts';
import { xPosts } from './posts.ts';
import { ga4Report } from './web.ts';

/** Every known layout, most specific first (the first full match wins a tie). */
export const LAYOUTS: readonly Layout[] = [metaAds, linkedinAds, xAds, xPosts, tiktokAds, googleAds, mailchimpCampaigns, klaviyoCampaigns, mailchimpEmailActivity, mailchimpMembers, klaviyoEvents, ga4Report,
  metaSuiteFacebookPosts, metaSuiteInstagramPosts, facebookPostInsights, youtubeStudioTable, linkedinPagePosts, facebookPageInsights, linkedinPageFollowers, metaSuiteResults, linkedinPageMetrics, tiktokStudioOverview];

export { metaSuiteFacebookPosts, metaSuiteInstagramPosts, facebookPostInsights, youtubeStudioTable, linkedinPagePosts, facebookPageInsights, linkedinPageFollowers, metaSuiteResults, linkedinPageMetrics, tiktokStudioOverview };
export { googleAds, linkedinAds, metaAds, tiktokAds, xAds, klaviyoCampaigns, mailchimpCampaigns, mailchimpEmailActivity, mailchimpMembers, klaviyoEvents, xPosts, ga4Report };

import type { Layout } from '../layout.ts';

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** Mailchimp campaign list with statistics. */
export const mailchimpCampaigns: Layout = {
  platform: 'mailchimp',
  id: 'mailchimp_campaigns',
  table: 'email',
  signature: [['title', 'campaign title'], ['send date', 'send weekday', 'unique id'], ['total recipients', 'emails sent']],
  columns: [
    { to: 'campaign', aliases: ['title', 'campaign title'] },
    { to: 'subject', aliases: ['subject', 'subject line'] },
    { to: 'audience', aliases: ['audience', 'list', 'list name'] },
    { to: ['date', 'send_time'], aliases: ['send date', 'send time'] },
    { to: 'campaign_id', aliases: ['unique id', 'campaign id'] },
    { to: 'sends', aliases: ['total recipients', 'emails sent'] },
    { to: 'deliveries', aliases: ['successful deliveries'] },
    { to: 'soft_bounces', aliases: ['soft bounces'] },
    { to: 'hard_bounces', aliases: ['hard bounces'] },
    { to: 'opens', aliases: ['unique opens'] },
    { to: 'total_opens', aliases: ['total opens'] },
    { to: 'clicks', aliases: ['unique clicks', 'unique subscriber clicks'] },
    { to: 'total_clicks', aliases: ['total clicks'] },
    { to: 'unsubscribes', aliases: ['unsubscribes'] },
    { to: 'complaints', aliases: ['abuse complaints'] },
    { to: 'revenue', aliases: ['total orders revenue', 'revenue'] },
  ],
  constants: { platform: 'mailchimp' },
  dateOrder: 'mdy',
  finish(row) {
    const soft = num(row.soft_bounces);
    const hard = num(row.hard_bounces);
    row.bounces = soft === null && hard === null ? null : (soft ?? 0) + (hard ?? 0);
    delete row.soft_bounces;
    delete row.hard_bounces;
  },
};

/** Klaviyo campaign export (old title-case and new lower-case labels). */
export const klaviyoCampaigns: Layout = {
  platform: 'klaviyo',
  id: 'klaviyo_campaigns',
  table: 'email',
  signature: [['campaign name'], ['send time', 'send date'], ['total recipients', 'recipients'], ['unique placed order', 'campaign channel', 'spam complaints', 'placed order rate', 'bounce rate', 'unique opens']],
  columns: [
    { to: 'campaign', aliases: ['campaign name'] },
    { to: 'subject', aliases: ['subject'] },
    { to: 'audience', aliases: ['list', 'lists', 'audience'] },
    { to: ['date', 'send_time'], aliases: ['send time', 'send date'] },
    { to: 'campaign_id', aliases: ['campaign id'] },
    { to: 'variant', aliases: ['variant'] },
    { to: 'sends', aliases: ['total recipients', 'recipients'] },
    { to: 'deliveries', aliases: ['successful deliveries', 'delivered'] },
    { to: 'bounces', aliases: ['bounces'] },
    { to: 'opens', aliases: ['unique opens'] },
    { to: 'total_opens', aliases: ['total opens'] },
    { to: 'clicks', aliases: ['unique clicks'] },
    { to: 'total_clicks', aliases: ['total clicks'] },
    { to: 'unsubscribes', aliases: ['unsubscribes', 'unsubscribed'] },
    { to: 'complaints', aliases: ['spam complaints', 'marked as spam'] },
    { to: 'conversions', aliases: ['unique placed order', 'placed order', 'conversions'] },
    { to: 'revenue', aliases: ['revenue', 'placed order value'] },
  ],
  constants: { platform: 'klaviyo' },
  dateOrder: 'mdy',
};

import type { Layout } from '../layout.ts';

/** Google Analytics 4 report download (the `#` preamble, one dimension column, metrics). */
export const ga4Report: Layout = {
  platform: 'ga4',
  id: 'ga4_report',
  table: 'web_daily',
  signature: [['sessions', 'active users', 'total users', 'event count', 'engaged sessions', 'views']],
  columns: [
    { to: 'users', aliases: ['active users', 'total users', 'users'] },
    { to: 'new_users', aliases: ['new users'] },
    { to: 'sessions', aliases: ['sessions'] },
    { to: 'engaged_sessions', aliases: ['engaged sessions'] },
    { to: 'engagement_rate', aliases: ['engagement rate'] },
    { to: 'avg_engagement_seconds', aliases: ['average engagement time per session', 'average engagement time', 'average session duration'] },
    { to: 'event_count', aliases: ['event count'] },
    { to: 'conversions', aliases: ['key events', 'conversions'] },
    { to: 'revenue', aliases: ['total revenue', 'revenue', 'purchase revenue'] },
  ],
  constants: { platform: 'ga4' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // The first column is the report's dimension: a date (YYYYMMDD) or a value such as a channel.
    const first = ctx.raw(ctx.firstHeader) ?? null;
    row.dimension = ctx.firstHeader;
    row.dimension_value = first;
    if (/^(date|day)$/i.test(ctx.firstHeader) && first && /^\d{8}$/.test(first)) {
      row.date = `${first.slice(0, 4)}-${first.slice(4, 6)}-${first.slice(6, 8)}`;
      row.date_end = row.date;
    } else {
      row.date = ctx.preamble.start ?? null;
      row.date_end = ctx.preamble.end ?? row.date;
    }
  },
};

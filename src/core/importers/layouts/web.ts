import type { CanonicalRow, Layout, RowContext } from '../layout.ts';
import { gaPeriod, type Period } from '../periods.ts';

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Period dimensions GA4 writes instead of a date: helper target → what the number counts. */
const PERIOD_COLUMNS = ['period_week', 'period_month', 'period_year_month', 'period_year_week', 'period_nth_day', 'period_nth_week', 'period_nth_month'] as const;

/** Date, date_end and grain of a GA4 row, from its date or period column or the report range. */
function datePeriod(row: CanonicalRow, ctx: RowContext): void {
  const { start, end } = ctx.preamble;
  if (row.date !== null) {
    row.date_end = row.date;
    row.grain = 'day';
    return;
  }
  if (ctx.mapped.has('date')) {
    // The column exists but this row's cell is empty (a bad cell is counted and reported per column).
    ctx.note('some rows have no date in the date column: their date is null; check the export');
    row.grain = 'day';
    return;
  }
  for (const key of PERIOD_COLUMNS) {
    if (!ctx.mapped.has(key)) continue;
    const value = num(row[key]);
    const p: Period | { error: string } | null = value === null ? null : gaPeriod(key, value, start, end);
    if (p && 'error' in p) ctx.note(p.error);
    else if (p) {
      row.date = p.start;
      row.date_end = p.end;
      row.grain = p.grain;
      ctx.note(p.explain);
    } else ctx.note('some rows have no period value: their date is null');
    if (row.grain === null) row.grain = key.includes('month') ? 'month' : key.includes('day') ? 'day' : 'week';
    return;
  }
  if (start) {
    row.date = start;
    row.date_end = end ?? start;
    row.grain = 'report';
    ctx.note(`no date dimension: each row covers the whole report period, ${start} to ${end ?? start}${ctx.preamble.fromFileName ? ' (the range in the file name)' : ''}; date is its first day and grain is "report"`);
  } else {
    row.grain = 'report';
    ctx.note('no date column and no report range (no "# Start date" line): date is null; download the report with a Date dimension, or keep its # header lines');
  }
}

/** GA4 metric names in the interface languages its downloads follow (de, fr, es, pt-BR, it, nl). */
const GA4 = {
  sessions: ['sitzungen', 'sesiones', 'sessões', 'sessioni', 'sessies'],
  // Only GA4's own names tell the layout; bare "Nutzer" / "Usuarios" could head any table.
  users: ['aktive nutzer', 'nutzer insgesamt', 'utilisateurs actifs', 'usuarios activos', 'usuários ativos', 'utenti attivi', 'actieve gebruikers'],
  plainUsers: ['nutzer', 'utilisateurs', 'usuarios', 'usuários', 'utenti', 'gebruikers'],
  newUsers: ['neue nutzer', 'nouveaux utilisateurs', 'usuarios nuevos', 'novos usuários', 'nuovi utenti', 'nieuwe gebruikers'],
  engagedSessions: ['sitzungen mit interaktion', 'sessions avec engagement', 'sesiones con interacción', 'sessões engajadas', 'sessioni con engagement', 'sessies met betrokkenheid'],
  eventCount: ['ereignisanzahl', "nombre d'événements", 'número de eventos', 'recuento de eventos', 'contagem de eventos', 'conteggio eventi', 'aantal gebeurtenissen'],
  keyEvents: ['schlüsselereignisse', 'événements clés', 'eventos clave', 'eventos principais', 'eventi chiave', 'belangrijke gebeurtenissen'],
};

/** Google Analytics 4 report downloads (UI with its `#` blocks, Data API files without) → web_daily. */
export const ga4Report: Layout = {
  platform: 'ga4',
  id: 'ga4_report',
  table: 'web_daily',
  commentBlocks: true,
  // YouTube Studio's "Chart data.csv" (Date, Content, Video title, Views) is not a GA4 report.
  notWith: ['content'],
  signature: [['sessions', 'active users', 'total users', 'event count', 'engaged sessions', 'views', 'new users', 'key events', 'ecommerce purchases', ...GA4.sessions, ...GA4.users, ...GA4.newUsers, ...GA4.engagedSessions, ...GA4.eventCount, ...GA4.keyEvents]],
  columns: [
    { to: 'date', aliases: ['date', 'day', 'datum', 'fecha', 'data'] },
    { to: 'period_year_month', aliases: ['year month', 'month of year'] },
    { to: 'period_year_week', aliases: ['year week', 'iso year iso week'] },
    { to: 'period_week', aliases: ['week'] },
    { to: 'period_month', aliases: ['month'] },
    { to: 'period_nth_day', aliases: ['nth day'] },
    { to: 'period_nth_week', aliases: ['nth week'] },
    { to: 'period_nth_month', aliases: ['nth month'] },
    { to: 'users', aliases: ['active users', 'total users', 'users', ...GA4.users, ...GA4.plainUsers] },
    { to: 'new_users', aliases: ['new users', ...GA4.newUsers] },
    { to: 'sessions', aliases: ['sessions', ...GA4.sessions] },
    { to: 'engaged_sessions', aliases: ['engaged sessions', ...GA4.engagedSessions] },
    { to: 'engagement_rate', aliases: ['engagement rate', 'interaktionsrate', "taux d'engagement", 'porcentaje de interacciones', 'tasa de interacción', 'taxa de engajamento', 'tasso di coinvolgimento', 'betrokkenheidspercentage'] },
    { to: 'avg_engagement_seconds', aliases: ['average engagement time per session', 'average engagement time', 'average session duration'] },
    { to: 'event_count', aliases: ['event count', ...GA4.eventCount] },
    // Key events (2024+, formerly Conversions) first; a shop's purchases when it is all there is.
    { to: 'conversions', aliases: ['key events', ...GA4.keyEvents, 'conversions', 'conversiones', 'conversões', 'conversioni', 'conversies', 'ecommerce purchases'] },
    { to: 'revenue', aliases: ['total revenue', 'revenue', 'purchase revenue', 'gesamtumsatz', 'revenu total', 'ingresos totales', 'receita total', 'entrate totali', 'totale opbrengst'] },
  ],
  extraColumns: [{ name: 'grain', type: 'VARCHAR', description: "What one row covers: 'day', 'week', 'month', or 'report' (the whole report range)." }],
  constants: { platform: 'ga4' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    const dims = ctx.dimensions();
    if (dims.length) {
      row.dimension = dims.map(([h]) => h).join(' / ');
      row.dimension_value = dims.map(([, v]) => v).join(' / ');
    } else {
      // A date-only report: the date (or period) column is the dimension.
      row.dimension = ctx.firstHeader;
      row.dimension_value = ctx.raw(ctx.firstHeader) ?? null;
    }
    datePeriod(row, ctx);
    for (const key of PERIOD_COLUMNS) delete row[key];
  },
};

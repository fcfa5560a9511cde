import type { Layout } from '../layout.ts';

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/**
 * Mailchimp's campaign report headers in de, fr, es, pt-BR, it (the languages Mailchimp's interface
 * offers besides English), written from Mailchimp's interface terms; no localized export was available to
 * check them against.
 */
const MAILCHIMP = {
  title: ['titel', 'titre', 'título', 'titolo'],
  subject: ['betreff', 'betreffzeile', 'objet', "ligne d'objet", 'asunto', 'línea de asunto', 'assunto', 'linha de assunto', 'oggetto'],
  audience: ['zielgruppe', 'public', 'audience', 'público', 'pubblico'],
  sendDate: ['sendedatum', 'versanddatum', "date d'envoi", 'fecha de envío', 'data de envio', 'data di invio'],
  weekday: ['wochentag des versands', 'versandwochentag', 'sendewochentag', "jour d'envoi", "jour de la semaine d'envoi", 'día de envío', 'día de la semana de envío', 'dia da semana de envio', 'dia de envio', 'giorno di invio', 'giorno della settimana di invio'],
  uniqueId: ['eindeutige id', 'id unique', 'id única', 'id. única', 'id único', 'id exclusivo', 'id univoco', 'id unico'],
  recipients: ['empfänger insgesamt', 'gesamtzahl der empfänger', 'total des destinataires', 'nombre total de destinataires', 'destinataires totaux', 'total de destinatarios', 'destinatarios totales', 'total de destinatários', 'destinatari totali', 'totale destinatari'],
  deliveries: ['erfolgreiche zustellungen', 'livraisons réussies', 'distributions réussies', 'entregas exitosas', 'entregas correctas', 'entregas bem-sucedidas', 'consegne riuscite', 'consegne andate a buon fine'],
  soft: ['soft bounces', 'weiche bounces', 'rebonds temporaires', 'rebonds légers', 'rebotes suaves', 'rebotes temporales', 'rejeições leves', 'rejeições temporárias', 'mancati recapiti temporanei', 'soft bounce'],
  hard: ['hard bounces', 'harte bounces', 'rebonds permanents', 'rebonds durs', 'rebotes duros', 'rebotes permanentes', 'rejeições permanentes', 'mancati recapiti permanenti', 'hard bounce'],
  opens: ['eindeutige öffnungen', 'ouvertures uniques', 'aperturas únicas', 'aberturas únicas', 'aperture uniche'],
  totalOpens: ['öffnungen insgesamt', 'gesamtöffnungen', 'total des ouvertures', 'ouvertures totales', 'total de aperturas', 'aperturas totales', 'total de aberturas', 'aperture totali'],
  clicks: ['eindeutige klicks', 'clics uniques', 'clics únicos', 'cliques únicos', 'clic unici'],
  totalClicks: ['klicks insgesamt', 'gesamtklicks', 'total des clics', 'clics totaux', 'total de clics', 'clics totales', 'total de cliques', 'clic totali'],
  unsubscribes: ['abmeldungen', 'désabonnements', 'désinscriptions', 'bajas', 'cancelaciones de suscripción', 'cancelamentos de inscrição', 'descadastramentos', 'cancelamentos de assinatura', 'annullamenti iscrizione', "annullamenti dell'iscrizione", 'disiscrizioni'],
  complaints: ['missbrauchsbeschwerden', 'beschwerden wegen missbrauchs', 'plaintes pour abus', 'signalements d’abus', "signalements d'abus", 'denuncias por abuso', 'quejas por abuso', 'denúncias de abuso', 'reclamações de abuso', 'segnalazioni di abuso', 'reclami per abuso'],
  revenue: ['umsatz', 'gesamtumsatz der bestellungen', 'chiffre d’affaires', "chiffre d'affaires", 'revenus', 'ingresos', 'receita', 'entrate', 'ricavi'],
};

/** Mailchimp campaign list with statistics (English and localized header sets). */
export const mailchimpCampaigns: Layout = {
  platform: 'mailchimp',
  id: 'mailchimp_campaigns',
  table: 'email',
  signature: [['title', 'campaign title', ...MAILCHIMP.title], ['send date', 'send weekday', 'unique id', ...MAILCHIMP.sendDate, ...MAILCHIMP.weekday, ...MAILCHIMP.uniqueId], ['total recipients', 'emails sent', ...MAILCHIMP.recipients]],
  columns: [
    { to: 'campaign', aliases: ['title', 'campaign title', ...MAILCHIMP.title] },
    { to: 'subject', aliases: ['subject', 'subject line', ...MAILCHIMP.subject] },
    { to: 'audience', aliases: ['audience', 'list', 'list name', ...MAILCHIMP.audience] },
    { to: ['date', 'send_time'], aliases: ['send date', 'send time', ...MAILCHIMP.sendDate] },
    { to: 'campaign_id', aliases: ['unique id', 'campaign id', ...MAILCHIMP.uniqueId] },
    { to: 'sends', aliases: ['total recipients', 'emails sent', ...MAILCHIMP.recipients] },
    { to: 'deliveries', aliases: ['successful deliveries', ...MAILCHIMP.deliveries] },
    { to: 'soft_bounces', aliases: ['soft bounces', ...MAILCHIMP.soft] },
    { to: 'hard_bounces', aliases: ['hard bounces', ...MAILCHIMP.hard] },
    { to: 'opens', aliases: ['unique opens', ...MAILCHIMP.opens] },
    { to: 'total_opens', aliases: ['total opens', ...MAILCHIMP.totalOpens] },
    { to: 'clicks', aliases: ['unique clicks', 'unique subscriber clicks', ...MAILCHIMP.clicks] },
    { to: 'total_clicks', aliases: ['total clicks', ...MAILCHIMP.totalClicks] },
    { to: 'unsubscribes', aliases: ['unsubscribes', ...MAILCHIMP.unsubscribes] },
    { to: 'complaints', aliases: ['abuse complaints', ...MAILCHIMP.complaints] },
    { to: 'revenue', aliases: ['total orders revenue', 'revenue', ...MAILCHIMP.revenue] },
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

/**
 * Klaviyo campaign export headers in de, fr, es, written from Klaviyo's interface terms; no localized
 * export was available to check them against.
 */
const KLAVIYO = {
  campaign: ['kampagnenname', 'name der kampagne', 'nom de la campagne', 'nombre de la campaña'],
  sendTime: ['sendezeit', 'versandzeit', 'versandzeitpunkt', "heure d'envoi", "date d'envoi", 'hora de envío', 'fecha de envío'],
  recipients: ['empfänger insgesamt', 'empfänger', 'total des destinataires', 'nombre total de destinataires', 'destinataires', 'total de destinatarios', 'destinatarios'],
  distinctive: ['eindeutige aufgegebene bestellungen', 'eindeutige bestellungen', 'spam-beschwerden', 'kampagnenkanal', 'bounce-rate', 'commandes passées uniques', 'plaintes pour spam', 'canal de la campagne', 'taux de rebond', 'pedidos realizados únicos', 'quejas de spam', 'denuncias de spam', 'canal de la campaña', 'tasa de rebote'],
  subject: ['betreff', 'objet', 'asunto'],
  list: ['liste', 'listen', 'listes', 'lista', 'listas'],
  campaignId: ['kampagnen-id', 'id de la campagne', 'id de la campaña'],
  deliveries: ['erfolgreiche zustellungen', 'zugestellt', 'livraisons réussies', 'distribués', 'entregas exitosas', 'entregados'],
  bounces: ['bounces', 'rebonds', 'rebotes'],
  opens: ['eindeutige öffnungen', 'ouvertures uniques', 'aperturas únicas'],
  totalOpens: ['öffnungen insgesamt', 'total des ouvertures', 'total de aperturas'],
  clicks: ['eindeutige klicks', 'clics uniques', 'clics únicos'],
  totalClicks: ['klicks insgesamt', 'total des clics', 'total de clics'],
  unsubscribes: ['abmeldungen', 'désabonnements', 'désinscriptions', 'bajas', 'cancelaciones de suscripción'],
  complaints: ['spam-beschwerden', 'plaintes pour spam', 'quejas de spam', 'denuncias de spam'],
  conversions: ['eindeutige aufgegebene bestellungen', 'eindeutige bestellungen', 'commandes passées uniques', 'pedidos realizados únicos'],
  revenue: ['umsatz', 'revenus', "chiffre d'affaires", 'chiffre d’affaires', 'ingresos'],
};

/** Klaviyo campaign export (old title-case and new lower-case labels, and localized header sets). */
export const klaviyoCampaigns: Layout = {
  platform: 'klaviyo',
  id: 'klaviyo_campaigns',
  table: 'email',
  signature: [['campaign name', ...KLAVIYO.campaign], ['send time', 'send date', ...KLAVIYO.sendTime], ['total recipients', 'recipients', ...KLAVIYO.recipients], ['unique placed order', 'campaign channel', 'spam complaints', 'placed order rate', 'bounce rate', 'unique opens', ...KLAVIYO.distinctive]],
  columns: [
    { to: 'campaign', aliases: ['campaign name', ...KLAVIYO.campaign] },
    { to: 'subject', aliases: ['subject', ...KLAVIYO.subject] },
    { to: 'audience', aliases: ['list', 'lists', 'audience', ...KLAVIYO.list] },
    { to: ['date', 'send_time'], aliases: ['send time', 'send date', ...KLAVIYO.sendTime] },
    { to: 'campaign_id', aliases: ['campaign id', ...KLAVIYO.campaignId] },
    { to: 'variant', aliases: ['variant', 'variante'] },
    { to: 'sends', aliases: ['total recipients', 'recipients', ...KLAVIYO.recipients] },
    { to: 'deliveries', aliases: ['successful deliveries', 'delivered', ...KLAVIYO.deliveries] },
    { to: 'bounces', aliases: ['bounces', ...KLAVIYO.bounces] },
    { to: 'opens', aliases: ['unique opens', ...KLAVIYO.opens] },
    { to: 'total_opens', aliases: ['total opens', ...KLAVIYO.totalOpens] },
    { to: 'clicks', aliases: ['unique clicks', ...KLAVIYO.clicks] },
    { to: 'total_clicks', aliases: ['total clicks', ...KLAVIYO.totalClicks] },
    { to: 'unsubscribes', aliases: ['unsubscribes', 'unsubscribed', ...KLAVIYO.unsubscribes] },
    { to: 'complaints', aliases: ['spam complaints', 'marked as spam', ...KLAVIYO.complaints] },
    { to: 'conversions', aliases: ['unique placed order', 'placed order', 'conversions', ...KLAVIYO.conversions] },
    { to: 'revenue', aliases: ['revenue', 'placed order value', ...KLAVIYO.revenue] },
  ],
  constants: { platform: 'klaviyo' },
  dateOrder: 'mdy',
};

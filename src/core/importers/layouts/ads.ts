import type { CanonicalRow, Layout, RowContext, RowsContext } from '../layout.ts';
import { variantFromName } from '../layout.ts';

/** Shared clean-up for ad_daily rows: date_end, currency, click definition, variant from the ad name. */
function finishAdRow(row: CanonicalRow, ctx: RowContext, linkClickDefinition: string, fallbackDefinition: string): void {
  if (row.date === null && ctx.preamble.start && !ctx.mapped.has('date')) {
    row.date = ctx.preamble.start;
    ctx.note(`no date column: each row covers the report period ${ctx.preamble.start} to ${ctx.preamble.end ?? ctx.preamble.start}${ctx.preamble.fromFileName ? ' (the range in the file name)' : ''}; date is its first day, date_end its last`);
  }
  if (row.date === null) {
    ctx.note(ctx.mapped.has('date') ? 'some rows have an empty date: their date is null' : 'no date column and no report range (in a preamble or the file name): date is null; export the report with a Day / Date breakdown');
  }
  if (row.date_end === null) row.date_end = ctx.mapped.has('date') ? row.date : (ctx.preamble.end ?? row.date);
  if (row.currency === null && ctx.headerCurrency) row.currency = ctx.headerCurrency.toUpperCase();
  if (ctx.mapped.has('clicks')) row.click_definition = linkClickDefinition;
  else if (ctx.mapped.has('all_clicks')) {
    row.clicks = row.all_clicks;
    row.click_definition = fallbackDefinition;
    ctx.note(`no link-click column: clicks are the file's all-clicks column (click_definition "${fallbackDefinition}"), which counts more than link clicks`);
  } else ctx.note('no click column: clicks are null');
  if (!ctx.mapped.has('spend')) ctx.note('no spend column (an export without the amount spent): spend is null');
  row.variant ??= variantFromName(row.ad) ?? variantFromName(row.ad_group) ?? variantFromName(row.campaign);
}

/**
 * Meta Ads Manager headers in the languages Ads Manager exports in (en, fr, es, de, pt-BR, it, nl):
 * the export follows the user's interface language. Matched case-insensitively.
 */
const META = {
  day: ['day', 'jour', 'día', 'tag', 'dia', 'data', 'giorno', 'dag'],
  starts: ['reporting starts', 'début des rapports', 'inicio del informe', 'berichtsbeginn', 'berichtszeitraum beginn', 'início dos relatórios', 'inicio dos relatórios', 'inizio report', 'inizio dei report', 'begin rapportage', 'rapportage begint'],
  ends: ['reporting ends', 'fin des rapports', 'fin del informe', 'berichtsende', 'berichtszeitraum ende', 'término dos relatórios', 'termino dos relatórios', 'fim dos relatórios', 'fine report', 'fine dei report', 'einde rapportage', 'rapportage eindigt'],
  campaign: ['campaign name', 'nom de la campagne', 'nombre de la campaña', 'name der kampagne', 'kampagnenname', 'nome da campanha', 'nome della campagna', 'campagnenaam', 'naam campagne'],
  adSet: ['ad set name', "nom de l'ensemble de publicités", 'nombre del conjunto de anuncios', 'anzeigengruppenname', 'name der anzeigengruppe', 'nome do conjunto de anúncios', 'nome del gruppo di inserzioni', 'naam advertentieset', 'advertentiesetnaam'],
  spend: ['amount spent (*)', 'amount spent', 'montant dépensé (*)', 'importe gastado (*)', 'betrag ausgegeben (*)', 'ausgegebener betrag (*)', 'valor usado (*)', 'valor gasto (*)', 'valor usado', 'valor gasto', 'importe gastado', 'montant dépensé', 'ausgegebener betrag', 'importo speso', 'besteed bedrag', 'importo speso (*)', 'besteed bedrag (*)', 'uitgegeven bedrag (*)'],
  impressions: ['impressions', 'impresiones', 'impressionen', 'impressões', 'impression', 'impressioni', 'weergaven', 'vertoningen'],
  reach: ['reach', 'couverture', 'alcance', 'reichweite', 'copertura', 'bereik'],
};

/** Meta Ads Manager CSV (English and localised header sets). */
export const metaAds: Layout = {
  platform: 'meta',
  id: 'meta_ads_manager',
  table: 'ad_daily',
  // Ad-set reports may omit spend: any of Meta's own columns tells the layout.
  signature: [
    [...META.spend, ...META.starts, ...META.ends, 'result indicator', 'result type', 'cost per result', 'cost per results', 'ad set name', ...META.adSet],
    [...META.impressions, ...META.reach],
  ],
  columns: [
    { to: 'date', aliases: META.day },
    { to: 'date_start_fallback', aliases: META.starts },
    { to: 'date_end', aliases: META.ends },
    { to: 'account', aliases: ['account name', 'nom du compte', 'kontoname', 'nombre de la cuenta', 'nome da conta', "nome dell'account", 'accountnaam'] },
    { to: 'campaign', aliases: META.campaign },
    { to: 'campaign_id', aliases: ['campaign id', 'kampagnen-id', 'id de la campagne', 'identificador de la campaña', 'id de la campaña', 'id da campanha', 'id campagna', 'campagne-id'] },
    { to: 'ad_group', aliases: META.adSet },
    { to: 'ad', aliases: ['ad name', 'nom de la publicité', 'nombre del anuncio', 'anzeigenname', 'name der anzeige', 'nome do anúncio', "nome dell'inserzione", 'advertentienaam', 'naam advertentie'] },
    // Placement first: with both breakdowns, "Platform" (facebook, instagram) is kept as an extra column.
    { to: 'placement', aliases: ['placement', 'emplacement', 'ubicación', 'platzierung', 'posicionamento', 'posizionamento', 'plaatsing', 'platform', 'plateforme', 'plataforma', 'plattform', 'piattaforma'] },
    { to: 'age', aliases: ['age', 'âge', 'edad', 'alter', 'idade', 'età', 'leeftijd'] },
    { to: 'gender', aliases: ['gender', 'sexe', 'sexo', 'geschlecht', 'gênero', 'genero', 'sesso', 'geslacht'] },
    { to: 'impressions', aliases: META.impressions },
    { to: 'reach', aliases: META.reach },
    { to: 'clicks', aliases: ['link clicks', 'clics sur un lien', 'clics en el enlace', 'link-klicks', 'linkklicks', 'cliques no link', 'clic sul link', 'linkklikken', 'klikken op link'] },
    { to: 'all_clicks', aliases: ['clicks (all)', 'clics (tous)', 'clics (todos)', 'klicks (alle)', 'cliques (todos)', 'clic (tutti)', 'klikken (alle)'] },
    { to: 'engagements', aliases: ['post engagements', 'post engagement'] },
    { to: 'spend', aliases: META.spend },
    // Conversions are purchases or leads; "Results" counts whatever each row's result type is.
    { to: 'conversions', aliases: ['purchases', 'website purchases', 'meta purchases', 'leads', 'meta leads', 'website leads', 'on-facebook leads', 'achats', 'compras', 'käufe', 'acquisti', 'aankopen'] },
    { to: 'conversion_value', aliases: ['purchases conversion value', 'website purchases conversion value', 'meta purchase conversion value', 'leads conversion value', 'meta leads conversion value'] },
    { to: 'results', aliases: ['results', 'résultats', 'resultados', 'ergebnisse', 'risultati', 'resultaten'] },
    { to: 'result_indicator', aliases: ['result indicator', 'result type', 'indicateur de résultats', 'type de résultat', 'indicador de resultado', 'indicador de resultados', 'tipo de resultado', 'ergebnisindikator', 'ergebnistyp', 'indicatore dei risultati', 'indicatore di risultato', 'resultaatindicator', 'type resultaat'] },
    { to: 'video_views', aliases: ['3-second video plays', 'video plays', 'thruplays'] },
  ],
  extraColumns: [
    { name: 'results', type: 'DOUBLE', unit: 'count', description: "Meta's \"Results\": the count of each row's own result type (see result_indicator); not additive across types." },
    { name: 'result_indicator', type: 'VARCHAR', description: 'What results counts on this row (e.g. actions:offsite_conversion.fb_pixel_purchase, reach).' },
  ],
  constants: { platform: 'meta', paid_organic: 'paid' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // Without a Day breakdown each row is a period total from Reporting starts to Reporting ends.
    if (row.date === null) row.date = row.date_start_fallback ?? null;
    delete row.date_start_fallback;
    finishAdRow(row, ctx, 'link_click', 'all_clicks');
  },
  afterRows: metaConversions,
};

/** Result indicators that are conversions: purchases and leads, on or off Meta. */
const CONVERSION_INDICATOR = /purchase|lead|complete_registration|onsite_conversion\.(purchase|lead)/i;

/**
 * Meta's "Results" counts each row's own result type (reach, post engagements, landing-page views,
 * purchases…): summing it as conversions adds unlike things. With no purchase or lead column,
 * conversions come from Results only when every row's indicator is one and the same conversion type.
 */
function metaConversions(rows: CanonicalRow[], ctx: RowsContext): void {
  if (ctx.mapped.has('conversions') || !ctx.mapped.has('results')) {
    if (!ctx.mapped.has('conversions')) ctx.note('no purchase or lead column (Purchases, Leads, …): conversions are null; add one to the export to count conversions');
    return;
  }
  const withResults = rows.filter((r) => typeof r.results === 'number' && r.results !== 0);
  const kinds = [...new Set(withResults.map((r) => (typeof r.result_indicator === 'string' ? r.result_indicator : '(no indicator)')))];
  if (kinds.length === 1 && CONVERSION_INDICATOR.test(kinds[0]!)) {
    for (const r of rows) if (r.result_indicator === kinds[0] || r.results === 0) r.conversions = r.results;
    ctx.note(`no purchase or lead column: conversions are the "Results" column, whose every row counts ${kinds[0]}`);
    return;
  }
  const shown = kinds.length > 4 ? `${kinds.slice(0, 4).join(', ')}, …` : kinds.join(', ');
  const why = ctx.mapped.has('result_indicator') ? `counts a different thing per row (${shown})` : 'comes without its "Result indicator" column, so what it counts is unknown';
  ctx.note(`no purchase or lead column (Purchases, Leads, …): conversions are null. "Results" ${why}; it is kept as results / result_indicator and not summed as conversions`);
}

/**
 * LinkedIn Campaign Manager report headers in de, fr, es, pt-BR, it, nl (the download follows the
 * interface language). Written from LinkedIn's interface terms in each language; no localized
 * export was available to check them against (the English layout itself is unverified, exports.md).
 */
const LINKEDIN = {
  date: ['startdatum (in utc)', 'startdatum (utc)', 'date de début (en utc)', 'date de début (utc)', 'fecha de inicio (en utc)', 'fecha de inicio (utc)', 'data de início (em utc)', 'data de início (utc)', 'data di inizio (in utc)', 'data di inizio (utc)', 'begindatum (in utc)', 'begindatum (utc)'],
  account: ['kontoname', 'name des kontos', 'nom du compte', 'nombre de la cuenta', 'nome da conta', "nome dell'account", 'nome account', 'accountnaam', 'naam account'],
  currency: ['währung', 'devise', 'moneda', 'divisa', 'moeda', 'valuta'],
  group: ['name der kampagnengruppe', 'kampagnengruppenname', 'nom du groupe de campagnes', 'nombre del grupo de campañas', 'nome do grupo de campanhas', 'nome del gruppo di campagne', 'nome gruppo di campagne', 'naam campagnegroep', 'campagnegroepnaam'],
  campaignId: ['kampagnen-id', 'id der kampagne', 'id de la campagne', 'id de campagne', 'id de la campaña', 'id da campanha', 'id campagna', 'id della campagna', 'campagne-id'],
  campaign: ['kampagnenname', 'name der kampagne', 'nom de la campagne', 'nombre de la campaña', 'nome da campanha', 'nome della campagna', 'nome campagna', 'campagnenaam', 'naam campagne'],
  type: ['kampagnentyp', 'type de campagne', 'tipo de campaña', 'tipo de campanha', 'tipo di campagna', 'campagnetype'],
  ad: ['anzeigenname', "nom de l'annonce", 'nombre del anuncio', 'nome do anúncio', "nome dell'annuncio", 'advertentienaam'],
  spent: ['ausgaben gesamt', 'gesamtausgaben', 'ausgegebener gesamtbetrag', 'total dépensé', 'dépenses totales', 'montant total dépensé', 'total gastado', 'importe total gastado', 'gasto total', 'total gasto', 'valor total gasto', 'totale speso', 'spesa totale', 'importo totale speso', 'totaal besteed', 'totaal uitgegeven', 'totale uitgaven'],
  impressions: ['impressionen', 'impresiones', 'impressões', 'impressioni', 'vertoningen', 'weergaven'],
  clicks: ['klicks', 'clics', 'cliques', 'clic', 'klikken'],
  landingClicks: ['klicks auf landingpage', 'klicks auf die landingpage', 'klicks zur landingpage', 'clics vers la page de destination', 'clics sur la page de destination', 'clics en la página de destino', 'clics a la página de destino', 'cliques na página de destino', 'cliques para a página de destino', 'clic sulla pagina di destinazione', 'clic alla pagina di destinazione', 'klikken naar landingspagina', 'klikken op landingspagina'],
  engagements: ['interaktionen gesamt', 'gesamtinteraktionen', 'total des interactions', 'interactions totales', 'interacciones totales', 'total de interacciones', 'total de engajamentos', 'engajamentos totais', 'interazioni totali', 'totale interazioni', 'totaal aantal interacties', 'totale interacties', 'totaal aantal engagements'],
  conversions: ['konversionen', 'conversiones', 'conversões', 'conversioni', 'conversies'],
  leads: ['clientes potenciales'],
  videoViews: ['videoaufrufe', 'vues de vidéo', 'vues de la vidéo', 'reproducciones de vídeo', 'visualizações de vídeo', 'visualizzazioni video', 'videoweergaven'],
};

/** LinkedIn Campaign Manager campaign performance report (English and localized header sets). */
export const linkedinAds: Layout = {
  platform: 'linkedin',
  id: 'linkedin_campaign_manager',
  table: 'ad_daily',
  signature: [['total spent', ...LINKEDIN.spent], ['impressions', ...LINKEDIN.impressions], ['campaign name', 'campaign group name', 'start date (in utc)', 'campaign id', ...LINKEDIN.campaign, ...LINKEDIN.group, ...LINKEDIN.date, ...LINKEDIN.campaignId]],
  columns: [
    { to: 'date', aliases: ['start date (in utc)', 'start date', 'date', ...LINKEDIN.date] },
    { to: 'account', aliases: ['account name', ...LINKEDIN.account] },
    { to: 'currency', aliases: ['currency', ...LINKEDIN.currency] },
    { to: 'ad_group', aliases: ['campaign group name', ...LINKEDIN.group] },
    { to: 'campaign_id', aliases: ['campaign id', ...LINKEDIN.campaignId] },
    { to: 'campaign', aliases: ['campaign name', ...LINKEDIN.campaign] },
    { to: 'campaign_type', aliases: ['campaign type', ...LINKEDIN.type] },
    { to: 'ad', aliases: ['creative name', 'ad name', ...LINKEDIN.ad] },
    { to: 'spend', aliases: ['total spent', 'amount spent', ...LINKEDIN.spent] },
    { to: 'impressions', aliases: ['impressions', ...LINKEDIN.impressions] },
    { to: 'all_clicks', aliases: ['clicks', ...LINKEDIN.clicks] },
    { to: 'clicks', aliases: ['clicks to landing page', 'landing page clicks', ...LINKEDIN.landingClicks] },
    { to: 'engagements', aliases: ['total engagements', ...LINKEDIN.engagements] },
    { to: 'conversions', aliases: ['conversions', 'leads', ...LINKEDIN.conversions, ...LINKEDIN.leads] },
    { to: 'video_views', aliases: ['video views', 'views', ...LINKEDIN.videoViews] },
    { to: 'reach', aliases: ['reach', 'approximate member reach', 'reichweite', 'couverture', 'alcance', 'copertura', 'bereik'] },
  ],
  constants: { platform: 'linkedin', paid_organic: 'paid' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    // LinkedIn's "Clicks" counts every click on the ad; only "Clicks to Landing Page" is a link click.
    finishAdRow(row, ctx, 'link_click', 'all_clicks');
  },
};

/**
 * X Ads headers in de, fr, es, pt-BR, it, nl (the download follows the interface language), written
 * from X's interface terms in each language; no localized export was available to check them against.
 */
const X_ADS = {
  billed: ['abgerechnete interaktionen', 'engagements facturés', 'interactions facturées', 'interacciones facturadas', 'engajamentos cobrados', 'engajamentos faturados', 'interazioni fatturate', 'gefactureerde interacties', 'gefactureerde engagements'],
  campaignStart: ['startdatum der kampagne', 'kampagnenstartdatum', 'date de début de la campagne', 'fecha de inicio de la campaña', 'data de início da campanha', 'data di inizio della campagna', 'begindatum campagne', 'startdatum campagne'],
  spend: ['ausgaben', 'dépenses', 'gasto', 'gastos', 'spesa', 'uitgaven'],
  impressions: ['impressionen', 'impresiones', 'impressões', 'impressioni', 'weergaven', 'vertoningen'],
  campaign: ['kampagne', 'campagne', 'campaña', 'campanha', 'campagna'],
  time: ['zeit', 'datum', 'heure', 'date', 'hora', 'fecha', 'horário', 'data', 'ora', 'tijd'],
  currency: ['währung', 'devise', 'moneda', 'moeda', 'valuta'],
  engagements: ['interaktionen', 'engagements', 'interactions', 'interacciones', 'engajamentos', 'interazioni', 'interacties'],
  clicks: ['klicks', 'clics', 'cliques', 'clic', 'klikken'],
  linkClicks: ['link-klicks', 'linkklicks', 'klicks auf link', 'clics sur le lien', 'clics sur un lien', 'clics en el enlace', 'cliques no link', 'clic sul link', 'linkklikken', 'klikken op link'],
  videoStarts: ['videostarts', 'démarrages de vidéo', 'démarrages de la vidéo', 'reproducciones de video iniciadas', 'inicios de video', 'inícios de vídeo', 'avvii video', 'avvii del video'],
  conversions: ['konversionen', 'conversiones', 'conversões', 'conversioni', 'conversies'],
};

/** X (Twitter) Ads campaign export (English and localized header sets). */
export const xAds: Layout = {
  platform: 'x',
  id: 'x_ads',
  table: 'ad_daily',
  signature: [['billed engagements', 'campaign start date', 'billed charge', ...X_ADS.billed, ...X_ADS.campaignStart], ['impressions', ...X_ADS.impressions], ['spend', 'billed charge', ...X_ADS.spend]],
  columns: [
    { to: 'campaign_id', aliases: ['id', 'campaign id'] },
    { to: 'campaign', aliases: ['campaign', 'campaign name', ...X_ADS.campaign] },
    { to: 'date', aliases: ['time', 'date', 'day', ...X_ADS.time] },
    { to: 'ad_group', aliases: ['ad group', 'ad group name', 'line item'] },
    { to: 'ad', aliases: ['ad', 'ad name', 'tweet text', 'post text'] },
    { to: 'currency', aliases: ['currency', ...X_ADS.currency] },
    { to: 'spend', aliases: ['spend', 'billed charge', ...X_ADS.spend] },
    { to: 'impressions', aliases: ['impressions', ...X_ADS.impressions] },
    { to: 'engagements', aliases: ['engagements', ...X_ADS.engagements] },
    { to: 'all_clicks', aliases: ['clicks', ...X_ADS.clicks] },
    { to: 'clicks', aliases: ['link clicks', 'url clicks', ...X_ADS.linkClicks] },
    { to: 'video_views', aliases: ['video starts', 'video views', ...X_ADS.videoStarts] },
    { to: 'conversions', aliases: ['conversions', 'site visits', ...X_ADS.conversions] },
  ],
  constants: { platform: 'x', paid_organic: 'paid' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    finishAdRow(row, ctx, 'link_click', 'x_clicks');
  },
};

/** TikTok Ads Manager headers in de, fr, es, pt-BR, it, nl (the download follows the interface language). */
const TIKTOK = {
  cost: ['kosten', 'coût', 'costo', 'coste', 'custo', 'kosten (*)', 'coût (*)', 'costo (*)', 'custo (*)'],
  impressions: ['impressionen', 'impresiones', 'impressões', 'impressioni', 'vertoningen', 'weergaven'],
  clicks: ['klicks (ziel)', 'clics (destination)', 'clics (destino)', 'cliques (destino)', 'clic (destinazione)', 'klikken (bestemming)'],
  adGroup: ['anzeigengruppenname', "nom du groupe d'annonces", 'nombre del grupo de anuncios', 'nome do grupo de anúncios', 'nome del gruppo di annunci', 'naam advertentiegroep'],
};

/** TikTok Ads Manager custom report. */
export const tiktokAds: Layout = {
  platform: 'tiktok',
  id: 'tiktok_ads_manager',
  table: 'ad_daily',
  signature: [['cost', 'cost (*)', 'total cost', ...TIKTOK.cost], ['impressions', 'impression', ...TIKTOK.impressions], ['clicks (destination)', 'ctr (destination)', 'cpc (destination)', '2-second video views', 'ad group name', 'conversion rate (cvr)', ...TIKTOK.clicks, ...TIKTOK.adGroup]],
  columns: [
    { to: 'date', aliases: ['by day', 'date', 'day', 'stat time day', 'by week', 'week', 'by month', 'datum', 'fecha', 'data', 'dag'] },
    { to: 'campaign', aliases: ['campaign name', 'campaign', 'kampagnenname', 'nom de la campagne', 'nombre de la campaña', 'nome da campanha', 'nome della campagna', 'campagnenaam'] },
    { to: 'campaign_id', aliases: ['campaign id', 'kampagnen-id', 'id de la campagne', 'id de la campaña', 'id da campanha', 'id campagna', 'campagne-id'] },
    { to: 'ad_group', aliases: ['ad group name', 'ad group', ...TIKTOK.adGroup] },
    { to: 'ad', aliases: ['ad name', 'ad', 'anzeigenname', "nom de l'annonce", 'nombre del anuncio', 'nome do anúncio', "nome dell'annuncio", 'advertentienaam'] },
    { to: 'currency', aliases: ['currency', 'währung', 'devise', 'moneda', 'moeda', 'valuta'] },
    { to: 'spend', aliases: ['cost', 'cost (*)', 'total cost', ...TIKTOK.cost] },
    // The Ads Manager download says "Impression" (singular); the glossary and API say "Impressions".
    { to: 'impressions', aliases: ['impressions', 'impression', ...TIKTOK.impressions] },
    { to: 'reach', aliases: ['reach', 'reichweite', 'couverture', 'alcance', 'copertura', 'bereik'] },
    // Destination clicks are the link clicks (to the advertiser's page).
    { to: 'clicks', aliases: ['clicks (destination)', 'destination clicks', ...TIKTOK.clicks] },
    { to: 'all_clicks', aliases: ['clicks (all)', 'clicks', 'klicks (alle)', 'clics (tous)', 'clics (todos)', 'cliques (todos)', 'clic (tutti)', 'klikken (alle)'] },
    { to: 'conversions', aliases: ['conversions', 'results', 'konversionen', 'conversiones', 'conversões', 'conversioni', 'conversies'] },
    { to: 'video_views', aliases: ['2-second video views', 'video views'] },
    { to: 'video_autoplays', aliases: ['video views (autoplay)', 'autoplay video views'] },
  ],
  constants: { platform: 'tiktok', paid_organic: 'paid' },
  dateOrder: 'mdy',
  finish(row, ctx) {
    finishAdRow(row, ctx, 'link_click', 'all_clicks');
  },
};

/** Google Ads report headers in en, de, fr, es, pt-BR, it, nl (the download follows the interface language). */
const GADS = {
  impressions: ['impr.', 'impressions', 'impressionen', 'impresiones', 'impressões', 'impressioni', 'vertoningen'],
  // Manager accounts add "Cost (Converted currency)".
  cost: ['cost', 'kosten', 'coût', 'cout', 'coste', 'costo', 'custo', 'cost (*)'],
  // Columns only Google Ads writes, in each language: with impressions and cost they tell the layout.
  distinctive: ['durchschn. cpc', 'kampagnenstatus', 'währungscode', 'cpc moy.', 'état de la campagne', 'code de la devise', 'cpc medio', 'estado de la campaña', 'código de moneda', 'cpc méd.', 'status da campanha', 'código da moeda', 'cpc medio', 'stato campagna', 'codice valuta', 'gem. cpc', 'campagnestatus', 'valutacode', 'currency code',
    'interaktionen', 'interacciones', 'interações', 'interazioni', 'interacties', 'conv.-rate', 'taux de conv.', 'tasa de conv.', 'kampagnentyp', 'type de campagne', 'tipo de campaña'],
};

/** Google Ads "Campaign report" download (optionally with a Day segment). */
export const googleAds: Layout = {
  platform: 'google_ads',
  id: 'google_ads_campaign_report',
  table: 'ad_daily',
  signature: [GADS.impressions, GADS.cost, ['avg. cpc', 'interactions', 'cost / conv.', 'campaign status', 'conv. rate', 'search impr. share', ...GADS.distinctive]],
  columns: [
    { to: 'date', aliases: ['day', 'date', 'tag', 'jour', 'día', 'dia', 'giorno', 'dag'] },
    { to: 'account', aliases: ['account', 'account name', 'konto', 'compte', 'cuenta', 'conta'] },
    { to: 'campaign', aliases: ['campaign', 'kampagne', 'campagne', 'campaña', 'campanha', 'campagna'] },
    { to: 'campaign_id', aliases: ['campaign id', 'kampagnen-id', 'id de campagne', 'id de la campaña', 'id da campanha', 'id campagna', 'campagne-id'] },
    { to: 'campaign_type', aliases: ['campaign type', 'advertising channel', 'kampagnentyp', 'type de campagne', 'tipo de campaña', 'tipo de campanha', 'tipo di campagna', 'campagnetype'] },
    { to: 'ad_group', aliases: ['ad group', 'anzeigengruppe', "groupe d'annonces", 'grupo de anuncios', 'grupo de anúncios', 'gruppo di annunci', 'advertentiegroep'] },
    { to: 'currency', aliases: ['currency code', 'currency', 'währungscode', 'währung', 'code de la devise', 'code devise', 'devise', 'código de moneda', 'código da moeda', 'moeda', 'codice valuta', 'valuta', 'valutacode'] },
    { to: 'impressions', aliases: GADS.impressions },
    { to: 'engagements', aliases: ['interactions', 'interaktionen', 'interacciones', 'interações', 'interazioni', 'interacties'] },
    { to: 'clicks', aliases: ['clicks', 'klicks', 'clics', 'cliques', 'clic', 'klikken'] },
    { to: 'spend', aliases: GADS.cost },
    { to: 'conversions', aliases: ['conversions', 'conversiones', 'conversões', 'conversioni', 'conversies'] },
    { to: 'conversion_value', aliases: ['conv. value', 'conversion value', 'conv.-wert', 'conversion-wert', 'valeur de conv.', 'valor de conv.', 'valore conv.', 'conv.waarde', 'conversiewaarde'] },
    { to: 'video_views', aliases: ['views', 'video views', 'aufrufe', 'vues', 'visualizaciones', 'visualizações', 'visualizzazioni', 'weergaven'] },
  ],
  constants: { platform: 'google_ads', paid_organic: 'paid' },
  dateOrder: 'mdy',
  // Google models conversion totals, which differ slightly from the sum of rows (exports.md).
  totalsNotComparable: ['conversions', 'conversion_value'],
  finish(row, ctx) {
    finishAdRow(row, ctx, 'ad_click', 'ad_click');
  },
};

/**
 * Social posts and comments for the text modules: three languages, hashtags, mentions, emoji,
 * shortened and full URLs, reshares ("RT @user: …") and near-duplicate reposts (a copy with a small
 * edit), the brand "Bloom" beside the flower word "bloom", and a two-rater labelled sample whose
 * agreement table is fixed in plan.ts.
 */
import { csvLine, dayAt, timestampOf } from '../calendar.ts';
import { hexId, pick, type Rng } from '../random.ts';
import { AGREEMENT_TABLE, LANGUAGE_SHARE, SENTIMENT_LABELS, type RecsSize } from './plan.ts';

export const POSTS_HEADER = ['post_id', 'kind', 'parent_id', 'author', 'created_at', 'text', 'likes', 'shares'];
export const LABELS_HEADER = ['item_id', 'rater', 'label'];

export type Lang = 'en' | 'es' | 'de';
export type Sentiment = (typeof SENTIMENT_LABELS)[number];
export type Intent = 'endorsement' | 'complaint' | 'inquiry' | 'none';

export const PRODUCTS = ['trail running shoe', 'espresso grinder', 'camping stove', 'travel backpack', 'mechanical keyboard', 'rain jacket', 'yoga mat', 'film camera', 'cast iron pan', 'pair of wireless headphones', 'head torch', 'folding bike', 'air fryer', 'desk lamp', 'cabin suitcase', 'phone case'];
// Feminine nouns, so "la {p}" and "die {p}" read right.
export const PRODUCTS_ES = ['mochila de viaje', 'chaqueta impermeable', 'cafetera italiana', 'tienda de campaña', 'cámara de fotos', 'esterilla de yoga', 'sartén de hierro', 'linterna frontal', 'bicicleta plegable', 'batidora', 'freidora de aire', 'lámpara de escritorio', 'maleta de cabina', 'camiseta técnica', 'funda del móvil', 'silla de oficina'];
const PRODUCTS_DE = ['Kaffeemühle', 'Regenjacke', 'Yogamatte', 'Kamera', 'Pfanne', 'Stirnlampe', 'Thermoskanne', 'Sporttasche', 'Trinkflasche', 'Laufjacke', 'Espressomaschine', 'Powerbank', 'Schreibtischlampe', 'Luftmatratze', 'Handyhülle', 'Sonnenbrille'];

/** Sentences by language and sentiment; {p} is a product, {n} a number that keeps texts apart. */
export const SENTENCES: Record<Lang, Record<Sentiment, string[]>> = {
  en: {
    positive: ['I really love my new {p}, it has been great for {n} days now.', 'Honestly the best {p} I have bought in years, worth every penny.', 'The {p} arrived early and works perfectly, very happy with it.', 'Not bad at all, the {p} is better than I expected after {n} runs.'],
    neutral: ['Picked up the {p} yesterday, will see how it does over the next {n} days.', 'Comparing the {p} with two other options before the weekend.', 'The {p} comes in three colours and ships from the main warehouse.'],
    negative: ['The {p} broke after {n} days and nobody answers my emails.', 'Really disappointed with the {p}, the quality is terrible.', 'I wanted to like the {p} but it stopped working after a week.', 'The box looked nice, but the {p} itself is awful and overpriced.'],
  },
  es: {
    positive: ['Me encanta mi nueva {p}, funciona de maravilla desde hace {n} días.', 'La mejor compra del año, la {p} es fantástica y muy cómoda.', 'El pedido llegó rápido y la {p} es exactamente lo que quería.'],
    neutral: ['Ayer compré la {p} y la voy a probar durante los próximos {n} días.', 'Estoy comparando la {p} con otras dos opciones antes del fin de semana.'],
    negative: ['La {p} se rompió a los {n} días y nadie responde a mis correos.', 'Muy decepcionado con la {p}, la calidad es malísima y cara.', 'Quería que me gustara la {p}, pero dejó de funcionar en una semana.'],
  },
  de: {
    positive: ['Ich liebe meine neue {p}, sie funktioniert seit {n} Tagen einfach super.', 'Die beste Anschaffung des Jahres, die {p} ist wirklich großartig.', 'Die Lieferung kam schnell und die {p} ist genau das, was ich wollte.'],
    neutral: ['Gestern habe ich die {p} gekauft und teste sie in den nächsten {n} Tagen.', 'Ich vergleiche die {p} gerade mit zwei anderen Modellen vor dem Wochenende.'],
    negative: ['Die {p} ist nach {n} Tagen kaputt gegangen und niemand antwortet auf meine Mails.', 'Sehr enttäuscht von der {p}, die Qualität ist leider schlecht und viel zu teuer.', 'Ich wollte die {p} mögen, aber sie hat nach einer Woche aufgehört zu funktionieren.'],
  },
};
const QUESTIONS: Record<Lang, string[]> = {
  en: ['Does anyone know when the {p} will be back in stock?', 'How do I return the {p} if it does not fit?'],
  es: ['¿Alguien sabe cuándo vuelve a estar disponible la {p}?', '¿Cómo puedo devolver la {p} si no me queda bien?'],
  de: ['Weiß jemand, wann die {p} wieder lieferbar ist?', 'Wie kann ich die {p} zurückschicken, wenn sie nicht passt?'],
};
/** Sentences naming the brand Bloom (with brand context words) or the flower word bloom (English only). */
const BRAND_SENTENCES: Record<Lang, string[]> = {
  en: ['My Bloom serum order finally arrived and the skincare routine feels complete.', 'The new Bloom moisturizer with spf is on sale in the app this week.', 'Ordered the Bloom night cream, delivery took {n} days.'],
  es: ['Mi pedido de la crema Bloom llegó hoy, me encanta este serum.', 'La app de Bloom tiene descuentos en skincare esta semana.'],
  de: ['Meine Bestellung von Bloom ist da, die Hautpflege mit dem Serum ist toll.', 'Die Bloom Creme mit SPF gibt es diese Woche günstiger in der App.'],
};
const WORD_SENTENCES = ['The cherry trees in the garden are starting to bloom after {n} warm days.', 'Walked past the meadow where the tulips bloom every spring.', 'My roses finally bloom, the whole garden smells of flowers.'];

/** A closing sentence per post (opener × place), so independent posts rarely share a text. */
export const TAILS: Record<Lang, [string[], string[]]> = {
  en: [['Writing this from', 'Just got back to', 'Greetings from', 'Sitting in a cafe in', 'On the train to', 'Still thinking about it here in'], ['Leeds', 'Boston', 'Dublin', 'Austin', 'Glasgow', 'Denver', 'Bristol', 'Portland', 'Cardiff', 'Seattle', 'York', 'Phoenix']],
  es: [['Escribo esto desde', 'Acabo de volver a', 'Saludos desde', 'Sentada en un café de', 'En el tren hacia', 'Todavía lo pienso aquí en'], ['Sevilla', 'Valencia', 'Bilbao', 'Málaga', 'Zaragoza', 'Granada', 'Murcia', 'Córdoba', 'Vigo', 'Oviedo', 'Cádiz', 'Toledo']],
  de: [['Ich schreibe das aus', 'Gerade zurück in', 'Viele Grüße aus', 'Ich sitze in einem Café in', 'Im Zug nach', 'Ich denke immer noch daran, hier in'], ['Hamburg', 'Leipzig', 'Bremen', 'Dresden', 'Kassel', 'Münster', 'Freiburg', 'Rostock', 'Erfurt', 'Mainz', 'Kiel', 'Bonn']],
};

export const WHEN: Record<Lang, string[]> = {
  en: ['on a rainy Monday morning', 'late on a Tuesday night', 'over a slow Wednesday lunch', 'after work on Thursday', 'on a sunny Friday afternoon', 'early on Saturday', 'on a lazy Sunday evening'],
  es: ['un lunes lluvioso por la mañana', 'un martes muy tarde por la noche', 'durante una comida tranquila del miércoles', 'el jueves después del trabajo', 'un viernes soleado por la tarde', 'el sábado temprano', 'un domingo tranquilo por la noche'],
  de: ['an einem verregneten Montagmorgen', 'spät am Dienstagabend', 'in einer ruhigen Mittagspause am Mittwoch', 'am Donnerstag nach der Arbeit', 'an einem sonnigen Freitagnachmittag', 'früh am Samstag', 'an einem gemütlichen Sonntagabend'],
};

const HASHTAGS: Record<Lang, string[]> = { en: ['#review', '#gear', '#weekend', '#unboxing', '#outdoors', '#coffee'], es: ['#reseña', '#compras', '#findesemana', '#café'], de: ['#Test', '#Wochenende', '#Kaffee', '#draußen'] };
const EMOJI: Record<Sentiment, string[]> = { positive: ['😍', '🔥', '👍', '🙌', '✨'], neutral: ['🤔', '📦', '👀'], negative: ['😡', '👎', '😞', '💔'] };
const SHORTENERS = ['bit.ly', 't.co', 'buff.ly', 'ow.ly', 'tinyurl.com'];

export interface PostTruth {
  lang: Record<Lang, string[]>;
  brandIds: string[];
  wordIds: string[];
  shortUrlIds: string[];
  hashtagPosts: number;
  mentionPosts: number;
  emojiPosts: number;
  groups: { kept: string; reshares: string[]; reposts: string[] }[];
  sentiment: Record<Sentiment, string[]>;
  intent: Record<Intent, string[]>;
  labelled: string[];
}

export interface Post {
  id: string;
  kind: 'post' | 'comment' | 'reshare';
  parent: string;
  author: string;
  ms: number;
  text: string;
  lang: Lang;
  sentiment: Sentiment;
  likes: number;
  shares: number;
}

/** A body's key: its sentences in any order, numbers aside. */
const bodyKey = (parts: string[]) => parts.map((p) => p.replace(/\d+/g, '#')).sort().join(' ');

/** One or two distinct hashtags. */
function hashtags(rng: Rng, tags: string[]): string {
  const i = Math.floor(rng() * tags.length);
  return rng() < 0.4 ? `${tags[i]} ${tags[(i + 1 + Math.floor(rng() * (tags.length - 1))) % tags.length]}` : tags[i]!;
}

const langOf = (rng: Rng): Lang => {
  const x = rng();
  return x < LANGUAGE_SHARE.es ? 'es' : x < LANGUAGE_SHARE.es + LANGUAGE_SHARE.de ? 'de' : 'en';
};

/** All posts in time order (reshares and reposts after their source), with the truth recorded. */
export function generatePosts(rng: Rng, size: RecsSize, truth: PostTruth): Post[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const author = () => `u${String(1 + Math.floor(rng() * size.users)).padStart(5, '0')}`;
  const out: Post[] = [];
  let seq = 0;
  const used = new Set<string>();
  const nextId = () => `P${String(++seq).padStart(6, '0')}`;
  const fill = (s: string, lang: Lang) => s.replace('{p}', pick(rng, lang === 'en' ? PRODUCTS : lang === 'es' ? PRODUCTS_ES : PRODUCTS_DE)).replace('{n}', String(2 + Math.floor(rng() * 60)));
  const compose = (kind: 'post' | 'comment', parent: string, ms: number): Post => {
    const id = nextId();
    const lang = langOf(rng);
    const x = rng();
    const sentiment: Sentiment = x < 0.4 ? 'positive' : x < 0.7 ? 'neutral' : 'negative';
    const intent: Intent = rng() < 0.15 ? 'inquiry' : sentiment === 'positive' ? 'endorsement' : sentiment === 'negative' ? 'complaint' : 'none';
    const pool = SENTENCES[lang][sentiment];
    let parts: string[] = [];
    // Two sentences of that sentiment (the second another template, or a question). A body already
    // used (numbers aside) is redrawn, so independent posts differ in a template or a product and
    // only the planted copies are near-duplicates.
    for (let tries = 0; tries < 50; tries++) {
      const first = Math.floor(rng() * pool.length);
      parts = [fill(pool[first]!, lang)];
      if (intent === 'inquiry') parts.push(fill(pick(rng, QUESTIONS[lang]), lang));
      else parts.push(fill(pool[(first + 1 + Math.floor(rng() * (pool.length - 1))) % pool.length]!, lang));
      if (!used.has(bodyKey(parts))) break;
    }
    used.add(bodyKey(parts));
    const [openers, places] = TAILS[lang];
    parts.push(`${pick(rng, openers)} ${pick(rng, places)} ${pick(rng, WHEN[lang])}.`);
    const b = rng();
    if (b < 0.12) (parts.push(fill(pick(rng, BRAND_SENTENCES[lang]), lang)), truth.brandIds.push(id));
    else if (b < 0.18 && lang === 'en') (parts.push(fill(pick(rng, WORD_SENTENCES), lang)), truth.wordIds.push(id));
    let text = parts.join(' ');
    if (rng() < 0.35) (text = `@${author()} ${text}`), truth.mentionPosts++;
    if (rng() < 0.5) (text += ' ' + pick(rng, EMOJI[sentiment])), truth.emojiPosts++;
    if (kind === 'post' && rng() < 0.6) (text += ' ' + hashtags(rng, HASHTAGS[lang])), truth.hashtagPosts++;
    const u = rng();
    if (u < 0.25) (text += ` https://${pick(rng, SHORTENERS)}/${hexId(rng, 7)}`), truth.shortUrlIds.push(id);
    else if (u < 0.35) text += ` https://shop.example.com/p/${hexId(rng, 6)}?utm_source=social`;
    truth.lang[lang].push(id);
    truth.sentiment[sentiment].push(id);
    truth.intent[intent].push(id);
    return { id, kind, parent, author: author(), ms, text, lang, sentiment, likes: Math.floor(rng() * 40), shares: Math.floor(rng() * 8) };
  };
  const span = size.days * 86_400_000;
  const originals = Math.round(size.posts * 0.6);
  for (let i = 0; i < originals; i++) {
    const ms = start + Math.floor((i / originals) * span + rng() * 3_600_000);
    const p = compose('post', '', ms);
    out.push(p);
    if (rng() < 0.5) out.push(compose('comment', p.id, ms + Math.floor(rng() * 86_400_000)));
    // Reshares (verbatim with an RT prefix) and near-duplicate reposts (one small edit) of some posts.
    if (rng() < 0.08) {
      const group = { kept: p.id, reshares: [] as string[], reposts: [] as string[] };
      const copies = 1 + Math.floor(rng() * 3);
      for (let c = 0; c < copies; c++) {
        const ms2 = p.ms + (c + 1) * Math.floor(1_800_000 + rng() * 7_200_000);
        if (rng() < 0.5) {
          const id = nextId();
          out.push({ ...p, id, kind: 'reshare', parent: p.id, author: author(), ms: ms2, text: `RT @${p.author}: ${p.text}`, likes: Math.floor(rng() * 10), shares: 0 });
          group.reshares.push(id);
        } else {
          const id = nextId();
          const edit = pick(rng, [' 👍', ' (so true)', ' !!', ' +1']);
          out.push({ ...p, id, kind: 'post', parent: '', author: author(), ms: ms2, text: p.text + edit, likes: Math.floor(rng() * 10), shares: 0 });
          group.reposts.push(id);
        }
      }
      truth.groups.push(group);
    }
  }
  return out.sort((a, b) => a.ms - b.ms || a.id.localeCompare(b.id));
}

export function postLines(posts: Post[]): string[] {
  return posts.map((p) => csvLine([p.id, p.kind, p.parent, p.author, timestampOf(p.ms), p.text, p.likes, p.shares]));
}

/**
 * The labelled sample: 100 original posts, rater_a's label the post's planted sentiment, rater_b's
 * chosen so the (rater_a, rater_b) table is exactly AGREEMENT_TABLE. Posts are taken in id order.
 */
export function labelLines(posts: Post[], truth: PostTruth): string[] {
  const lines: string[] = [];
  const pool = posts.filter((p) => p.kind !== 'reshare' && !truth.groups.some((g) => g.reposts.includes(p.id))).sort((a, b) => a.id.localeCompare(b.id));
  SENTIMENT_LABELS.forEach((a, i) => {
    const need = AGREEMENT_TABLE[i]!.reduce((s, n) => s + n, 0);
    const chosen = pool.filter((p) => p.sentiment === a).slice(0, need);
    if (chosen.length < need) throw new Error(`recs sample: only ${chosen.length} ${a} posts for the labelled sample, ${need} needed`);
    let k = 0;
    SENTIMENT_LABELS.forEach((b, j) => {
      for (let c = 0; c < AGREEMENT_TABLE[i]![j]!; c++, k++) {
        const p = chosen[k]!;
        truth.labelled.push(p.id);
        lines.push(csvLine([p.id, 'rater_a', a]), csvLine([p.id, 'rater_b', b]));
      }
    });
  });
  return lines.sort();
}

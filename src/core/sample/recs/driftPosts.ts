/**
 * What the text models of module 4 meet after training: from a stated week on, English posts whose
 * sentiment is carried only by new slang (words neither the lexicon nor a model trained on the earlier
 * posts knows, beside a neutral sentence), and, all through the period, comments that switch between
 * Spanish and English sentence by sentence. Appended after the composed posts (ids continue theirs)
 * from their own substream, so the earlier posts stay as they were.
 */
import { dayAt } from '../calendar.ts';
import { pick, type Rng } from '../random.ts';
import type { RecsSize } from './plan.ts';
import { PRODUCTS, PRODUCTS_ES, SENTENCES, TAILS, WHEN, type Intent, type Post, type PostTruth, type Sentiment } from './posts.ts';

/** Slang sentences by sentiment; {p} is a product. No word here appears in the composed posts. */
export const SLANG: Record<'positive' | 'negative', string[]> = {
  positive: ['Ngl this {p} is bussin, it lowkey slaps fr.', 'The {p} understood the assignment, no cap, a huge W.', 'Obsessed, the {p} ate and left no crumbs, periodt.', 'This {p} is giving rizz, bussin fr fr.', 'Lowkey the {p} is a whole vibe, it slaps, big W.'],
  negative: ['Ngl the {p} is mid, kinda sus, a total L.', 'The {p} is giving flop era, the ick, not it.', 'Lowkey the {p} is cheugy and mid, ratio fr.', 'This {p} is so sus, it flopped, a major L no cap.', 'The {p} gave me the ick, mid af, hard pass.'],
};
/** Slang posts per day from the drift week on, as a share of the composed posts per day. */
export const SLANG_SHARE_OF_DAILY_POSTS = 0.4;
/** Code-switched comments over the whole period, as a share of the composed posts. */
export const CODE_SWITCHED_SHARE = 0.04;

export interface DriftTruth {
  startDay: number;
  slangIds: string[];
  codeSwitchedIds: string[];
}

/** The drift week: the Monday about two weeks before the end (START_DATE is a Monday). */
export const driftStartDay = (size: RecsSize) => Math.floor((size.days - 13) / 7) * 7;

export function generateDriftPosts(rng: Rng, size: RecsSize, posts: readonly Post[], truth: PostTruth, drift: DriftTruth): Post[] {
  const start = Date.parse(`${dayAt(0)}T00:00:00Z`);
  const author = () => `u${String(1 + Math.floor(rng() * size.users)).padStart(5, '0')}`;
  let seq = posts.length;
  const nextId = () => `P${String(++seq).padStart(6, '0')}`;
  const out: Post[] = [];
  const used = new Set<string>();
  const record = (p: Post, sentiment: Sentiment) => {
    const intent: Intent = sentiment === 'positive' ? 'endorsement' : sentiment === 'negative' ? 'complaint' : 'none';
    truth.sentiment[sentiment].push(p.id);
    truth.intent[intent].push(p.id);
    out.push(p);
  };
  const product = () => pick(rng, PRODUCTS);
  const tail = (lang: 'en' | 'es') => `${pick(rng, TAILS[lang][0])} ${pick(rng, TAILS[lang][1])} ${pick(rng, WHEN[lang])}.`;
  const number = () => String(2 + Math.floor(rng() * 60));

  // Slang posts: a slang sentence (the sentiment) and a neutral sentence, from the drift week to the end.
  drift.startDay = driftStartDay(size);
  const perDay = (size.posts / size.days) * SLANG_SHARE_OF_DAILY_POSTS;
  for (let day = drift.startDay; day < size.days; day++) {
    const n = Math.floor(perDay) + (rng() < perDay % 1 ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const sentiment: 'positive' | 'negative' = rng() < 0.5 ? 'positive' : 'negative';
      let body = '';
      for (let tries = 0; tries < 50; tries++) {
        const p = product();
        body = `${pick(rng, SLANG[sentiment]).replace('{p}', p)} ${pick(rng, SENTENCES.en.neutral).replace('{p}', product()).replace('{n}', number())}`;
        if (!used.has(body.replace(/\d+/g, '#'))) break;
      }
      used.add(body.replace(/\d+/g, '#'));
      const id = nextId();
      const ms = start + day * 86_400_000 + Math.floor(rng() * 86_400_000);
      record({ id, kind: 'post', parent: '', author: author(), ms, text: `${body} ${tail('en')}`, lang: 'en', sentiment, likes: Math.floor(rng() * 40), shares: Math.floor(rng() * 8) }, sentiment);
      truth.lang.en.push(id);
      drift.slangIds.push(id);
    }
  }

  // Code-switched comments: a Spanish and an English sentence of the same sentiment, in either order, on an earlier post.
  const parents = posts.filter((p) => p.kind === 'post');
  const switched = Math.round(size.posts * CODE_SWITCHED_SHARE);
  for (let k = 0; k < switched; k++) {
    const parent = parents[Math.floor(((k + rng()) / switched) * parents.length)]!;
    const x = rng();
    const sentiment: Sentiment = x < 0.4 ? 'positive' : x < 0.7 ? 'neutral' : 'negative';
    const es = pick(rng, SENTENCES.es[sentiment]).replace('{p}', pick(rng, PRODUCTS_ES)).replace('{n}', number());
    const en = pick(rng, SENTENCES.en[sentiment]).replace('{p}', product()).replace('{n}', number());
    const text = `${rng() < 0.5 ? `${es} ${en}` : `${en} ${es}`} ${tail(rng() < 0.5 ? 'en' : 'es')}`;
    const id = nextId();
    const ms = Math.min(start + size.days * 86_400_000 - 1, parent.ms + Math.floor(rng() * 86_400_000));
    record({ id, kind: 'comment', parent: parent.id, author: author(), ms, text, lang: 'es', sentiment, likes: Math.floor(rng() * 20), shares: 0 }, sentiment);
    drift.codeSwitchedIds.push(id);
  }
  return out;
}

/**
 * The labelled training corpus for the sentiment and intent modules: a labelling team's sentiment and
 * intent label for most composed posts and comments (reshares and near-duplicate reposts are left out,
 * as a team would label each text once), with the day each was labelled. Labels are the planted ones
 * (recs_truth.json posts.planted_labels): an adjudicated gold set, so a classifier trained on an early
 * period can be scored on a later one. Its own substream, so the other recs files stay byte-identical.
 */
import { csvLine, timestampOf } from '../calendar.ts';
import type { Rng } from '../random.ts';
import type { PostTruth } from './posts.ts';

export const POST_LABELS_HEADER = ['post_id', 'sentiment_label', 'intent_label', 'labeled_on'];
/** Share of composed posts the team labelled. */
export const LABELLED_SHARE = 0.8;

/** What a post needs here (posts.ts keeps its Post type to itself). */
interface LabelledPost {
  id: string;
  kind: string;
  ms: number;
  sentiment: string;
}

export function postLabelLines(rng: Rng, posts: readonly LabelledPost[], truth: PostTruth, out: { labelled: number }): string[] {
  const reposts = new Set(truth.groups.flatMap((g) => g.reposts));
  const intentOf = new Map(Object.entries(truth.intent).flatMap(([intent, ids]) => ids.map((id) => [id, intent] as const)));
  const lines: string[] = [];
  for (const p of [...posts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (p.kind === 'reshare' || reposts.has(p.id)) continue;
    // Draw for every composed post, labelled or not, so the labelled set is stable when the share changes.
    const labelled = rng() < LABELLED_SHARE;
    const lag = Math.floor(rng() * 7);
    if (!labelled) continue;
    const intent = intentOf.get(p.id);
    if (!intent) throw new Error(`recs sample: post ${p.id} has no planted intent`);
    lines.push(csvLine([p.id, p.sentiment, intent, timestampOf(p.ms + lag * 86_400_000).slice(0, 10)]));
    out.labelled++;
  }
  return lines;
}

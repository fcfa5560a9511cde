/**
 * The VADER scorer with its lexicon, loaded on first use so the 7,500-entry lexicon is fetched only by
 * notebooks that score sentiment. The lexicon is vader_lexicon.txt as packaged by the npm package
 * vader-sentiment 1.1.3 (Apache-2.0, Comcast; its LICENSE and NOTICE ship in public/licenses/);
 * emoji descriptions come from Unicode's emoji-test.txt (emoji-descriptions.ts).
 */
import { SentimentIntensityAnalyzer } from './sentiment-intensity.ts';

let analyzer: Promise<SentimentIntensityAnalyzer> | undefined;

/** The shared analyzer (loaded once). */
export function loadVader(): Promise<SentimentIntensityAnalyzer> {
  analyzer ??= Promise.all([import('vader-sentiment/src/vader_lexicon.js'), import('./emoji-descriptions.ts')]).then(
    ([{ lexicon }, { EMOJI_DESCRIPTIONS }]) => new SentimentIntensityAnalyzer(new Map(Object.entries(lexicon)), EMOJI_DESCRIPTIONS),
  );
  return analyzer;
}

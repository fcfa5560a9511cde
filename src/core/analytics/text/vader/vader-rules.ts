/**
 * VADER's rule constants (Hutto & Gilbert 2014, ICWSM; vaderSentiment 3.3.2, MIT): the empirically
 * derived increments, the negation words, the booster / dampener words and the special-case idioms.
 * Kept apart from the scorer so the rules read like the paper's Table 3.
 */

/** Mean rating increase a booster word adds (and a dampener takes away). */
export const B_INCR = 0.293;
export const B_DECR = -0.293;
/** Mean rating increase for a sentiment word in ALL CAPS among mixed-case text. */
export const C_INCR = 0.733;
/** A negated word's valence is multiplied by this. */
export const N_SCALAR = -0.74;

export const NEGATE: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt',
  "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
  'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt', 'neither',
  "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
  'neednt', "needn't", 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere',
  'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent',
  "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't",
  'without', 'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]);

const boosters = [
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerable', 'considerably', 'decidedly', 'deeply', 'effing',
  'enormous', 'enormously', 'entirely', 'especially', 'exceptional', 'exceptionally', 'extreme', 'extremely', 'fabulously',
  'flipping', 'flippin', 'frackin', 'fracking', 'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fuckin', 'fucking',
  'fuggin', 'fugging', 'greatly', 'hella', 'highly', 'hugely', 'incredible', 'incredibly', 'intensely', 'major', 'majorly',
  'more', 'most', 'particularly', 'purely', 'quite', 'really', 'remarkably', 'so', 'substantially', 'thoroughly', 'total',
  'totally', 'tremendous', 'tremendously', 'uber', 'unbelievably', 'unusually', 'utter', 'utterly', 'very',
];
const dampeners = [
  'almost', 'barely', 'hardly', 'just enough', 'kind of', 'kinda', 'kindof', 'kind-of', 'less', 'little', 'marginal',
  'marginally', 'occasional', 'occasionally', 'partly', 'scarce', 'scarcely', 'slight', 'slightly', 'somewhat', 'sort of',
  'sorta', 'sortof', 'sort-of',
];
/** Degree adverbs: boosters raise the intensity of the sentiment word they precede, dampeners lower it. */
export const BOOSTER_DICT: ReadonlyMap<string, number> = new Map([
  ...boosters.map((w) => [w, B_INCR] as const),
  ...dampeners.map((w) => [w, B_DECR] as const),
]);

/** Idioms and phrases around lexicon words whose valence replaces the word's own. */
export const SPECIAL_CASES: ReadonlyMap<string, number> = new Map([
  ['the shit', 3], ['the bomb', 3], ['bad ass', 1.5], ['badass', 1.5], ['bus stop', 0],
  ['yeah right', -2], ['kiss of death', -1.5], ['to die for', 3], ['beating heart', 3.1], ['broken heart', -2.9],
]);

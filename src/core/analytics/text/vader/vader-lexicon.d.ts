// vader-sentiment ships its lexicon as an ES module without types.
declare module 'vader-sentiment/src/vader_lexicon.js' {
  /** Word, emoticon or initialism → mean valence rating (−4 … +4) from ten raters. */
  export const lexicon: Record<string, number>;
}

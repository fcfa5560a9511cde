/** Text analytics: tokens and term weights. Pure functions; one concept per file. */
export { wordTokens, termCounts } from './word-tokens.ts';

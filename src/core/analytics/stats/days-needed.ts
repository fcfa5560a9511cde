/**
 * Whole days a test must run to collect `nPerGroup` trials in each of `groups` groups when traffic
 * (impressions, sends, visits) arrives at `dailyImpressions` per day and is split evenly.
 *
 * @example
 * daysNeeded(7663, 2, 1000); // => 16 (15 326 impressions at 1 000 a day)
 */
export function daysNeeded(nPerGroup: number, groups: number, dailyImpressions: number): number {
  if (!(nPerGroup > 0)) throw new Error(`daysNeeded: nPerGroup is ${nPerGroup}; it must be positive.`);
  if (!(Number.isInteger(groups) && groups >= 2)) {
    throw new Error(`daysNeeded: groups is ${groups}; a test needs a whole number of at least 2 groups.`);
  }
  if (!(dailyImpressions > 0)) {
    throw new Error(`daysNeeded: dailyImpressions is ${dailyImpressions}; it must be positive (average traffic per day).`);
  }
  return Math.ceil((Math.ceil(nPerGroup) * groups) / dailyImpressions);
}

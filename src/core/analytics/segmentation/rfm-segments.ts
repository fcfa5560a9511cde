/**
 * Named RFM segments from the R and F scores (1..5): the 5 × 5 grid used throughout RFM practice
 * (e.g. the ten-segment map of the Putler / Kaggle "RFM segmentation" tutorials). Each entry is a
 * regular expression over the three-digit RFM code (`rfm` = R, F, M scores); the first match wins.
 * Every one of the 25 (R, F) cells matches exactly one entry (tested).
 *
 * |       | F 1            | F 2               | F 3               | F 4      | F 5             |
 * | ----- | -------------- | ----------------- | ----------------- | -------- | --------------- |
 * | R 5   | New Customers  | Potential Loyalists | Potential Loyalists | Champions | Champions     |
 * | R 4   | Promising      | Potential Loyalists | Potential Loyalists | Loyal Customers | Loyal Customers |
 * | R 3   | About to Sleep | About to Sleep    | Need Attention    | Loyal Customers | Loyal Customers |
 * | R 1–2 | Hibernating    | Hibernating       | At Risk           | At Risk  | Can't Lose Them |
 */
export const STANDARD_RFM_SEGMENTS: readonly (readonly [name: string, pattern: string])[] = [
  ['Champions', '^5[45]'],
  ['Loyal Customers', '^[34][45]'],
  ['Potential Loyalists', '^[45][23]'],
  ['New Customers', '^51'],
  ['Promising', '^41'],
  ['Need Attention', '^33'],
  ['About to Sleep', '^3[12]'],
  ["Can't Lose Them", '^[12]5'],
  ['At Risk', '^[12][34]'],
  ['Hibernating', '^[12][12]'],
];

/**
 * The segment of an RFM code under a map (first matching pattern), or null.
 *
 * @example
 * rfmSegment('541'); // => 'Champions'
 * rfmSegment('215'); // => 'Hibernating'
 */
export function rfmSegment(code: string, map: readonly (readonly [string, string])[] = STANDARD_RFM_SEGMENTS): string | null {
  for (const [name, pattern] of map) if (new RegExp(pattern).test(code)) return name;
  return null;
}

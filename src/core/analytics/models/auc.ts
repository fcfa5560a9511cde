/**
 * Area under the ROC curve by the Mann–Whitney U statistic (Hanley & McNeil 1982): the probability
 * that a randomly chosen positive scores higher than a randomly chosen negative, ties counting one
 * half. Computed from mid-ranks in O(n log n), so tied scores are handled exactly.
 *
 * @param labels - 1 (positive, e.g. clicked) or 0.
 * @param scores - higher means more likely positive.
 *
 * @example
 * auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.75
 */
export function auc(labels: number[], scores: number[]): number {
  if (labels.length !== scores.length) throw new Error('auc: labels and scores differ in length');
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let nPos = 0;
  let nNeg = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const midRank = (i + j + 2) / 2; // ranks are 1-based
    for (let k = i; k <= j; k++) {
      const y = labels[idx[k]!];
      if (y === 1) {
        nPos++;
        rankSumPos += midRank;
      } else if (y === 0) nNeg++;
      else throw new Error(`auc: labels must be 0 or 1, got ${y}`);
    }
    i = j + 1;
  }
  if (nPos === 0 || nNeg === 0) throw new Error('auc: needs at least one positive and one negative label');
  const u = rankSumPos - (nPos * (nPos + 1)) / 2;
  return u / (nPos * nNeg);
}

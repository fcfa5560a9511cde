import { describe, expect, it } from 'vitest';
import { rfmSegment, STANDARD_RFM_SEGMENTS } from '../../../../src/core/analytics/segmentation/rfm-segments.ts';

describe('standard RFM segment map', () => {
  it('every (R, F) cell of the 5 × 5 grid matches exactly one segment, whatever M', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        for (let m = 1; m <= 5; m++) {
          const hits = STANDARD_RFM_SEGMENTS.filter(([, re]) => new RegExp(re).test(`${r}${f}${m}`));
          expect([`${r}${f}${m}`, hits.length]).toEqual([`${r}${f}${m}`, 1]);
        }
      }
    }
  });
  it('places the corners as the grid in the doc comment says', () => {
    expect(rfmSegment('551')).toBe('Champions');
    expect(rfmSegment('515')).toBe('New Customers');
    expect(rfmSegment('155')).toBe("Can't Lose Them");
    expect(rfmSegment('111')).toBe('Hibernating');
    expect(rfmSegment('333')).toBe('Need Attention');
    expect(rfmSegment('421')).toBe('Potential Loyalists');
  });
});

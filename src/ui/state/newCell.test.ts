import { describe, expect, it } from 'vitest';
import { starterCode } from './newCell';

describe('starterCode for a plot', () => {
  it('draws the cell above: a bar per category of its first numeric column', () => {
    expect(starterCode('plot', { id: 'by_campaign', columns: [{ name: 'campaign', type: 'VARCHAR' }, { name: 'clicks', type: 'BIGINT' }] })).toBe('from: by_campaign\nmark: barY\nx: campaign\ny: clicks');
  });
  it('draws a line over time when the cell above has a date column', () => {
    expect(starterCode('plot', { id: 'daily', columns: [{ name: 'platform', type: 'VARCHAR' }, { name: 'day', type: 'DATE' }, { name: 'ctr', type: 'DOUBLE' }] })).toBe('from: daily\nmark: line\nx: day\ny: ctr');
  });
  it('names the cell above even before it has run', () => {
    expect(starterCode('plot', { id: 'totals' })).toBe('from: totals\nmark: barY\nx: a_column\ny: another_column');
    expect(starterCode('plot')).toBe('from: a_table\nmark: barY\nx: a_column\ny: another_column');
  });
});

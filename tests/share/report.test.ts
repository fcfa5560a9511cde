import { describe, expect, it } from 'vitest';
import { htmlReportFile } from '../../src/share/report.ts';

describe('htmlReportFile', () => {
  it('names the file after the title and holds the chart SVG but no script', () => {
    const text = '---\npulse: 1\ntitle: "CTR: weekly"\n---\n\nHello <script>alert(1)</script>\n\n```plot chart\nfrom: x\nmark: barY\nx: a\ny: b\n```\n';
    const { fileName, html } = htmlReportFile(text, new Map(), new Map([['chart', '<svg><rect width="1" height="1"></rect></svg>']]));
    expect(fileName).toBe('CTR-weekly.html');
    expect(html).toContain('<svg><rect');
    expect(html).not.toMatch(/<script/i);
  });
});

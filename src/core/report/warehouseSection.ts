/**
 * The "Pulled from the warehouse" section of a run's reports: per pulled dataset or warehouse cell,
 * the connection's name, the rows, how long it took and the query as written. Never a host, user or
 * password: the notebook names connections, the machine resolves them, and nothing resolved is kept.
 */
import { escapeHtml } from './markdown.ts';
import { markdownText } from './markdownEscape.ts';

export interface PulledTable {
  /** The table filled: the dataset's name, or the warehouse cell's id. */
  name: string;
  kind: 'dataset' | 'cell';
  /** The connection name from the notebook (`analytics`). */
  connection: string;
  /** The query as written in the notebook (`${param}` placeholders, not their values). */
  query: string;
  rows: number;
  /** Size of the values as the warehouse sent them (text). */
  bytes: number;
  durationMs: number;
  columns: Array<{ name: string; type: string }>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}sql\n${text}\n${f}`;
}

export function warehouseSectionMarkdown(pulled: readonly PulledTable[] | undefined): string[] {
  if (!pulled?.length) return [];
  const out = ['## Pulled from the warehouse', '', '| table | from | connection | rows | duration |', '| --- | --- | --- | --- | --- |'];
  for (const p of pulled) {
    out.push(`| ${[p.name, p.kind === 'dataset' ? 'dataset' : 'warehouse cell', p.connection, p.rows.toLocaleString('en-US'), seconds(p.durationMs)].map(markdownText).join(' | ')} |`);
  }
  out.push('');
  for (const p of pulled) out.push(`Query of \`${p.name}\`:`, '', fence(p.query), '');
  return out;
}

export function warehouseSectionHtml(pulled: readonly PulledTable[] | undefined): string {
  if (!pulled?.length) return '';
  const trs = pulled
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.kind === 'dataset' ? 'dataset' : 'warehouse cell'}</td><td><code>${escapeHtml(p.connection)}</code></td>` +
        `<td class="n">${p.rows.toLocaleString('en-US')}</td><td class="n">${seconds(p.durationMs)}</td><td><pre>${escapeHtml(p.query)}</pre></td></tr>`,
    )
    .join('');
  return `<section class="warehouse" id="warehouse"><h2>Pulled from the warehouse</h2><table><thead><tr><th>table</th><th>from</th><th>connection</th><th>rows</th><th>duration</th><th>query</th></tr></thead><tbody>${trs}</tbody></table></section>`;
}

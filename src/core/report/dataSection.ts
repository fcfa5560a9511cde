/**
 * The "Data" section of a run's reports: what each dataset was bound to (the user's file or the bundled
 * sample), the platform layout recognized, its rows and the importer's warnings. `pulse run` fills it;
 * a report made without bindings has no such section.
 */
import { escapeHtml } from './markdown.ts';
import { markdownText } from './markdownEscape.ts';

/** One dataset as a run bound it. */
export interface DatasetBinding {
  name: string;
  /** `file`: the user's own data (`--data`); `sample`: the bundled sample, bound because none was given. */
  source: 'file' | 'sample';
  /** The path as given to `--data`, or the sample's file name. */
  file: string;
  /** The platform whose export layout was recognized, or null when the file was loaded as it is. */
  platform: string | null;
  /** The recognized layout id (`meta_ads_manager`, …), or null. */
  layout: string | null;
  /** The canonical schema the notebook declares for the dataset, or null. */
  schema: string | null;
  rows: number;
  /** What the importer noticed (total-row mismatches, dropped lines, assumed currencies …). */
  warnings: string[];
}

const sourceText = (b: DatasetBinding) => (b.source === 'sample' ? `bundled sample ${b.file}` : b.file);
const platformText = (b: DatasetBinding) => (b.platform ? `${b.platform}${b.layout ? ` (${b.layout})` : ''}` : 'none (loaded as it is)');


/** The section as Markdown lines (none without bindings). */
export function dataSectionMarkdown(bindings: readonly DatasetBinding[] | undefined): string[] {
  if (!bindings?.length) return [];
  const rows = bindings.map((b) =>
    `| ${[b.name, sourceText(b), platformText(b), b.rows.toLocaleString('en-US'), b.warnings.join('; ') || '—'].map(markdownText).join(' | ')} |`,
  );
  return ['## Data', '', '| dataset | bound to | platform | rows | warnings |', '| --- | --- | --- | --- | --- |', ...rows, ''];
}

/** The section as HTML (empty without bindings). */
export function dataSectionHtml(bindings: readonly DatasetBinding[] | undefined): string {
  if (!bindings?.length) return '';
  const trs = bindings
    .map((b) => {
      const warnings = b.warnings.length ? b.warnings.map((w) => `<div>${escapeHtml(w)}</div>`).join('') : '—';
      return `<tr><td><code>${escapeHtml(b.name)}</code></td><td>${escapeHtml(sourceText(b))}</td><td>${escapeHtml(platformText(b))}</td><td class="n">${b.rows.toLocaleString('en-US')}</td><td>${warnings}</td></tr>`;
    })
    .join('');
  return `<section class="data" id="data"><h2>Data</h2><table><thead><tr><th>dataset</th><th>bound to</th><th>platform</th><th>rows</th><th>warnings</th></tr></thead><tbody>${trs}</tbody></table></section>`;
}

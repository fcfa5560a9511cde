/**
 * Reports of a notebook run: JSON (for machines and tests), Markdown and a static HTML page (prose,
 * tables, SVG charts, no script). Shared by `pulse run --out` and the browser's report export.
 */
import { rowsFromTable } from '../arrow.ts';
import { columnFormat, formatValue, withRowCurrency } from '../format/numbers.ts';
import type { CellResult } from '../cells/kind.ts';
import { cells, notebookTitle, type Notebook } from '../notebook/model.ts';
import type { CellRun } from '../notebook/runner.ts';
import { escapeHtml, markdownToSafeHtml, safeProseMarkdown } from './markdown.ts';
import { codeSpan, fencedBlock, markdownText } from './markdownEscape.ts';
import { dataSectionHtml, dataSectionMarkdown, type DatasetBinding } from './dataSection.ts';
import { warehouseSectionHtml, warehouseSectionMarkdown, type PulledTable } from './warehouseSection.ts';

export interface JsonCellReport {
  id: string;
  kind: string;
  status: 'ok' | 'error' | 'skipped';
  columns: string[];
  rows: Record<string, unknown>[];
  rowCount: number;
  error: string | null;
  /** Why the result is empty or partly null (CellResult.note); absent when there is nothing to say. */
  note?: string;
  /** An analysis's one-line finding (CellResult.verdict). */
  verdict?: string;
}

export interface JsonReport {
  notebook: string;
  /** What each dataset was bound to (`pulse run` fills it). */
  datasets?: DatasetBinding[];
  /** What was pulled from a warehouse (connection name, rows, duration, query; never credentials). */
  warehouse?: PulledTable[];
  cells: JsonCellReport[];
}

/** Rows kept per cell in the JSON report. */
export const JSON_REPORT_ROWS = 1000;

export function jsonReport(notebook: Notebook, runs: ReadonlyMap<string, CellRun>, datasets?: readonly DatasetBinding[], pulled?: readonly PulledTable[]): JsonReport {
  return {
    notebook: notebookTitle(notebook),
    ...(datasets ? { datasets: [...datasets] } : {}),
    ...(pulled?.length ? { warehouse: [...pulled] } : {}),
    cells: cells(notebook)
      .filter((c) => runs.has(c.id))
      .map((c) => {
        const run = runs.get(c.id)!;
        const result = run.result;
        return {
          id: c.id,
          kind: c.kind,
          status: run.status,
          columns: result ? result.columns.map((col) => col.name) : [],
          rows: result ? rowsFromTable(result.preview, JSON_REPORT_ROWS) : [],
          rowCount: result ? result.rowCount : 0,
          error: run.error ?? null,
          ...(result?.note ? { note: result.note } : {}),
          ...(result?.verdict ? { verdict: result.verdict } : {}),
        };
      }),
  };
}

/** A value as the notebook grid shows it (core/format/numbers.ts), empty for null. */
const cellText = (v: unknown, col: { name: string; type: string }, result: CellResult, row: Record<string, unknown>) =>
  v === null || v === undefined ? '' : formatValue(v, col.type, withRowCurrency(columnFormat(col.name, col.type, result.formats), row));

/** Rows shown per table in Markdown and HTML reports. */
export const REPORT_TABLE_ROWS = 50;

export function markdownReport(notebook: Notebook, runs: ReadonlyMap<string, CellRun>, datasets?: readonly DatasetBinding[], pulled?: readonly PulledTable[]): string {
  const out: string[] = repeatsTitle(notebook) ? [] : [`# ${markdownText(notebookTitle(notebook))}`, ''];
  for (const block of notebook.blocks) {
    if (block.type === 'prose') {
      out.push(safeProseMarkdown(block.text).trim(), '');
      continue;
    }
    const run = runs.get(block.id);
    out.push(`**${markdownText(block.kind)} ${codeSpan(block.id)}** — ${run ? statusLine(run) : 'not run'}`, '');
    if (run?.result?.verdict) out.push(`**${markdownText(run.result.verdict)}**`, '');
    if (run?.result?.note) out.push(`> ${markdownText(run.result.note)}`, '');
    if (run?.status === 'error' || run?.status === 'skipped') {
      // Error text comes from data and SQL: a fence longer than any backtick run in it keeps it a code block.
      out.push(fencedBlock(run.error ?? ''), '');
    } else if (run?.result) {
      const rows = rowsFromTable(run.result.preview, REPORT_TABLE_ROWS);
      const cols = run.result.columns;
      if (cols.length > 0) {
        // Values and column names are data: escaped so no HTML, link or image comes alive in a viewer.
        const esc = markdownText;
        out.push(`| ${cols.map((c) => esc(c.name)).join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`);
        for (const r of rows) out.push(`| ${cols.map((c) => esc(cellText(r[c.name], c, run.result!, r))).join(' | ')} |`);
        if (run.result.rowCount > rows.length) out.push('', `_${rows.length} of ${run.result.rowCount} rows shown._`);
        out.push('');
      }
    }
  }
  out.push(...dataSectionMarkdown(datasets));
  out.push(...warehouseSectionMarkdown(pulled));
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** A cell note in Markdown: one line, no raw HTML (its `names` stay code spans). */
/** Whether the notebook's prose already opens with a top-level heading (then the report adds none). */
function repeatsTitle(notebook: Notebook): boolean {
  const first = notebook.blocks.find((b) => b.type === 'prose' && b.text.trim() !== '');
  return first?.type === 'prose' && /^#\s/.test(first.text.trimStart());
}

function statusLine(run: CellRun): string {
  if (run.status !== 'ok') return run.status;
  const n = run.result?.rowCount ?? 0;
  return `ok, ${n} row${n === 1 ? '' : 's'}`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;font-size:13px;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:2px 8px;text-align:left}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}.cell{margin:1rem 0}.meta{color:#57606a;font-size:12px}
.error{color:#a40e26;background:#ffebe9;padding:.5rem;white-space:pre-wrap;font-family:monospace}figure{margin:0}`;

const NOTE_STYLE = `\n.verdict{font-weight:600;margin:.25rem 0}.note{color:#7a4f01;background:#fff8c5;padding:2px 8px;font-size:13px;margin:.25rem 0}`;

/** A self-contained HTML report with no script: `svgs` holds each plot cell's rendered SVG. */
export function htmlReport(
  notebook: Notebook,
  runs: ReadonlyMap<string, CellRun>,
  svgs: ReadonlyMap<string, string> = new Map(),
  datasets?: readonly DatasetBinding[],
  pulled?: readonly PulledTable[],
): string {
  const parts: string[] = [];
  for (const block of notebook.blocks) {
    if (block.type === 'prose') {
      parts.push(markdownToSafeHtml(block.text));
      continue;
    }
    const run = runs.get(block.id);
    const head = `<div class="meta">${escapeHtml(block.kind)} <code>${escapeHtml(block.id)}</code> · ${run ? escapeHtml(statusLine(run)) : 'not run'}</div>`;
    const note =
      (run?.result?.verdict ? `<p class="verdict">${escapeHtml(run.result.verdict)}</p>` : '') +
      (run?.result?.note ? `<div class="note">${escapeHtml(run.result.note)}</div>` : '');
    let body = '';
    if (run && run.status !== 'ok') body = `<div class="error">${escapeHtml(run.error ?? '')}</div>`;
    else if (svgs.has(block.id)) body = `<figure>${svgs.get(block.id)}</figure>`;
    else if (run?.result && run.result.output.type !== 'plot') body = htmlTable(run);
    parts.push(`<section class="cell" id="cell-${escapeHtml(block.id)}">${head}${note}${body}</section>`);
  }
  parts.push(dataSectionHtml(datasets));
  parts.push(warehouseSectionHtml(pulled));
  const title = escapeHtml(notebookTitle(notebook));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title><style>${STYLE}${NOTE_STYLE}</style></head>
<body>${repeatsTitle(notebook) ? '' : `<h1>${title}</h1>`}
${parts.join('\n')}
</body></html>
`;
}

function htmlTable(run: CellRun): string {
  const result = run.result!;
  const cols = result.columns;
  if (cols.length === 0) return '';
  const rows = rowsFromTable(result.preview, REPORT_TABLE_ROWS);
  const th = cols.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('');
  const trs = rows
    .map((r) => `<tr>${cols.map((c) => `<td${typeof r[c.name] === 'number' ? ' class="n"' : ''}>${escapeHtml(cellText(r[c.name], c, result, r))}</td>`).join('')}</tr>`)
    .join('');
  const more = result.rowCount > rows.length ? `<div class="meta">${rows.length} of ${result.rowCount} rows shown</div>` : '';
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>${more}`;
}

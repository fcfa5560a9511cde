import { readFile } from 'node:fs/promises';
import { importAnyExport } from '../../core/importers/excel.ts';
import { ImportError, sumColumn, type CanonicalRow, type ImportResult } from '../../core/importers/index.ts';
import type { SkippedLines } from '../../core/importers/detect.ts';

/** Where a command writes; the CLI entry point passes process.stdout / stderr writers. */
export interface CommandOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The `inspect --json` object. */
export interface InspectSummary {
  platform: ImportResult['platform'];
  layout: string;
  table: string;
  rows: number;
  dateRange: [string, string] | null;
  totals: { impressions?: number; clicks?: number; spend?: number; conversions?: number };
  /** Currency of spend when every row has the same one. */
  currency?: string;
  /** Every warning the plain output prints, in the same order. */
  warnings: string[];
  /** Lines that are not rows of the table, and why (preambles, `#` blocks, other tables, total rows). */
  skipped: SkippedLines[];
  /** The file's tables, when it holds more than one (GA4 overview downloads); `tableIndex` was read. */
  tables?: { index: number; title: string; rows: number }[];
  tableIndex?: number;
  /** The sheet read, for a workbook. */
  sheet?: string;
}

const USAGE = 'usage: pulse inspect FILE [--json] [--table N|TITLE] [--sheet NAME]';

function dateRange(rows: CanonicalRow[]): [string, string] | null {
  let min: string | null = null;
  let max: string | null = null;
  for (const r of rows) {
    for (const key of ['date', 'date_end', 'timestamp']) {
      const v = r[key];
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) continue;
      const d = v.slice(0, 10);
      if (min === null || d < min) min = d;
      if (max === null || d > max) max = d;
    }
  }
  return min && max ? [min, max] : null;
}

/** Summarize an import: rows, date range and the sums an analyst checks against the platform UI. */
export function summarize(result: ImportResult): InspectSummary {
  const totals: InspectSummary['totals'] = {};
  if (result.platform !== null) {
    for (const key of ['impressions', 'clicks', 'spend', 'conversions'] as const) {
      const sum = sumColumn(result.rows, key);
      if (sum !== null) totals[key] = Math.round(sum * 100) / 100;
    }
  }
  const currencies = new Set(result.rows.map((r) => r.currency).filter((c) => typeof c === 'string'));
  const d = result.detection;
  return {
    platform: result.platform,
    layout: result.layout,
    table: result.table,
    rows: result.rows.length,
    dateRange: dateRange(result.rows),
    totals,
    ...(currencies.size === 1 ? { currency: [...currencies][0] as string } : {}),
    warnings: result.warnings,
    skipped: result.skipped,
    ...(d.tables.length > 1 ? { tables: d.tables.map((t) => ({ index: t.index, title: t.title, rows: t.rows })), tableIndex: d.tableIndex } : {}),
    ...(d.sheet ? { sheet: d.sheet.name } : {}),
  };
}

/** `--name value` or `--name=value` out of args; the rest is returned. */
function takeOption(args: string[], name: string): { value?: string; rest: string[]; missing?: boolean } {
  const rest: string[] = [];
  let value: string | undefined;
  let missing = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === name) {
      value = args[++i];
      if (value === undefined) missing = true;
    } else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
    else rest.push(a);
  }
  return { ...(value !== undefined ? { value } : {}), rest, ...(missing ? { missing } : {}) };
}

/**
 * `pulse inspect FILE [--json] [--table N|TITLE] [--sheet NAME]`: detect a platform export (CSV, TSV
 * or .xlsx) and print what it holds, its warnings and the lines it left out. Exit code 0 on
 * success, 2 for bad arguments or a file that cannot be read or imported (the message names the file).
 */
export async function inspectCommand(args: string[], out: CommandOutput): Promise<number> {
  const json = args.includes('--json');
  const table = takeOption(args.filter((a) => a !== '--json'), '--table');
  const sheet = takeOption(table.rest, '--sheet');
  const rest = sheet.rest;
  if (table.missing || sheet.missing) {
    out.stderr(`pulse inspect: ${table.missing ? '--table needs a table number or title' : '--sheet needs a sheet name'}\n${USAGE}\n`);
    return 2;
  }
  const unknown = rest.filter((a) => a.startsWith('-'));
  if (unknown.length || rest.length !== 1) {
    out.stderr(`${unknown.length ? `pulse inspect: unknown option ${unknown[0]}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const file = rest[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    out.stderr(`pulse inspect: cannot read ${file}: ${why}\n`);
    return 2;
  }
  let result: ImportResult;
  try {
    result = importAnyExport(bytes, file, { ...(table.value !== undefined ? { table: table.value } : {}), ...(sheet.value !== undefined ? { sheet: sheet.value } : {}) });
  } catch (e) {
    if (e instanceof ImportError) {
      out.stderr(`pulse inspect: ${e.message}\n`);
      return 2;
    }
    out.stderr(`pulse inspect: cannot import ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const summary = summarize(result);
  if (json) {
    out.stdout(JSON.stringify(summary) + '\n');
    return 0;
  }
  const d = result.detection;
  const lines = [
    `file:        ${file}`,
    `platform:    ${summary.platform ?? 'unknown (import it as it is, or map its columns)'}`,
    `layout:      ${summary.layout}`,
    `table:       ${summary.table}`,
    d.sheet
      ? `read as:     sheet "${d.sheet.name}" of ${d.sheet.names.length} (${d.sheet.names.map((n) => `"${n}"`).join(', ')}), header on row ${d.headerLine}`
      : `read as:     ${d.encoding}${d.bom ? ' with BOM' : ''}, delimiter ${JSON.stringify(d.delimiter)}, numbers ${d.numberFormat === 'comma' ? '1.234,5' : '1,234.5'}, header on line ${d.headerLine}`,
    `rows:        ${summary.rows} (summary rows excluded)`,
    `dates:       ${summary.dateRange ? `${summary.dateRange[0]} to ${summary.dateRange[1]}` : 'none'}`,
  ];
  const clickNote = result.rows.some((r) => r.click_definition && r.click_definition !== 'link_click') ? ` (${[...new Set(result.rows.map((r) => r.click_definition))].join(', ')})` : result.rows.some((r) => r.click_definition === 'link_click') ? ' (link clicks)' : '';
  for (const [k, v] of Object.entries(summary.totals)) lines.push(`${(k + ':').padEnd(13)}${v.toLocaleString('en-US')}${k === 'clicks' ? clickNote : k === 'spend' && summary.currency ? ` ${summary.currency}` : ''}`);
  if (summary.tables) {
    for (const t of summary.tables) lines.push(`${t.index === 1 ? 'tables:      ' : '             '}${t.index === summary.tableIndex ? '*' : ' '} ${t.index}. ${t.title} (${t.rows} row${t.rows === 1 ? '' : 's'})`);
    lines.push('             read the one marked *; choose another with --table N');
  }
  for (const sk of summary.skipped) lines.push(`left out:    line${sk.first === sk.last ? ` ${sk.first}` : `s ${sk.first}–${sk.last}`}: ${sk.reason}`);
  if (result.totalsCheck.status !== 'absent') lines.push(`total row:   "${result.totalsCheck.label}" ${result.totalsCheck.status === 'match' ? 'matches the rows' : 'DOES NOT match the rows'}`);
  if (d.unmappedColumns.length && result.platform) lines.push(`unmapped:    ${d.unmappedColumns.join(', ')}`);
  for (const w of result.warnings) lines.push(`warning:     ${w}`);
  out.stdout(lines.join('\n') + '\n');
  return 0;
}

/**
 * `npm run inspect-folder -- DIR`: `pulse inspect` over every export in a folder, one line per file
 * (platform, rows, date range, totals, warnings), so a month of downloads is checked at once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importAnyExport } from '../../core/importers/excel.ts';
import { ImportError } from '../../core/importers/index.ts';
import { summarize, type CommandOutput, type InspectSummary } from './inspect.ts';

/** Extensions of the files looked at; others in the folder are passed over. */
const EXPORT_FILE = /\.(csv|tsv|txt|xlsx)$/i;

/** The first warning is cut here, to keep one line per file readable (`pulse inspect FILE` has them all). */
const FIRST_WARNING_CHARS = 160;

const n = (v: number) => v.toLocaleString('en-US');

/** One line: `file | platform | rows | dates | totals | warnings`. */
export function folderLine(file: string, s: InspectSummary): string {
  const totals = Object.entries(s.totals).map(([k, v]) => `${k} ${n(v)}${k === 'spend' && s.currency ? ` ${s.currency}` : ''}`).join(', ') || 'no totals';
  const dates = s.dateRange ? `${s.dateRange[0]} to ${s.dateRange[1]}` : 'no dates';
  const platform = s.platform ? `${s.platform} (${s.layout})` : 'unknown layout';
  const table = s.tables ? ` (table ${s.tableIndex} of ${s.tables.length})` : '';
  const first = s.warnings[0] ?? '';
  const warnings = s.warnings.length ? `${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}: ${first.length > FIRST_WARNING_CHARS ? `${first.slice(0, FIRST_WARNING_CHARS - 1)}…` : first}` : 'no warnings';
  return [file, platform, `${n(s.rows)} rows${table}`, dates, totals, warnings].join(' | ');
}

/** Inspect every export in `dir`. Exit 0 when every file was read, 1 when some could not be, 2 for a bad folder. */
export function inspectFolder(dir: string | undefined, out: CommandOutput): number {
  if (!dir) {
    out.stderr('usage: npm run inspect-folder -- DIR\n');
    return 2;
  }
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => EXPORT_FILE.test(f) && statSync(join(dir, f)).isFile()).sort();
  } catch (e) {
    const code = (e as { code?: string }).code;
    out.stderr(`inspect-folder: cannot read ${dir}: ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : (e as Error).message}\n`);
    return 2;
  }
  if (names.length === 0) {
    out.stderr(`inspect-folder: ${dir} holds no .csv, .tsv, .txt or .xlsx file\n`);
    return 2;
  }
  let failed = 0;
  for (const name of names) {
    try {
      const result = importAnyExport(new Uint8Array(readFileSync(join(dir, name))), name);
      out.stdout(`${folderLine(name, summarize(result))}\n`);
    } catch (e) {
      failed++;
      const message = e instanceof ImportError ? e.message.replace(`${name}: `, '').replace(`${name}, `, '') : (e as Error).message;
      out.stdout(`${name} | ERROR: ${message}\n`);
    }
  }
  out.stdout(`${names.length - failed} of ${names.length} files read${failed ? `, ${failed} could not be` : ''}\n`);
  return failed ? 1 : 0;
}

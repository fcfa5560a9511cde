/** The static HTML report as a download: core's htmlReport (prose, tables, SVG charts, no script) with a safe file name. */
import { parseNotebook } from '../core/notebook/format.ts';
import { notebookTitle } from '../core/notebook/model.ts';
import type { CellRun } from '../core/notebook/runner.ts';
import { htmlReport } from '../core/report/report.ts';
import { downloadName } from './names.ts';

export interface ReportFile {
  fileName: string;
  html: string;
}

/** `svgs` holds each plot cell's rendered SVG, by cell id (the UI has them from Plot). */
export function htmlReportFile(notebookText: string, runs: ReadonlyMap<string, CellRun>, svgs: ReadonlyMap<string, string> = new Map()): ReportFile {
  const notebook = parseNotebook(notebookText);
  return { fileName: downloadName(notebookTitle(notebook), '.html'), html: htmlReport(notebook, runs, svgs) };
}

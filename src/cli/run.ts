/** `pulse run NOTEBOOK [--data NAME=PATH …] [--param KEY=VALUE …] [--out FILE.json|.md|.html]` */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFileError, formatFromFileName } from '../core/dataFiles.ts';
import { detectExport, ImportError, importExport, importToArrow } from '../core/importers/index.ts';
import { NotebookParseError } from '../core/notebook/errors.ts';
import { parseNotebook } from '../core/notebook/format.ts';
import { canonicalTextColumns, declaredDatasets } from '../core/notebook/datasets.ts';
import { cells, type Notebook } from '../core/notebook/model.ts';
import { inputSpec } from '../core/cells/input.ts';
import { resolveParams, runNotebook, type CellRun } from '../core/notebook/runner.ts';
import { htmlReport, jsonReport, markdownReport } from '../core/report/report.ts';
import type { PlotSpec } from '../core/cells/plot.ts';
import { NativeEngine } from '../engines/native/nativeEngine.ts';
import { keyValue, UsageError, type Io } from './args.ts';
import { plotToSvg } from './plotSvg.ts';

/** Where the bundled sample data lives (also served to the browser app). */
export const SAMPLE_DIR = fileURLToPath(new URL('../../public/sample/', import.meta.url));

export const RUN_USAGE = 'usage: pulse run NOTEBOOK.pulse.md [--data NAME=PATH …] [--param KEY=VALUE …] [--out RESULT.json|RESULT.md|RESULT.html]';

interface RunArgs {
  notebook: string;
  data: Map<string, string>;
  params: Record<string, string>;
  out?: string;
}

export function parseRunArgs(args: string[], usage = RUN_USAGE): RunArgs {
  const data = new Map<string, string>();
  const params: Record<string, string> = {};
  let notebook: string | undefined;
  let out: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') && !a.startsWith('--data=') && !a.startsWith('--param=') && !a.startsWith('--out=')
      ? [a, undefined]
      : a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++k];
    if (flag === '--data') {
      const [name, path] = keyValue('--data', value());
      data.set(name, path);
    } else if (flag === '--param') {
      const [key, v] = keyValue('--param', value());
      params[key] = v;
    } else if (flag === '--out') {
      out = value();
      if (!out) throw new UsageError('--out needs a file name ending in .json, .md or .html');
    } else if (flag.startsWith('-')) {
      throw new UsageError(`unknown option ${flag}\n${usage}`);
    } else if (notebook === undefined) notebook = a;
    else throw new UsageError(`one notebook at a time (got \`${notebook}\` and \`${a}\`)\n${usage}`);
  }
  if (!notebook) throw new UsageError(`which notebook? ${usage}`);
  if (out && !['.json', '.md', '.html'].includes(extname(out).toLowerCase())) {
    throw new UsageError(`--out ${out}: the report format comes from the extension: use .json, .md or .html`);
  }
  return { notebook, data, params, ...(out ? { out } : {}) };
}

function readNotebook(path: string): Notebook {
  if (!existsSync(path)) throw new UsageError(`${path}: no such notebook file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read the notebook (${(e as Error).message})`);
  }
  try {
    return parseNotebook(text);
  } catch (e) {
    if (e instanceof NotebookParseError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The files to bind: --data first, else the sample each declared dataset names. */
export function bindings(notebook: Notebook, data: Map<string, string>, sampleDir = SAMPLE_DIR): Map<string, string> {
  const out = new Map(data);
  for (const d of declaredDatasets(notebook)) {
    if (out.has(d.name)) continue;
    if (!d.sample) throw new UsageError(`dataset \`${d.name}\` has no sample data: pass --data ${d.name}=FILE`);
    out.set(d.name, resolve(sampleDir, d.sample));
  }
  return out;
}

/** What a headless run needs: the notebook file, the files to bind by name, `--param` overrides. */
export interface HeadlessRunOptions {
  notebook: string;
  data: Map<string, string>;
  params: Record<string, string>;
}

/**
 * Read a notebook, bind its datasets (--data, else the bundled samples; platform exports through the
 * importers), run every cell on native DuckDB and return the runs. `pulse run` and `pulse grade`
 * share it, so a graded notebook runs exactly as it does in `pulse run`.
 */
export async function runHeadless(opts: HeadlessRunOptions, io: Io): Promise<{ notebook: Notebook; runs: Map<string, CellRun> }> {
  const notebook = readNotebook(opts.notebook);
  checkParams(notebook, opts.params);
  const files = bindings(notebook, opts.data);
  const engine = await NativeEngine.create();
  try {
    const schemas = new Map(declaredDatasets(notebook).map((d) => [d.name, d.schema]));
    for (const [name, path] of files) {
      try {
        const imported = platformExport(name, path, schemas.get(name));
        if (imported) {
          await engine.registerArrow(name, importToArrow(imported.result));
          io.stdout(imported.summary);
          continue;
        }
        const columnTypes = canonicalTextColumns(schemas.get(name));
        await engine.registerFile(name, { kind: 'path', path, fileName: basename(path) }, undefined, { columnTypes });
      } catch (e) {
        if (e instanceof DataFileError) throw new UsageError(`--data ${name}: ${path}: ${e.message.slice(e.fileName.length + 2)}`);
        throw e;
      }
    }
    const { runs } = await runNotebook(notebook, engine, { params: opts.params, datasets: files.keys() });
    checkDataParams(notebook, opts.params, runs);
    return { notebook, runs };
  } finally {
    await engine.close();
  }
}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const opts = parseRunArgs(args);
  const { notebook, runs } = await runHeadless(opts, io);
  if (opts.out) writeFileSync(opts.out, notebookReport(notebook, runs, opts.out));
  const failed = [...runs.values()].filter((r) => r.status !== 'ok');
  // An input whose declared default is missing from the bound data says which value it used instead.
  for (const r of runs.values()) {
    const o = r.result?.output;
    if (o?.type === 'input' && o.input.note) io.stdout(`input ${r.id}: ${o.input.note}`);
  }
  for (const r of failed) {
    const where = r.errorLine ? `${opts.notebook}:${r.errorLine}` : opts.notebook;
    io.stderr(`cell ${r.id} (${where}) ${r.status === 'skipped' ? 'skipped' : 'failed'}: ${oneLine(r.error ?? '')}`);
  }
  const ok = runs.size - failed.length;
  io.stdout(`${ok} of ${runs.size} cells ok${opts.out ? `, report written to ${opts.out}` : ''}`);
  const verdicts = [...runs.values()].flatMap((r) => (r.result?.output.type === 'exercise' ? [r.result.output.verdict.status] : []));
  if (verdicts.length > 0) {
    const n = (s: string) => verdicts.filter((v) => v === s).length;
    io.stdout(`exercises: ${n('passed')} passed, ${n('failed')} failed, ${n('unanswered')} unanswered (pulse grade lists them)`);
  }
  return failed.length > 0 ? 1 : 0;
}

/** Platform exports bigger than this are loaded as they are (the importers parse in memory). */
const IMPORTER_MAX_BYTES = 200 * 1024 * 1024;

/**
 * A known platform export (Meta, LinkedIn, X, TikTok, GA4, Google Ads, Mailchimp, Klaviyo) bound to a
 * dataset goes through the importer, so a trainee's own export lands in the canonical schema the
 * notebook expects. Anything else returns null and is loaded as it is.
 */
function platformExport(name: string, path: string, schema: string | undefined) {
  if (!existsSync(path) || statSync(path).size > IMPORTER_MAX_BYTES) return null;
  let format;
  try {
    format = formatFromFileName(path);
  } catch {
    return null;
  }
  if (format !== 'csv' && format !== 'tsv') return null;
  const bytes = new Uint8Array(readFileSync(path));
  const fileName = basename(path);
  try {
    if (detectExport(bytes, fileName).platform === null) return null;
    const result = importExport(bytes, fileName);
    if (schema && result.table !== schema) {
      throw new UsageError(`--data ${name}: ${path} is a ${result.platform} ${result.layout} export (canonical table ${result.table}), but dataset \`${name}\` expects ${schema}`);
    }
    const totals = result.totalsCheck.status === 'mismatch' ? '; its total row does not match the sum of its rows' : result.totalsCheck.status === 'match' ? '; totals match' : '';
    return { result, summary: `${name}: ${fileName} read as a ${result.platform} export (${result.layout}) → ${result.table}, ${result.rows.length} rows${totals}` };
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(`--data ${name}: ${e.message}`);
    throw e;
  }
}

/** A --param the notebook doesn't define, or of the wrong type, is a bad argument (exit 2). */
function checkParams(notebook: Notebook, params: Record<string, string>): void {
  let resolved;
  try {
    resolved = resolveParams(notebook, params);
  } catch (e) {
    throw new UsageError(`--param ${(e as Error).message}`);
  }
  for (const name of Object.keys(params)) {
    const err = resolved.errors.get(name);
    if (err) throw new UsageError(`--param ${name}: ${err}`);
    if (!resolved.values.has(name)) {
      const known = [...resolved.values.keys()];
      throw new UsageError(`--param ${name}: the notebook has no parameter of that name${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
    }
  }
}

/**
 * A --param for an input whose options are read from the data can only be checked once the data is
 * loaded: a value the data lacks is a bad argument (exit 2) naming the values there are.
 */
function checkDataParams(notebook: Notebook, params: Record<string, string>, runs: Map<string, CellRun>): void {
  for (const cell of cells(notebook)) {
    if (cell.kind !== 'input' || !(cell.id in params)) continue;
    let spec;
    try {
      spec = inputSpec(cell);
    } catch {
      continue;
    }
    if (!spec.optionsFrom) continue;
    const run = runs.get(cell.id);
    if (run?.status === 'error' && run.error?.includes('is not among')) throw new UsageError(`--param ${cell.id}: ${run.error}`);
    const out = run?.result?.output;
    if (out?.type === 'input' && String(out.value) !== params[cell.id]) {
      const options = out.input.options ?? [];
      throw new UsageError(`--param ${cell.id}: \`${params[cell.id]}\` is not among the ${options.length} values of column \`${spec.optionsFrom.column}\` of \`${spec.optionsFrom.table}\`: ${options.slice(0, 20).join(', ')}${options.length > 20 ? ' …' : ''}`);
    }
  }
}

export function notebookReport(notebook: Notebook, runs: Map<string, CellRun>, out: string): string {
  switch (extname(out).toLowerCase()) {
    case '.json':
      return `${JSON.stringify(jsonReport(notebook, runs), null, 2)}\n`;
    case '.md':
      return markdownReport(notebook, runs);
    default: {
      const svgs = new Map<string, string>();
      for (const [id, run] of runs) {
        const o = run.result?.output;
        if (o?.type === 'plot') svgs.set(id, plotToSvg(o.spec as unknown as PlotSpec, o.data));
      }
      return htmlReport(notebook, runs, svgs);
    }
  }
}

export const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ⏎ ').trim();

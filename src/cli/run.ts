/** `pulse run NOTEBOOK [--data NAME=PATH …] [--no-samples] [--param KEY=VALUE …] [--out FILE.json|.md|.html]` */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFileError, formatFromFileName, textEncodingOf } from '../core/dataFiles.ts';
import { detectExport, ImportError, importToArrow, MAX_COLUMNS } from '../core/importers/index.ts';
import { importAnyExport } from '../core/importers/excel.ts';
import { NotebookParseError } from '../core/notebook/errors.ts';
import { parseNotebook } from '../core/notebook/format.ts';
import { csvHeaderColumns } from '../core/notebook/datasetColumns.ts';
import { canonicalTextColumns, declaredDatasets, samplePathProblem, warehouseDeclarationProblems } from '../core/notebook/datasets.ts';
import { cells, type Notebook } from '../core/notebook/model.ts';
import { inputSpec } from '../core/cells/input.ts';
import { resolveParams, runNotebook, type CellRun } from '../core/notebook/runner.ts';
import { buildGraph, withDependencies } from '../core/notebook/graph.ts';
import { htmlReport, jsonReport, markdownReport } from '../core/report/report.ts';
import type { DatasetBinding } from '../core/report/dataSection.ts';
import type { PlotSpec } from '../core/cells/plot.ts';
import { NativeEngine } from '../engines/native/nativeEngine.ts';
import { keyValue, outPathProblem, UsageError, writeOutputFile, type Io } from './args.ts';
import { bindingLines, checkSchemaFit, sampleColumnWarnings } from './datasets.ts';
import { reportChart } from './plotSvg.ts';
import type { PulledTable } from '../core/report/warehouseSection.ts';
import { hasWarehouseParts, pullWarehouseParts } from './warehouse/pullNotebook.ts';
import { DEFAULT_LIMITS, type PullLimits } from './warehouse/pull.ts';

/** Where the bundled sample data lives (also served to the browser app). */
export const SAMPLE_DIR = fileURLToPath(new URL('../../public/sample/', import.meta.url));

export const RUN_USAGE =
  'usage: pulse run NOTEBOOK.pulse.md [--data NAME=PATH …] [--no-samples] [--param KEY=VALUE …] [--out RESULT.json|RESULT.md|RESULT.html] [--max-rows N] [--max-bytes SIZE] [--timeout SECONDS]';

interface RunArgs {
  notebook: string;
  data: Map<string, string>;
  params: Record<string, string>;
  out?: string;
  /** A declared dataset without --data is an error instead of running on the bundled sample. */
  noSamples: boolean;
  /** Caps and statement timeout of warehouse pulls. */
  limits: PullLimits;
}

export function parseRunArgs(args: string[], usage = RUN_USAGE): RunArgs {
  const data = new Map<string, string>();
  const params: Record<string, string> = {};
  let notebook: string | undefined;
  let out: string | undefined;
  let noSamples = false;
  const limits: PullLimits = { ...DEFAULT_LIMITS };
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
    } else if (flag === '--no-samples') {
      noSamples = true;
    } else if (flag === '--max-rows') {
      limits.maxRows = positive(flag, value(), (t) => Number(t.replace(/[_,]/g, '')));
    } else if (flag === '--max-bytes') {
      limits.maxBytes = positive(flag, value(), byteSize);
    } else if (flag === '--timeout') {
      limits.timeoutMs = positive(flag, value(), (t) => Number(t) * 1000);
    } else if (flag.startsWith('-')) {
      throw new UsageError(`unknown option ${flag}\n${usage}`);
    } else if (notebook === undefined) notebook = a;
    else throw new UsageError(`one notebook at a time (got \`${notebook}\` and \`${a}\`)\n${usage}`);
  }
  if (!notebook) throw new UsageError(`which notebook? ${usage}`);
  if (out && !['.json', '.md', '.html'].includes(extname(out).toLowerCase())) {
    throw new UsageError(`--out ${out}: the report format comes from the extension: use .json, .md or .html`);
  }
  return { notebook, data, params, noSamples, limits, ...(out ? { out } : {}) };
}

function positive(flag: string, text: string | undefined, parse: (t: string) => number): number {
  const n = text === undefined ? NaN : parse(text.trim());
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number (got ${text === undefined ? 'nothing' : `\`${text}\``})`);
  return n;
}

/** `500MB`, `2GB`, `1.5G`, `1048576`: bytes (1 KB = 1024 bytes). */
function byteSize(t: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)B?$/i.exec(t);
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] || ' ').toUpperCase());
}

export function readNotebook(path: string): Notebook {
  if (!existsSync(path)) throw new UsageError(`${path}: no such notebook file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read the notebook (${(e as Error).message})`);
  }
  let notebook: Notebook;
  try {
    notebook = parseNotebook(text);
  } catch (e) {
    if (e instanceof NotebookParseError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
  const problems = warehouseDeclarationProblems(notebook);
  if (problems.length) throw new UsageError(`${path}: ${problems.join('; ')}`);
  return notebook;
}

/** The files to bind: --data first, else the sample each declared dataset names (unless `noSamples`). */
export function bindings(notebook: Notebook, data: Map<string, string>, sampleDir = SAMPLE_DIR, noSamples = false): Map<string, string> {
  const out = new Map(data);
  for (const d of declaredDatasets(notebook)) {
    if (out.has(d.name) || d.warehouse) continue;
    if (noSamples) throw new UsageError(`dataset \`${d.name}\` is not bound and --no-samples is set: pass --data ${d.name}=FILE`);
    if (!d.sample) {
      throw new UsageError(
        d.file
          ? `dataset \`${d.name}\` is the user's file ${d.file}, which is not given: pass --data ${d.name}=PATH/TO/${d.file}`
          : `dataset \`${d.name}\` has no sample data: pass --data ${d.name}=FILE`,
      );
    }
    out.set(d.name, samplePath(d.name, d.sample, sampleDir));
  }
  return out;
}

/** A dataset's `sample:` as a path inside `sampleDir`; anything else is refused, naming both. */
function samplePath(dataset: string, sample: string, sampleDir: string): string {
  const refuse = (why: string) =>
    new UsageError(`dataset \`${dataset}\`: sample "${sample}" must name a file in the bundled sample folder, but ${why}; fix the notebook's front matter or pass --data ${dataset}=FILE`);
  const problem = samplePathProblem(sample);
  if (problem) throw refuse(problem);
  const path = resolve(sampleDir, sample);
  // The written path stays inside; so must the file it names (no link out of the folder).
  const inside = (p: string, dir: string) => !relative(dir, p).startsWith('..') && !isAbsolute(relative(dir, p));
  if (!inside(path, sampleDir) || (existsSync(path) && !inside(realpathSync(path), realpathSync(sampleDir)))) throw refuse('it leads out of it');
  return path;
}

/** The path of a dataset's `sample:` in the sample folder, or null when it names no file there. */
function insideSampleDir(dataset: string, sample: string): string | null {
  try {
    return samplePath(dataset, sample, SAMPLE_DIR);
  } catch {
    return null;
  }
}

/** `--out` may not overwrite the notebook or a file it reads (compared as real paths). */
function checkOutPath(out: string, notebook: string, files: Map<string, string>): void {
  const problem = outPathProblem(out);
  if (problem) throw new UsageError(problem);
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const target = real(out);
  if (target === real(notebook)) throw new UsageError(`--out ${out} is the notebook itself: writing the report would overwrite it; choose another file name`);
  for (const [name, path] of files) {
    if (target === real(path)) throw new UsageError(`--out ${out} is the file dataset \`${name}\` reads: writing the report would overwrite it; choose another file name`);
  }
}

/** What a headless run needs: the notebook file, the files to bind by name, `--param` overrides. */
export interface HeadlessRunOptions {
  notebook: string;
  data: Map<string, string>;
  params: Record<string, string>;
  /** A dataset without --data is an error rather than its bundled sample. */
  noSamples?: boolean;
  /** The report path, checked before anything runs so it cannot overwrite an input. */
  out?: string;
  /** Caps and statement timeout of warehouse pulls. */
  limits?: PullLimits;
  /**
   * Run only these cells and the cells they read (`pulse grade` without a report: the exercises);
   * default every cell. A cell's result depends only on what it reads, so theirs are the same.
   */
  only?: (notebook: Notebook) => Iterable<string>;
}

/**
 * Read a notebook, bind its datasets (--data, else the bundled samples; platform exports through the
 * importers), run every cell on native DuckDB and return the runs. `pulse run` and `pulse grade`
 * share it, so a graded notebook runs exactly as it does in `pulse run`.
 */
export async function runHeadless(
  opts: HeadlessRunOptions,
  io: Io,
): Promise<{ notebook: Notebook; runs: Map<string, CellRun>; bound: DatasetBinding[]; pulled: PulledTable[] }> {
  const notebook = readNotebook(opts.notebook);
  checkParams(notebook, opts.params);
  const files = bindings(notebook, opts.data, SAMPLE_DIR, opts.noSamples);
  if (opts.out) checkOutPath(opts.out, opts.notebook, files);
  const engine = await NativeEngine.create();
  try {
    const schemas = new Map(declaredDatasets(notebook).map((d) => [d.name, d.schema]));
    const samples = new Map(declaredDatasets(notebook).flatMap((d) => (d.sample ? [[d.name, d.sample] as const] : [])));
    const bound: DatasetBinding[] = [];
    const summaries = new Map<string, string>();
    for (const [name, path] of files) {
      const sample = !opts.data.has(name);
      const binding = (rows: number, platform: { platform: string | null; layout: string; warnings: string[] } | null): DatasetBinding => ({
        name, source: sample ? 'sample' : 'file', file: sample ? basename(path) : path, platform: platform?.platform ?? null,
        layout: platform?.platform ? platform.layout : null, schema: schemas.get(name) ?? null, rows, warnings: platform?.warnings ?? [],
      });
      const notAFile = notARegularFile(path);
      if (notAFile) throw new UsageError(`${sample ? `dataset \`${name}\`: sample` : `--data ${name}:`} ${path}: ${notAFile}`);
      try {
        const imported = platformExport(name, path, schemas.get(name));
        if (imported) {
          const info = await engine.registerArrow(name, importToArrow(imported.result));
          bound.push(binding(info.rowCount, imported.result));
          summaries.set(name, imported.summary);
        } else {
          const columnTypes = canonicalTextColumns(schemas.get(name));
          const info = await engine.registerFile(name, { kind: 'path', path, fileName: basename(path) }, undefined, { columnTypes });
          bound.push(binding(info.rowCount, null));
        }
      } catch (e) {
        if (e instanceof DataFileError) throw new UsageError(`--data ${name}: ${path}: ${e.message.slice(e.fileName.length + 2)}`);
        throw e;
      }
      const columns = (await engine.describe(name))!.columns;
      checkSchemaFit(notebook, bound.at(-1)!, path, columns);
      // A user's file is also checked against the columns its sample has beyond the schema.
      // The sample is checked as when it is bound: a `sample:` that leads out of the folder is not read.
      const sampleFile = samples.get(name);
      const samplePathFor = sampleFile && !sample ? insideSampleDir(name, sampleFile) : null;
      if (sampleFile && samplePathFor && existsSync(samplePathFor)) {
        const header = csvHeaderColumns(readFileSync(samplePathFor, 'utf8'));
        bound.at(-1)!.warnings.push(...sampleColumnWarnings(notebook, bound.at(-1)!, sampleFile, columns, header));
      }
    }
    for (const line of bindingLines(bound, summaries)) io.stderr(line);
    const pulledParts = hasWarehouseParts(notebook, opts.data)
      ? await pullWarehouseParts(notebook, opts.notebook, engine, resolveParams(notebook, opts.params).values, opts.data, opts.limits ?? DEFAULT_LIMITS, io.stderr)
      : { pulled: [], cellErrors: new Map<string, { error: string; line: number }>() };
    const pulled = pulledParts.pulled;
    const datasets = [...files.keys(), ...pulled.filter((p) => p.kind === 'dataset').map((p) => p.name)];
    // Inputs set with --param run too: their value is checked against the data's options below.
    const only = opts.only ? withDependencies(buildGraph(notebook, { datasets, params: Object.keys(opts.params) }), [...opts.only(notebook), ...Object.keys(opts.params)]) : undefined;
    const { runs } = await runNotebook(notebook, engine, { params: opts.params, datasets, ...(only ? { only } : {}) });
    // A warehouse cell whose pull failed fails with the warehouse's message, at the line it points at.
    for (const [id, e] of pulledParts.cellErrors) {
      const run = runs.get(id);
      if (run) runs.set(id, { ...run, status: 'error', error: e.error, errorLine: e.line });
    }
    checkDataParams(notebook, opts.params, runs);
    return { notebook, runs, bound, pulled };
  } finally {
    await engine.close();
  }
}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const opts = parseRunArgs(args);
  const { notebook, runs, bound, pulled } = await runHeadless(opts, io);
  if (opts.out) writeOutputFile(opts.out, notebookReport(notebook, runs, opts.out, bound, pulled));
  // A note (empty input, a metric the data lacks) is not a failure, but a headless run should say it.
  for (const c of cells(notebook)) {
    const note = runs.get(c.id)?.result?.note;
    if (note) io.stderr(`cell ${c.id} (${opts.notebook}:${c.line}): ${oneLine(note)}`);
  }
  // An input whose declared default is missing from the bound data says which value it used instead.
  for (const r of runs.values()) {
    const o = r.result?.output;
    if (o?.type === 'input' && o.input.note) io.stdout(`input ${r.id}: ${o.input.note}`);
  }
  const failed = [...runs.values()].filter((r) => r.status !== 'ok');
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

/**
 * Why `path` (after links) is not a data file Pulse can read, or null. A folder, and above all a device
 * (`/dev/zero`, `/dev/stdin`) or a named pipe, would be read forever: `.csv` on a link to one is enough.
 */
function notARegularFile(path: string): string | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return null; // missing: the loader says so, with what to check
  }
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'this is a folder, not a file: name the data file inside it';
  const what = st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  return `this is ${what}, not a file: Pulse reads data files only (CSV, TSV, JSON, NDJSON, Parquet, .xlsx); save the data to one and pass that`;
}

/** Platform exports bigger than this are loaded as they are (the importers parse in memory). */
const IMPORTER_MAX_BYTES = 200 * 1024 * 1024;

/**
 * A known platform export (Meta, LinkedIn, X, TikTok, GA4, Google Ads, Mailchimp, Klaviyo) bound to a
 * dataset goes through the importer, so a trainee's own export lands in the canonical schema the
 * notebook expects; an .xlsx workbook is read here too (its first sheet, as in the browser), as a
 * platform export or a plain typed table. Any other file returns null and is loaded as it is.
 */
function platformExport(name: string, path: string, schema: string | undefined) {
  if (!existsSync(path) || statSync(path).size > IMPORTER_MAX_BYTES) return null;
  const workbook = /\.xlsx$/i.test(path);
  if (!workbook) {
    let format;
    try {
      format = formatFromFileName(path);
    } catch {
      return null;
    }
    if (format !== 'csv' && format !== 'tsv') return null;
  }
  const bytes = new Uint8Array(readFileSync(path));
  const fileName = basename(path);
  // The encoding as the engines see it (core/dataFiles.ts), so a Windows-1252 file is read as such here
  // too; NUL bytes are UTF-16 without a byte-order mark, which the importers recognize themselves.
  const cp1252 = textEncodingOf(bytes, true) === 'windows-1252' && !bytes.subarray(0, 2048).includes(0);
  const encoding = cp1252 ? { encoding: 'windows-1252' as const } : {};
  try {
    if (!workbook && detectExport(bytes, fileName, encoding).platform === null) return null;
    const result = importAnyExport(bytes, fileName, workbook ? {} : encoding);
    const sheet = result.detection.sheet ? ` (sheet "${result.detection.sheet.name}")` : '';
    if (result.platform === null) {
      return { result, summary: `${name}: ${fileName}${sheet} read as a plain table, ${result.rows.length} rows` };
    }
    if (schema && result.table !== schema) {
      throw new UsageError(`--data ${name}: ${path} is a ${result.platform} ${result.layout} export (canonical table ${result.table}), but dataset \`${name}\` expects ${schema}`);
    }
    const totals = result.totalsCheck.status === 'mismatch' ? '; its total row does not match the sum of its rows' : result.totalsCheck.status === 'match' ? '; totals match' : '';
    return { result, summary: `${name}: ${fileName}${sheet} read as a ${result.platform} export (${result.layout}) → ${result.table}, ${result.rows.length} rows${totals}` };
  } catch (e) {
    // Wider than any platform export, so not one: loaded as it is, as the app does.
    if (e instanceof ImportError && e.message.includes(`more than the ${MAX_COLUMNS}`)) return null;
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

export function notebookReport(notebook: Notebook, runs: Map<string, CellRun>, out: string, datasets?: DatasetBinding[], pulled?: PulledTable[]): string {
  switch (extname(out).toLowerCase()) {
    case '.json':
      return `${JSON.stringify(jsonReport(notebook, runs, datasets, pulled), null, 2)}\n`;
    case '.md':
      return markdownReport(notebook, runs, datasets, pulled);
    default: {
      const svgs = new Map<string, string>();
      for (const [id, run] of runs) {
        const o = run.result?.output;
        if (o?.type === 'plot') svgs.set(id, reportChart(o.spec as unknown as PlotSpec, o.data));
      }
      return htmlReport(notebook, runs, svgs, datasets, pulled);
    }
  }
}

export const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ⏎ ').trim();

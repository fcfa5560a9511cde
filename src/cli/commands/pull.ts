/**
 * `pulse pull NOTEBOOK --out BUNDLE.pulse.zip`: run only the warehouse parts of a notebook (its
 * `warehouse:` datasets and `warehouse=` sql cells) and write a bundle holding the notebook and the
 * pulled tables as Parquet. The browser app opens it with no connection at all: this is how warehouse
 * data reaches an analyst's browser, as a file the user chooses to open. The bundle holds connection
 * names and queries as written, never a host, user or password.
 */
import { existsSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveParams } from '../../core/notebook/runner.ts';
import { createBundle, type BundleDatasetInput } from '../../share/bundle.ts';
import { NativeEngine } from '../../engines/native/nativeEngine.ts';
import { outPathProblem, UsageError, writeOutputFile, type Io } from '../args.ts';
import { parseRunArgs, readNotebook } from '../run.ts';
import { hasWarehouseParts, pullWarehouseParts } from '../warehouse/pullNotebook.ts';
import { DEFAULT_LIMITS } from '../warehouse/pull.ts';
import { declaredDatasets } from '../../core/notebook/datasets.ts';

export const PULL_USAGE = 'usage: pulse pull NOTEBOOK.pulse.md --out BUNDLE.pulse.zip [--param KEY=VALUE …] [--max-rows N] [--max-bytes SIZE] [--timeout SECONDS]';

export async function pullCommand(args: string[], io: Io): Promise<number> {
  // --out names a bundle here, not a report: taken out before the arguments `pulse run` shares.
  let out: string | undefined;
  const rest: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--out') out = args[++k];
    else if (args[k]!.startsWith('--out=')) out = args[k]!.slice('--out='.length);
    else rest.push(args[k]!);
  }
  const opts = parseRunArgs(rest, PULL_USAGE);
  if (!out || !/\.pulse\.zip$/i.test(out)) throw new UsageError(`--out needs the bundle to write, a name ending in .pulse.zip\n${PULL_USAGE}`);
  if (opts.data.size > 0) throw new UsageError(`pulse pull takes no --data: it pulls the warehouse parts only (the other datasets bind in the app as usual)\n${PULL_USAGE}`);
  const outProblem = outPathProblem(out);
  if (outProblem) throw new UsageError(outProblem);
  if (existsSync(out) && realpathSync(out) === realpathSync(opts.notebook)) throw new UsageError(`--out ${out} is the notebook itself; choose another file name`);
  const notebook = readNotebook(opts.notebook);
  if (!hasWarehouseParts(notebook, new Map())) {
    throw new UsageError(`${opts.notebook}: nothing to pull: no dataset declares warehouse: { connection, query } and no sql cell is marked warehouse=NAME (see docs/warehouse.md)`);
  }
  let params;
  try {
    params = resolveParams(notebook, opts.params);
  } catch (e) {
    throw new UsageError(`--param ${(e as Error).message}`);
  }
  const engine = await NativeEngine.create();
  try {
    const { pulled, cellErrors } = await pullWarehouseParts(notebook, opts.notebook, engine, params.values, new Map(), opts.limits ?? DEFAULT_LIMITS, io.stderr);
    if (cellErrors.size > 0) {
      for (const [id, e] of cellErrors) io.stderr(`cell ${id} (${opts.notebook}:${e.line}) failed: ${e.error}`);
      io.stdout(`no bundle written: ${cellErrors.size} warehouse cell${cellErrors.size === 1 ? '' : 's'} failed`);
      return 1;
    }
    const schemas = new Map(declaredDatasets(notebook).map((d) => [d.name, d.schema]));
    const datasets: BundleDatasetInput[] = [];
    for (const p of pulled) {
      const canonical = schemas.get(p.name);
      datasets.push({
        name: p.name,
        parquet: await engine.exportParquet(p.name),
        schema: { columns: p.columns.map((c) => ({ name: c.name, type: c.type })), ...(canonical ? { canonical } : {}) },
        rowCount: p.rows,
        fileName: `${p.name} (warehouse ${p.connection}).parquet`,
      });
    }
    const bytes = await createBundle(readFileSync(opts.notebook, 'utf8'), datasets);
    // Written beside the target and renamed, so an interrupted write never leaves a bundle that looks whole.
    const tmp = resolve(`${out}.partial`);
    try {
      // A `.partial` left there (or planted as a link) is removed, and the new one created exclusively:
      // the bytes never go through a link. The rename replaces `out` itself, never a file it links to.
      rmSync(tmp, { force: true });
      writeOutputFile(tmp, bytes, true);
      renameSync(tmp, out);
    } finally {
      rmSync(tmp, { force: true });
    }
    const rows = pulled.reduce((n, p) => n + p.rows, 0);
    io.stdout(`bundle written to ${out}: ${pulled.length} pulled table${pulled.length === 1 ? '' : 's'}, ${rows.toLocaleString('en-US')} rows (open it in Pulse; the browser never connects to the warehouse)`);
    return 0;
  } finally {
    await engine.close();
  }
}

/**
 * What `pulse run` tells about its datasets: one stderr line per binding (the user's file, or the
 * bundled sample named as such), the importer's warnings, and a refusal, before any cell runs, of a
 * file that lacks canonical columns the notebook reads.
 */
import { basename } from 'node:path';
import type { ColumnInfo } from '../core/engine.ts';
import { cellsThatCannotRun, columnsReadFrom } from '../core/notebook/datasetColumns.ts';
import type { Notebook } from '../core/notebook/model.ts';
import type { DatasetBinding } from '../core/report/dataSection.ts';
import { UsageError } from './args.ts';

/**
 * Refuse a bound table that lacks canonical columns the notebook reads from it (exit 2), naming them,
 * the file and what to do, instead of letting every cell that reads them fail with a binder error.
 */
export function checkSchemaFit(notebook: Notebook, binding: DatasetBinding, path: string, columns: readonly ColumnInfo[]): void {
  if (!binding.schema) return;
  const have = new Set(columns.map((c) => c.name.toLowerCase()));
  const missing = columnsReadFrom(notebook, binding.name, binding.schema).filter((c) => !have.has(c));
  if (missing.length === 0) return;
  const flag = binding.source === 'sample' ? `the bundled sample for \`${binding.name}\`` : `--data ${binding.name}`;
  throw new UsageError(
    `${flag}: ${path} has no column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}, which the notebook reads from \`${binding.name}\` ` +
      `(canonical schema ${binding.schema}; the file's columns: ${columns.map((c) => c.name).join(', ')}). ` +
      `Rename the file's columns to the canonical names (docs/schema.md), or bind the platform's own export so the importer maps it.`,
  );
}

/**
 * Warnings for a user's file that lacks columns the bundled sample has beyond the canonical schema
 * (`sampleColumns`, its header) and the notebook reads: no importer maps to them, so the cells that
 * read them cannot run. Named with their sections and the cells built on them; the rest still runs.
 */
export function sampleColumnWarnings(notebook: Notebook, binding: DatasetBinding, sampleFile: string, columns: readonly ColumnInfo[], sampleColumns: readonly string[]): string[] {
  if (!binding.schema || binding.source !== 'file') return [];
  const blocked = cellsThatCannotRun(notebook, binding.name, binding.schema, columns.map((c) => c.name), sampleColumns);
  if (blocked.length === 0) return [];
  const lacks = [...new Set(blocked.flatMap((b) => b.missing))];
  const readers = blocked.filter((b) => b.missing.length > 0).map((b) => `${b.id}${b.section ? ` (section "${b.section}")` : ''}`);
  const after = blocked.filter((b) => b.via).map((b) => b.id);
  return [
    `this file has no column${lacks.length === 1 ? '' : 's'} ${lacks.join(', ')}, which the bundled sample ${sampleFile} has beyond the ${binding.schema} schema: ` +
      `${readers.join(', ')} ${readers.length === 1 ? 'reads' : 'read'} ${lacks.length === 1 ? 'it' : 'them'} and cannot run` +
      `${after.length > 0 ? `, nor can ${after.join(', ')}, built on ${readers.length === 1 ? 'it' : 'them'}` : ''}; the rest of the notebook runs. Add ${lacks.length === 1 ? 'the column' : 'the columns'} to the file to run ${readers.length === 1 ? 'it' : 'them'}`,
  ];
}

/** The stderr lines for the bindings: one per dataset, its warnings, and a warning when samples and own files mix. */
export function bindingLines(bindings: readonly DatasetBinding[], summaries: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const b of bindings) {
    const rows = `${b.rows.toLocaleString('en-US')} row${b.rows === 1 ? '' : 's'}`;
    if (b.source === 'sample') lines.push(`${b.name}: bundled sample ${b.file} (no --data ${b.name}=…), ${rows}`);
    else lines.push(summaries.get(b.name) ?? `${b.name}: ${basename(b.file)} loaded as it is (no platform export layout recognized), ${rows}`);
    for (const w of b.warnings) lines.push(`${b.name}: warning: ${w}`);
  }
  const samples = bindings.filter((b) => b.source === 'sample').map((b) => b.name);
  if (samples.length > 0 && samples.length < bindings.length) {
    const own = bindings.filter((b) => b.source === 'file').map((b) => b.name);
    lines.push(
      `warning: ${samples.join(', ')} ${samples.length === 1 ? 'runs' : 'run'} on bundled sample data while ${own.join(', ')} ${own.length === 1 ? 'comes' : 'come'} from your files: ` +
        `pass ${samples.map((s) => `--data ${s}=FILE`).join(' ')}, or --no-samples to make this an error`,
    );
  }
  return lines;
}

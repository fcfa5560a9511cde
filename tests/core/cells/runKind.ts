/** Run one cell of a kind on an engine, as the kind tests do: its rows, column names, note and verdict, or its error. */
import { rowsFromTable } from '../../../src/core/arrow.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { parseNotebook } from '../../../src/core/notebook/format.ts';
import { runNotebook } from '../../../src/core/notebook/runner.ts';

export async function runKind(engine: Engine, kind: string, body: string, before = '') {
  const { runs } = await runNotebook(parseNotebook(`${before}\`\`\`${kind} out\n${body}\`\`\`\n`), engine);
  const r = runs.get('out')!;
  if (r.error) return { error: r.error, rows: [] as Record<string, any>[], columns: [] as string[], note: undefined, verdict: undefined };
  return { error: undefined, rows: rowsFromTable(r.result!.preview) as Record<string, any>[], columns: r.result!.columns.map((c) => c.name), note: r.result!.note, verdict: r.result!.verdict };
}

/** Names and starter text for cells added in the UI. */
import { cells, type Notebook } from '../../core/notebook/model';

/** A free cell id for `kind`: `sql_1`, `ab_test_2` … (ids are SQL table names, so no dashes). */
export function newCellId(notebook: Notebook, kind: string): string {
  const base = kind.replace(/[^A-Za-z0-9_]/g, '_');
  const taken = new Set(cells(notebook).map((c) => c.id.toLowerCase()));
  let n = 1;
  while (taken.has(`${base}_${n}`.toLowerCase())) n++;
  return `${base}_${n}`;
}

/** What a new cell of each kind starts with: enough to run, or a pointer to what to fill in. */
export function starterCode(kind: string): string {
  switch (kind) {
    case 'sql':
      return 'SELECT 42 AS answer';
    case 'input':
      return 'type: number\nlabel: Threshold\ndefault: 10\nmin: 0\nmax: 100';
    case 'checklist':
      return '- [ ] first thing to check\n- [ ] second thing to check';
    case 'decision':
      return 'question: Which option do we go with?\noptions: [A, B]\nstatus: open';
    case 'plot':
      return 'from: a_table\nmark: barY\nx: a_column\ny: another_column';
    default:
      return `# Keys of a ${kind} cell: see docs/cells.md#${kind}`;
  }
}

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

/** The cell above a new one: its name, and its result's columns when it has run. */
export interface CellAbove {
  id: string;
  columns?: { name: string; type: string }[];
}

/** A plot of the cell above: a bar per category, or a line over time, of its first numeric column. */
function plotOf(above: CellAbove): string {
  const cols = above.columns ?? [];
  const numeric = cols.find((c) => /INT|DOUBLE|FLOAT|DECIMAL|REAL/i.test(c.type));
  const time = cols.find((c) => /^(DATE|TIMESTAMP)/i.test(c.type));
  const label = cols.find((c) => /VARCHAR|TEXT|STRING/i.test(c.type));
  const x = time ?? label;
  if (!numeric || !x) return `from: ${above.id}\nmark: barY\nx: ${x?.name ?? 'a_column'}\ny: ${numeric?.name ?? 'another_column'}`;
  return `from: ${above.id}\nmark: ${x === time ? 'line' : 'barY'}\nx: ${x.name}\ny: ${numeric.name}`;
}

/** What a new cell of each kind starts with: enough to run, or a pointer to what to fill in; a plot starts from the cell above. */
export function starterCode(kind: string, above?: CellAbove): string {
  if (kind === 'plot' && above) return plotOf(above);
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

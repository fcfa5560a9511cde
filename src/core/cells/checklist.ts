import { tableFromColumns } from '../arrow.ts';
import { CellError, type CellKindDef, type ChecklistItem } from './kind.ts';
import { registerResult } from './result.ts';

const ITEM = /^(\s*[-*+]\s+\[)([ xX])(\]\s+)(.*)$/;

/** The `- [ ] item` / `- [x] item` lines of a checklist body; other lines are notes. */
export function checklistItems(code: string): ChecklistItem[] {
  return code.split(/\r\n|\n|\r/).flatMap((line, k) => {
    const m = ITEM.exec(line);
    return m ? [{ text: m[4]!.trim(), done: m[2] !== ' ', line: k }] : [];
  });
}

/** Tick or untick item `index`, changing only that one character of the body. */
export function toggleChecklistItem(code: string, index: number, done?: boolean): string {
  const item = checklistItems(code)[index];
  if (!item) throw new Error(`This checklist has no item ${index + 1}.`);
  const parts = code.split(/(\r\n|\n|\r)/);
  const k = item.line * 2; // split keeps separators at odd positions
  const m = ITEM.exec(parts[k]!)!;
  const next = done ?? !item.done;
  parts[k] = `${m[1]}${next ? 'x' : ' '}${m[3]}${m[4]}`;
  return parts.join('');
}

/** `checklist`: Markdown task items whose ticks are saved in the file. */
export const checklistCell: CellKindDef = {
  kind: 'checklist',
  summary: 'Task items (- [ ] / - [x]) whose ticks are saved with the notebook.',
  references() {
    return { tables: [], params: [] };
  },
  async run({ cell, engine, previewRows }) {
    const items = checklistItems(cell.code);
    if (items.length === 0) throw new CellError('a checklist needs items written `- [ ] what to do`', 1);
    const table = tableFromColumns([
      { name: 'item', type: 'VARCHAR', values: items.map((i) => i.text) },
      { name: 'done', type: 'BOOLEAN', values: items.map((i) => i.done) },
    ]);
    return registerResult(engine, cell.id, table, previewRows, { type: 'checklist', items });
  },
};

import { describe, expect, it } from 'vitest';
import { toggleChecklistItem, checklistItems } from '../../../src/core/cells/checklist.ts';
import { deleteCell, insertCell, moveCell, renameCell, setCellCode } from '../../../src/core/notebook/edit.ts';
import { parseNotebook, serializeNotebook } from '../../../src/core/notebook/format.ts';
import { cells } from '../../../src/core/notebook/model.ts';

const text = '---\r\ntitle: e\r\n---\r\n\r\nIntro\r\n\r\n```sql a\r\nSELECT 1\r\n```\r\n\r\n```sql b\r\nSELECT 2\r\n```\r\n';

describe('notebook edits change only what they touch', () => {
  it('setCellCode keeps the file\'s line ends and every other byte', () => {
    const out = serializeNotebook(setCellCode(parseNotebook(text), 'a', 'SELECT 10\nFROM t'));
    expect(out).toBe(text.replace('SELECT 1\r\n', 'SELECT 10\r\nFROM t\r\n'));
  });

  it('setCellCode lengthens the fence when the code holds a fence line', () => {
    const nb = setCellCode(parseNotebook(text), 'a', "SELECT '\n```\n'");
    expect(cells(nb).find((c) => c.id === 'a')!.code).toBe("SELECT '\r\n```\r\n'");
    expect(serializeNotebook(nb)).toContain('````sql a');
  });

  it('insert, move, rename and delete', () => {
    let nb = insertCell(parseNotebook(text), 1, 'sql', 'c', 'SELECT 3');
    expect(cells(nb).map((c) => c.id)).toEqual(['a', 'c', 'b']);
    nb = moveCell(nb, 'c', 1);
    expect(cells(nb).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    nb = renameCell(nb, 'c', 'third');
    expect(cells(nb).map((c) => c.id)).toEqual(['a', 'b', 'third']);
    nb = deleteCell(nb, 'a');
    expect(cells(nb).map((c) => c.id)).toEqual(['b', 'third']);
    const out = serializeNotebook(nb);
    expect(out).toContain('```sql third\r\nSELECT 3\r\n```');
    expect(parseNotebook(out).blocks.length).toBeGreaterThan(0);
  });
});

describe('checklist ticks', () => {
  const body = '- [ ] agree UTM template\nnote line\n* [x] name campaigns consistently';
  it('reads items and toggles one character', () => {
    expect(checklistItems(body).map((i) => [i.text, i.done])).toEqual([
      ['agree UTM template', false],
      ['name campaigns consistently', true],
    ]);
    expect(toggleChecklistItem(body, 0)).toBe(body.replace('- [ ]', '- [x]'));
    expect(toggleChecklistItem(body, 1)).toBe(body.replace('* [x]', '* [ ]'));
  });
});

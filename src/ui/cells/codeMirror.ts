/**
 * A cell's CodeMirror editor, built on demand. CodeMirror is its own chunk, loaded when the first
 * editor mounts (after the notebook's results are on screen), so opening a notebook does not wait
 * for it (docs/performance.md, open with results). CodeEditor.svelte shows the code as text until then.
 */
import { Decoration, EditorView, keymap, tooltips, type DecorationSet } from '@codemirror/view';
import { Compartment, EditorSelection, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { basicSetup } from 'codemirror';
import { sql, PostgreSQL } from '@codemirror/lang-sql';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { ErrorPosition } from './errorPosition';

export interface CellEditorOptions {
  parent: HTMLElement;
  code: string;
  language: 'sql' | 'yaml';
  schema: Record<string, string[]>;
  /** Where the caret starts (a text offset), e.g. where the user clicked the code before it was an editor. */
  caret?: number;
  onChange: (code: string) => void;
  onRun: (move: boolean) => void;
  onEscape?: () => void;
}

export interface CellEditor {
  view: EditorView;
  setSchema(schema: Record<string, string[]>): void;
  setCode(code: string): void;
  /** Mark the error where DuckDB points: the token at line:column, or the whole line; null clears it. */
  setError(error: (ErrorPosition & { message: string }) | null): void;
  destroy(): void;
}

/** The error's line, tinted so it stands out before the eye finds the underline; it moves with edits. */
const setErrorLine = StateEffect.define<number | null>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const ef of tr.effects) {
      if (ef.is(setErrorLine)) marks = ef.value === null ? Decoration.none : Decoration.set([Decoration.line({ class: 'cm-errorLine' }).range(ef.value)]);
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const theme = EditorView.theme({ '&': { fontSize: '13px' }, '.cm-scroller': { fontFamily: 'ui-monospace, monospace' } });

export function createCellEditor(o: CellEditorOptions): CellEditor {
  const lang = new Compartment();
  const sqlLang = (s: Record<string, string[]>) => (o.language === 'sql' ? sql({ dialect: PostgreSQL, schema: s, upperCaseKeywords: true }) : []);
  let schema = o.schema;
  const view = new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.code,
      selection: o.caret !== undefined ? EditorSelection.cursor(Math.max(0, Math.min(o.code.length, o.caret))) : undefined,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run: () => (o.onRun(true), true) },
            { key: 'Mod-Enter', run: () => (o.onRun(false), true) },
          ]),
        ),
        basicSetup,
        // After basicSetup, so Esc first closes an open completion list.
        keymap.of([{ key: 'Escape', run: () => (o.onEscape ? (o.onEscape(), true) : false) }]),
        lintGutter(),
        // Completion lists and error tips go on the body: a cell clips what paints outside it
        // (content-visibility in CellView.svelte).
        tooltips({ parent: document.body }),
        lang.of(sqlLang(schema)),
        errorLine,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) o.onChange(u.state.doc.toString());
        }),
        theme,
      ],
    }),
  });
  return {
    view,
    setSchema(s) {
      if (s === schema) return;
      schema = s;
      view.dispatch({ effects: lang.reconfigure(sqlLang(s)) });
    },
    setCode(c) {
      if (view.state.doc.toString() !== c) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: c } });
    },
    setError(e) {
      const diagnostics: Diagnostic[] = [];
      const doc = view.state.doc;
      const valid = e !== null && e.line >= 1 && e.line <= doc.lines;
      if (valid) {
        const line = doc.line(e.line);
        const from = e.column ? Math.min(line.to, line.from + e.column - 1) : line.from;
        const to = e.column ? Math.min(line.to, from + Math.max(1, e.length ?? 1)) : line.to;
        diagnostics.push({ from, to: Math.max(to, from), severity: 'error', message: e.message });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
      view.dispatch({ effects: setErrorLine.of(valid ? doc.line(e.line).from : null) });
    },
    destroy: () => view.destroy(),
  };
}

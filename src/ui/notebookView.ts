/**
 * The notebook page and its state, loaded when a notebook is first opened. They carry CodeMirror,
 * Observable Plot, the Markdown renderer and the cell kinds, none of which the library page needs; kept
 * out of the first bundle so a cold start leaves the CPU to DuckDB's start-up (docs/performance.md).
 */
export { default as NotebookPage } from './notebook/NotebookPage.svelte';
export { NotebookState } from './state/notebook.svelte';
export { NotebookDoc } from './state/doc.svelte';
export { captureFirstScreen } from './notebook/firstScreen';

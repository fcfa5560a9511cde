/**
 * What a cell kind is: how it reads its body, which names it depends on, and how it runs. One file per
 * kind in this folder; the registry (registry.ts) maps kind names to these definitions.
 */
import type { Table } from 'apache-arrow';
import type { ColumnInfo, Engine } from '../engine.ts';
import type { CellBlock, Notebook } from '../notebook/model.ts';
import type { ParamValue } from '../notebook/params.ts';
import type { Verdict } from './course/exerciseCheck.ts';

/** Names a cell reads. */
export interface CellRefs {
  /** Tables read (cell ids, dataset names or loaded tables). */
  tables: string[];
  /** Parameters read through `${…}` (front matter params or input cells). */
  params: string[];
  /**
   * Tables read by text the cell judges itself (an exercise's answer): ordered after them when they
   * exist, but an unknown one is not the cell's error (the cell reports it in its own terms).
   */
  softTables?: string[];
}

/** What a kind shows besides its result table. */
export type CellOutput =
  | { type: 'table' }
  | { type: 'plot'; spec: Record<string, unknown>; data: Record<string, unknown>[] }
  | { type: 'input'; input: InputSpec; value: ParamValue }
  | { type: 'checklist'; items: ChecklistItem[] }
  | { type: 'decision'; decision: Record<string, unknown> }
  | { type: 'exercise'; verdict: Verdict };

export interface InputSpec {
  type: 'number' | 'text' | 'date' | 'daterange' | 'select';
  label?: string;
  default: ParamValue;
  options?: (string | number)[];
  /** A select whose options are the distinct values of a column of a bound table (read when the cell runs). */
  optionsFrom?: OptionsFrom;
  /** Said beside the control, e.g. that the declared default is not in the data. */
  note?: string;
  min?: number;
  max?: number;
  step?: number;
}

export interface OptionsFrom {
  table: string;
  column: string;
  /** `asc` / `desc` by value, or `count`: the most frequent first. */
  order: 'asc' | 'desc' | 'count';
  limit: number;
}

export interface ChecklistItem {
  text: string;
  done: boolean;
  /** 0-based line within the cell body, for toggling in place. */
  line: number;
}

export interface CellResult {
  columns: ColumnInfo[];
  rowCount: number;
  /** The first rows of the result (the whole result for small ones). */
  preview: Table;
  output: CellOutput;
  /**
   * What the user should know about the result when it is not self-evident: an empty input (a filter
   * that matched nothing), a metric the data lacks, a caveat of the method (several joined by "; ").
   * The UI shows it on the cell; reports print it.
   */
  note?: string;
  /** How columns read: { ctr: 'percent', spend: 'money' } (see core/format/numbers.ts); others by name and type. */
  formats?: Record<string, string>;
  /** One line in plain words on what an analysis found, shown above its table and in reports. */
  verdict?: string;
}

export interface CellContext {
  cell: CellBlock;
  engine: Engine;
  /** Parameter values visible to the cell. */
  params: ReadonlyMap<string, ParamValue>;
  /** How many rows the preview keeps. */
  previewRows: number;
  /** The whole notebook, for kinds that look at the cell a table comes from (a plot keeps an ORDER BY). */
  notebook?: Notebook;
  /** Every cell of the notebook being run, in file order (for kinds that account across cells, e.g. dp-count's epsilon ledger). */
  notebookCells?: readonly CellBlock[];
  /** What the columns of a cell's result mean, when its kind knows (`CellKindDef.columnLabels`), for a plot's axis titles. */
  columnLabels?(table: string): Record<string, string> | undefined;
}

/**
 * A family of kinds: one folder (src/core/cells/<id>/) with an index.ts exporting its family, one docs
 * page (docs/cells/<id>.md, or docs/cells.md for the first families), and one group in the UI's kind picker.
 */
export interface CellFamily {
  id: string;
  /** The group's name in the kind picker. */
  title: string;
  cells: CellKindDef[];
}

export interface CellKindDef {
  kind: string;
  /** One line for docs and the UI. */
  summary: string;
  /** Names the cell depends on; throws CellError for a body that can't be read. */
  references(cell: CellBlock): CellRefs;
  run(ctx: CellContext): Promise<CellResult>;
  /** How the kind's output columns read, e.g. { ctr: 'percent' } (copied onto each CellResult). */
  formats?: Record<string, string>;
  /**
   * Titles for output columns that the cell's options give a meaning to, e.g. survival's
   * { time: 'time (days)' } when durations come from dates. A plot of the result titles its axes with them.
   */
  columnLabels?(cell: CellBlock): Record<string, string>;
  /** The one-line finding of a result's rows, in plain words; undefined when the rows say nothing. */
  verdict?(rows: Record<string, unknown>[], options?: Record<string, unknown>): string | undefined;
  /** For input cells: the parameter value the cell defines before any run. */
  paramValue?(cell: CellBlock, override: ParamValue | undefined): ParamValue;
  /**
   * For input cells whose value depends on the data (a select reading its options from a table): the
   * value once the data is read. The runner calls it for such cells it does not re-run.
   */
  settleParam?(ctx: Omit<CellContext, 'previewRows'>): Promise<ParamValue>;
}

/** A problem with one cell, with the line inside the cell body when known (1-based). */
export class CellError extends Error {
  constructor(
    message: string,
    readonly bodyLine?: number,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

/**
 * `exercise`: a question for a trainee, checked against a solution computed from the notebook's own
 * data. The body is YAML; the trainee's answer is written into it, so a saved notebook carries its
 * answers and `pulse grade` can check them headless.
 *
 * ```exercise overall_ctr
 * question: What is the overall CTR of the sample, as a fraction?
 * hints:
 *   - Add up clicks and impressions over all rows before dividing.
 * solution: SELECT sum(clicks) / sum(impressions) FROM ads
 * check: value            # value | rows | set
 * tolerance: { absolute: 0.0005 }
 * answer: 0.0123          # the trainee's: a value, a list (set), or a query
 * show_solution: true
 * ```
 */
import { isMap, parseDocument, Scalar } from 'yaml';
import { rowsFromTable, tableFromColumns } from '../../arrow.ts';
import type { Engine } from '../../engine.ts';
import type { CellBlock } from '../../notebook/model.ts';
import { bindSqlParams, sqlParamRefs, type ParamValue } from '../../notebook/params.ts';
import { sqlTableRefs } from '../../notebook/sqlRefs.ts';
import { tokenizeSql } from '../../notebook/sqlTokens.ts';
import { assertQuery } from '../../sqlGuard.ts';
import { CellError, type CellKindDef } from '../kind.ts';
import { registerResult } from '../result.ts';
import { lineOfKey, readYamlBody, requireString } from '../yamlBody.ts';
import { checkRows, checkSet, checkValue, DEFAULT_TOLERANCE, describeTolerance, type CheckKind, type ResultRows, type Tolerance, type Verdict } from './exerciseCheck.ts';

const CHECKS: CheckKind[] = ['value', 'rows', 'set'];
const KNOWN_KEYS = ['question', 'hints', 'solution', 'check', 'tolerance', 'order', 'answer', 'answer_as', 'show_solution'];
/** A query result larger than this is not an exercise answer; comparing it row by row would also be slow. */
const MAX_ROWS = 10_000;
/**
 * In a value exercise, text starting with SELECT or WITH is a query the trainee chose to write; any
 * other text is a value (so `(not set)` or `From Facebook` stay values).
 */
const QUERY_IN_VALUE_FIELD = /^\s*(select|with)\s/i;

/** The trainee's answer as written in the body. */
export type ExerciseAnswer = { mode: 'sql'; sql: string } | { mode: 'value'; value: unknown } | { mode: 'list'; values: unknown[] };

export interface ExerciseSpec {
  /** Markdown, rendered and sanitized as prose. */
  question: string;
  /** Revealed one at a time. */
  hints: string[];
  /** The SQL that computes the expected answer from the data. */
  solution: string;
  check: CheckKind;
  tolerance: Tolerance;
  /** Rows must come in the solution's order (rows check only). */
  order: boolean;
  answer: ExerciseAnswer | null;
  /** What the UI offers to type: a value field or a SQL editor. */
  answerAs: 'value' | 'sql';
  /** Whether the trainee may reveal the solution (the author can turn it off). */
  showSolution: boolean;
}

/** Read and check an exercise body; errors name the body line. */
export function exerciseSpec(code: string): ExerciseSpec {
  const data = readYamlBody(code, 'exercise');
  const unknown = Object.keys(data).filter((k) => !KNOWN_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new CellError(`exercise: unknown key \`${unknown[0]}\` (known: ${KNOWN_KEYS.join(', ')})`, lineOfKey(code, unknown[0]!));
  }
  const question = requireString(data, 'question', 'exercise', code);
  const solution = requireString(data, 'solution', 'exercise', code);
  const check = (data.check ?? 'value') as CheckKind;
  if (!CHECKS.includes(check)) throw new CellError(`exercise \`check:\` must be one of ${CHECKS.join(', ')} (got \`${String(data.check)}\`)`, lineOfKey(code, 'check'));
  const hints = data.hints === undefined || data.hints === null ? [] : data.hints;
  if (!Array.isArray(hints)) throw new CellError('exercise `hints:` must be a list of sentences (- first hint)', lineOfKey(code, 'hints'));
  const badHint = hints.findIndex((h) => typeof h !== 'string' && typeof h !== 'number');
  if (badHint >= 0) {
    throw new CellError(`exercise hint ${badHint + 1} is not a sentence: a \`: \` inside it reads as a YAML key; put the hint in double quotes`, lineOfKey(code, 'hints'));
  }
  const answerAs = data.answer_as ?? (check === 'value' ? 'value' : 'sql');
  if (answerAs !== 'value' && answerAs !== 'sql') throw new CellError('exercise `answer_as:` must be value or sql', lineOfKey(code, 'answer_as'));
  for (const k of ['order', 'show_solution'] as const) {
    if (data[k] !== undefined && typeof data[k] !== 'boolean') throw new CellError(`exercise \`${k}:\` must be true or false`, lineOfKey(code, k));
  }
  return {
    question,
    hints: hints.map(String),
    solution,
    check,
    tolerance: readTolerance(data.tolerance, code),
    order: data.order === true,
    answer: readAnswer(data.answer, check, answerAs, code),
    answerAs,
    showSolution: data.show_solution !== false,
  };
}

function readTolerance(raw: unknown, code: string): Tolerance {
  if (raw === undefined || raw === null) return DEFAULT_TOLERANCE;
  const line = lineOfKey(code, 'tolerance');
  const nonNegative = (v: unknown, what: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new CellError(`exercise \`tolerance\` ${what} must be a number ≥ 0 (got \`${String(v)}\`)`, line);
    return v;
  };
  if (typeof raw === 'number') return { absolute: nonNegative(raw, 'absolute'), relative: 0 };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const t = raw as Record<string, unknown>;
    const bad = Object.keys(t).find((k) => k !== 'absolute' && k !== 'relative');
    if (bad) throw new CellError(`exercise \`tolerance:\` takes absolute and relative (got \`${bad}\`)`, line);
    return { absolute: t.absolute === undefined ? 0 : nonNegative(t.absolute, 'absolute'), relative: t.relative === undefined ? 0 : nonNegative(t.relative, 'relative') };
  }
  throw new CellError('exercise `tolerance:` is a number (absolute) or { absolute: …, relative: … }', line);
}

function readAnswer(raw: unknown, check: CheckKind, answerAs: 'value' | 'sql', code: string): ExerciseAnswer | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  if (Array.isArray(raw)) {
    if (check !== 'set') throw new CellError(`a list answers a \`check: set\` exercise; this one checks ${check}: write a query or one value`, lineOfKey(code, 'answer'));
    return { mode: 'list', values: raw.map(plainValue) };
  }
  if (typeof raw === 'string' && (answerAs === 'sql' || QUERY_IN_VALUE_FIELD.test(raw))) return { mode: 'sql', sql: raw.trim() };
  if (typeof raw === 'object' && !(raw instanceof Date)) throw new CellError('exercise `answer:` is a value, a list or a query', lineOfKey(code, 'answer'));
  return { mode: 'value', value: plainValue(raw) };
}

const plainValue = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/**
 * Write the trainee's answer into the body (the rest of the YAML, comments included, stays as it was).
 * A query is kept as a block of text; an empty answer clears the key.
 */
export function setExerciseAnswer(code: string, answer: string | number | (string | number)[] | null): string {
  const doc = parseDocument(code);
  if (!isMap(doc.contents)) throw new CellError('the exercise cell\'s body must be YAML keys and values', 1);
  const text = typeof answer === 'string' ? answer.trim() : answer;
  if (text === null || text === '' || (Array.isArray(text) && text.length === 0)) {
    doc.delete('answer');
  } else if (Array.isArray(text)) {
    doc.set('answer', doc.createNode(text.map(typedValue), { flow: true }));
  } else {
    const value = typedValue(text);
    const node = new Scalar(value);
    if (typeof value === 'string' && value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
    doc.set('answer', node);
  }
  const out = doc.toString({ lineWidth: 0 });
  return out.replace(/\n$/, '');
}

/** A number typed as text is saved as a YAML number (`answer: 0.0123`, not `"0.0123"`). */
function typedValue(v: string | number): string | number {
  if (typeof v === 'number') return v;
  const t = v.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** The answer as the UI shows it in its field: the query text or the value. */
export function answerText(spec: ExerciseSpec): string {
  const a = spec.answer;
  if (!a) return '';
  if (a.mode === 'sql') return a.sql;
  if (a.mode === 'list') return a.values.map(String).join('\n');
  return String(a.value);
}

/** Run one query of the exercise and read its rows (bounded). A trainee's text runs as one read-only query. */
async function queryRows(engine: Engine, sql: string, params: ReadonlyMap<string, ParamValue>): Promise<ResultRows> {
  const bound = bindSqlParams(sql.trim().replace(/;\s*$/, ''), params);
  if (tokenizeSql(bound).some((t) => t.text === ';')) throw new Error('write one query: there is a `;` between two statements');
  assertQuery(bound);
  const table = await engine.query(bound);
  if (table.numRows > MAX_ROWS) throw new Error(`the query returns ${table.numRows} rows; an answer has at most ${MAX_ROWS}`);
  const columns = table.schema.fields.map((f) => f.name);
  return { columns, rows: rowsFromTable(table).map((r) => columns.map((c) => r[c])) };
}

/** The verdict of one answer against the solution's rows. */
export function judge(spec: ExerciseSpec, yours: ResultRows | { value: unknown }, expected: ResultRows): Verdict {
  if (spec.check === 'value') {
    const want = solutionValue(expected);
    if ('value' in yours) return checkValue(yours.value, want, spec.tolerance);
    if (yours.rows.length !== 1) return { status: 'failed', message: `your query returns ${yours.rows.length} rows; the answer is one value (one row, one column)` };
    if (yours.columns.length !== 1) return { status: 'failed', message: `your query returns ${yours.columns.length} columns; the answer is one value (one row, one column)` };
    return checkValue(yours.rows[0]![0], want, spec.tolerance);
  }
  const rows: ResultRows = 'value' in yours ? { columns: expected.columns.slice(0, 1), rows: [[yours.value]] } : yours;
  return spec.check === 'set' ? checkSet(rows, expected, spec.tolerance) : checkRows(rows, expected, spec.tolerance, spec.order);
}

/** The one value a `check: value` solution returns; any other shape is the author's error. */
function solutionValue(expected: ResultRows): unknown {
  if (expected.columns.length !== 1 || expected.rows.length !== 1) {
    throw new CellError(`the solution of a \`check: value\` exercise must return one value; it returns ${expected.rows.length} row(s) × ${expected.columns.length} column(s)`);
  }
  return expected.rows[0]![0];
}

/** Check the answer written in the cell against its solution on the engine's data. */
export async function checkExercise(cell: CellBlock, engine: Engine, params: ReadonlyMap<string, ParamValue>): Promise<{ spec: ExerciseSpec; verdict: Verdict }> {
  const spec = exerciseSpec(cell.code);
  let expected: ResultRows;
  try {
    expected = await queryRows(engine, spec.solution, params);
  } catch (e) {
    // The solution is the author's: a failure there is the cell's error, not the trainee's.
    throw new CellError(`the exercise's solution query failed: ${(e as Error).message}`, lineOfKey(cell.code, 'solution'));
  }
  const a = spec.answer;
  if (!a) {
    if (spec.check === 'value') solutionValue(expected); // a solution of the wrong shape is reported before anyone answers
    return { spec, verdict: { status: 'unanswered', message: `not answered yet: ${spec.answerAs === 'sql' ? 'write a query' : 'type a value'} and press Check` } };
  }
  let yours: ResultRows | { value: unknown };
  if (a.mode === 'sql') {
    try {
      yours = await queryRows(engine, a.sql, params);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      return { spec, verdict: { status: 'failed', message: `your query failed: ${m.split('\n')[0]}` } };
    }
  } else if (a.mode === 'list') {
    yours = { columns: expected.columns.slice(0, 1), rows: a.values.map((v) => [v]) };
  } else {
    yours = { value: a.value };
  }
  return { spec, verdict: judge(spec, yours, expected) };
}

function tablesOf(sql: string): string[] {
  try {
    return [...new Set(sqlTableRefs(sql).tables.map((t) => t.name))];
  } catch {
    return []; // An unreadable query is reported when the exercise is checked.
  }
}

export const exerciseCell: CellKindDef = {
  kind: 'exercise',
  summary: 'A question checked against a solution computed from the data (a value within a tolerance, rows, or a set).',
  references(cell) {
    const spec = exerciseSpec(cell.code);
    const answer = spec.answer?.mode === 'sql' ? spec.answer.sql : null;
    // The solution's tables are the author's: an unknown one is the cell's error. The answer's are the
    // trainee's: a typo there is a failed verdict ("your query failed: …"), not a broken cell.
    return {
      tables: tablesOf(spec.solution),
      softTables: answer ? tablesOf(answer) : [],
      params: [...new Set([spec.solution, ...(answer ? [answer] : [])].flatMap(sqlParamRefs))],
    };
  },
  async run({ cell, engine, params, previewRows }) {
    const { spec, verdict } = await checkExercise(cell, engine, params);
    const table = tableFromColumns([
      { name: 'exercise', type: 'VARCHAR', values: [cell.id] },
      { name: 'check', type: 'VARCHAR', values: [spec.check === 'value' ? `value (tolerance ${describeTolerance(spec.tolerance)})` : spec.check === 'rows' && spec.order ? 'rows, in order' : spec.check] },
      { name: 'verdict', type: 'VARCHAR', values: [verdict.status] },
      { name: 'message', type: 'VARCHAR', values: [verdict.message] },
    ]);
    return registerResult(engine, cell.id, table, previewRows, { type: 'exercise', verdict });
  },
};

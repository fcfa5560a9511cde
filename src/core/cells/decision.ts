import { tableFromColumns } from '../arrow.ts';
import { CellError, type CellKindDef } from './kind.ts';
import { registerResult } from './result.ts';
import { lineOfKey, readYamlBody, requireString } from './yamlBody.ts';

const STATUSES = ['open', 'decided', 'superseded'];
const FIELDS = ['question', 'status', 'chosen', 'rationale', 'owner', 'date', 'review'] as const;

/** Read and check a decision record: a question, its options, and (once decided) the choice and why. */
export function decisionRecord(code: string): Record<string, unknown> {
  const data = readYamlBody(code, 'decision');
  requireString(data, 'question', 'decision', code);
  const options = data.options;
  if (options !== undefined && !Array.isArray(options)) {
    throw new CellError('decision `options:` must be a list', lineOfKey(code, 'options'));
  }
  const status = data.status === undefined ? (data.chosen ? 'decided' : 'open') : String(data.status);
  if (!STATUSES.includes(status)) {
    throw new CellError(`decision \`status:\` must be one of ${STATUSES.join(', ')}`, lineOfKey(code, 'status'));
  }
  if (data.chosen !== undefined && data.chosen !== null && Array.isArray(options) && !options.map(String).includes(String(data.chosen))) {
    throw new CellError(`decision \`chosen: ${String(data.chosen)}\` is not one of its options (${options.join(', ')})`, lineOfKey(code, 'chosen'));
  }
  if (status === 'decided' && (data.chosen === undefined || data.chosen === null || data.chosen === '')) {
    throw new CellError('a decided decision needs `chosen:`', lineOfKey(code, 'status'));
  }
  const date = data.date instanceof Date ? data.date.toISOString().slice(0, 10) : data.date;
  return { ...data, status, date };
}

/** `decision`: a decision record (question, options, chosen, rationale, owner, date) saved in the file. */
export const decisionCell: CellKindDef = {
  kind: 'decision',
  summary: 'A decision record: question, options, what was chosen, why, who, when.',
  references() {
    return { tables: [], params: [] };
  },
  async run({ cell, engine, previewRows }) {
    const d = decisionRecord(cell.code);
    const text = (v: unknown) => (v === undefined || v === null ? null : String(v));
    const table = tableFromColumns([
      ...FIELDS.map((f) => ({ name: f, type: 'VARCHAR' as const, values: [text(d[f])] })),
      { name: 'options', type: 'VARCHAR', values: [Array.isArray(d.options) ? d.options.join(' | ') : null] },
    ]);
    return registerResult(engine, cell.id, table, previewRows, { type: 'decision', decision: d });
  },
};

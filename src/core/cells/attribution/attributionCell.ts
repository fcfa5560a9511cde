import { attributionVerdict } from '../shared/verdicts.ts';
import { numberColumn, textColumn } from '../../arrow.ts';
import {
  firstTouchAttribution, lastTouchAttribution, linearAttribution, markovAttribution, positionBasedAttribution, shapleyAttribution, timeDecayAttribution,
  type ChannelCredit, type TouchpointPath,
} from '../../analytics/attribution/index.ts';
import { quoteIdent } from '../../engine.ts';
import { allPresent, analysisCell, fromClause, missingMetricNote } from '../analysis.ts';
import { optionColumn } from '../shared/modelShared.ts';

const MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'shapley', 'markov'] as const;
type Model = (typeof MODELS)[number];
const COLUMNS = ['model', 'channel', 'conversions', 'share', 'value', 'removal_effect'];

/**
 * `attribution`: credit conversions to channels under several models side by side. Input: one row
 * per path (or several rows per path, summed in SQL), the path as text `social > email > search`.
 * Every model's credits sum to the total conversions.
 */
export const attributionCell = analysisCell({
  kind: 'attribution',
  summary: 'Channel credit by first/last touch, linear, time decay, position-based, Shapley value and Markov removal effect, side by side.',
  formats: { conversions: 'count', share: 'percent', value: 'money', removal_effect: 'percent' },
  verdict: attributionVerdict,
  async compute(run) {
    const o = run.opts;
    const src = run.source!;
    const path = quoteIdent(optionColumn(o, 'path', src, 'path'));
    const conv = quoteIdent(optionColumn(o, 'conversions', src, 'conversions'));
    const non = o.has('non_conversions') ? quoteIdent(optionColumn(o, 'non_conversions', src)) : undefined;
    const value = o.has('value') ? quoteIdent(optionColumn(o, 'value', src)) : undefined;
    const separator = o.text('separator', '>');
    const halfLife = o.number('half_life', 7, { min: 0, exclusive: true });
    const weights = o.has('position_weights') ? o.list('position_weights').map(Number) : [0.4, 0.2, 0.4];
    if (weights.length !== 3 || weights.some((x) => !(x >= 0)) || Math.abs(weights[0]! + weights[1]! + weights[2]! - 1) > 1e-9 || weights[0]! + weights[2]! <= 0) {
      o.fail('position_weights', 'must be three non-negative shares [first, middle, last] summing to 1');
    }
    const requested = o.list('models', []);
    for (const m of requested) if (!(MODELS as readonly string[]).includes(m)) o.fail('models', `\`${m}\` is not a model (choose from ${MODELS.join(', ')})`);
    if (requested.includes('markov') && !non) o.fail('models', 'markov needs `non_conversions:` (journeys that did not convert)');
    // Default: every model; markov only when non-conversions are given (without them every channel looks indispensable).
    const models: Model[] = requested.length ? (requested as Model[]) : MODELS.filter((m) => m !== 'markov' || non);
    const t = await run.query(
      `SELECT CAST(${path} AS VARCHAR) AS p, sum(${conv})::DOUBLE AS c, ${non ? `sum(${non})::DOUBLE` : '0::DOUBLE'} AS nc, ${value ? `sum(${value})::DOUBLE` : '0::DOUBLE'} AS v ${fromClause(run)} WHERE ${allPresent([path, conv, ...(non ? [non] : [])])} GROUP BY 1 ORDER BY 1`,
    );
    const note = await missingMetricNote(run, [conv, ...(non ? [non] : [])]);
    const types = { value: 'DOUBLE', removal_effect: 'DOUBLE', conversions: 'DOUBLE', share: 'DOUBLE' } as const;
    if (t.numRows === 0) return { rows: [], columns: COLUMNS, types, note };
    const ps = textColumn(t, 'p');
    const cs = numberColumn(t, 'c');
    const ncs = numberColumn(t, 'nc');
    const vs = numberColumn(t, 'v');
    // A value column with no values at all is a metric the data lacks: null credits, not 0.
    const hasValue = value !== undefined && vs.some((v) => v !== null);
    const paths: TouchpointPath[] = ps.map((p, k) => ({
      path: (p ?? '').split(separator).map((s) => s.trim()).filter(Boolean),
      conversions: cs[k] ?? 0,
      nonConversions: ncs[k] ?? 0,
      value: vs[k] ?? 0,
    }));
    const rows: Record<string, unknown>[] = [];
    const add = (model: Model, credits: (ChannelCredit & { removal_effect?: number })[]) => {
      for (const c of credits) rows.push({ model, channel: c.channel, conversions: c.conversions, share: c.share, value: hasValue ? c.value : null, removal_effect: c.removal_effect ?? null });
    };
    for (const m of models) {
      if (m === 'first_touch') add(m, firstTouchAttribution(paths));
      else if (m === 'last_touch') add(m, lastTouchAttribution(paths));
      else if (m === 'linear') add(m, linearAttribution(paths));
      else if (m === 'time_decay') add(m, timeDecayAttribution(paths, { halfLifeDays: halfLife }));
      else if (m === 'position_based') {
        add(m, positionBasedAttribution(paths, { first: weights[0]!, last: weights[2]! }));
      } else if (m === 'shapley') add(m, shapleyAttribution(paths));
      else add(m, markovAttribution(paths).credits);
    }
    return { rows, columns: COLUMNS, types, note };
  },
});

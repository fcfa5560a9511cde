import { tableFromColumns } from '../../arrow.ts';
import { quoteIdent } from '../../engine.ts';
import { bindYamlParams, textParamRefs } from '../../notebook/params.ts';
import { Options } from '../analysis.ts';
import { CellError, type CellKindDef } from '../kind.ts';
import { emptyInputNote, resultOf } from '../result.ts';
import { readYamlBody } from '../yamlBody.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** UTC offset of `zone` at instant `ms`, in minutes (wall clock − UTC), from Intl's time-zone data. */
export function zoneOffsetMinutes(format: Intl.DateTimeFormat, ms: number): number {
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/**
 * The spans of constant UTC offset of `zone` between two instants: scanned hour by hour, each change
 * located to the minute by bisection. A few rows per year (one per DST change).
 */
export function offsetSpans(zone: string, fromMs: number, toMs: number): { start: number; end: number; offset: number }[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const spans: { start: number; end: number; offset: number }[] = [];
  let start = Math.floor(fromMs / HOUR) * HOUR;
  let offset = zoneOffsetMinutes(format, start);
  for (let t = start + HOUR; t <= toMs + HOUR; t += HOUR) {
    const o = zoneOffsetMinutes(format, t);
    if (o === offset) continue;
    let lo = t - HOUR; // offset there is `offset`
    let hi = t; // offset there is `o`
    while (hi - lo > MINUTE) {
      const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
      if (zoneOffsetMinutes(format, mid) === offset) lo = mid;
      else hi = mid;
    }
    spans.push({ start, end: hi, offset });
    start = hi;
    offset = o;
  }
  spans.push({ start, end: Math.max(toMs + HOUR, start + HOUR), offset });
  return spans;
}

/**
 * `timezone`: align UTC timestamps to one reporting zone. DuckDB-WASM has no ICU (named zones fail in
 * SQL in the browser), so the zone's offsets come from Intl in TypeScript — one row per span of
 * constant offset — and the conversion itself is a SQL range join, so every row stays in DuckDB.
 */
export const timezoneCell: CellKindDef = {
  kind: 'timezone',
  summary: 'Convert UTC timestamps to a reporting time zone (IANA name, DST-aware, offsets from Intl); adds local time, date and hour.',
  references(cell) {
    const data = readYamlBody(cell.code, 'timezone');
    const from = typeof data.from === 'string' ? data.from.trim() : undefined;
    return { tables: from && !from.includes('${') ? [from] : [], params: textParamRefs(cell.code) };
  },
  async run(ctx) {
    const data = bindYamlParams(readYamlBody(ctx.cell.code, 'timezone'), ctx.params) as Record<string, unknown>;
    const opts = new Options('timezone', data, ctx.cell.code);
    const from = opts.text('from');
    const source = (await ctx.engine.describe(from)) ?? opts.fail('from', `no table named \`${from}\``);
    const timeName = opts.text('time', 'timestamp');
    const col = source.columns.find((c) => c.name.toLowerCase() === timeName.toLowerCase()) ?? opts.fail('time', `\`${timeName}\` is not a column of \`${source.name}\` (its columns: ${source.columns.map((c) => c.name).join(', ')})`);
    const zone = opts.text('zone');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      opts.fail('zone', `\`${zone}\` is not a time zone name (IANA names such as America/New_York, Europe/Berlin, UTC)`);
    }
    const prefix = opts.text('prefix', 'local');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) opts.fail('prefix', 'must be letters, digits and _');
    const t = quoteIdent(col.name);
    const range = await ctx.engine.query(`SELECT epoch_ms(min(CAST(${t} AS TIMESTAMP))) AS lo, epoch_ms(max(CAST(${t} AS TIMESTAMP))) AS hi FROM ${quoteIdent(source.name)}`);
    const lo = range.getChild('lo')?.get(0);
    const hi = range.getChild('hi')?.get(0);
    const spans = lo === null || lo === undefined ? [] : offsetSpans(zone, Number(lo), Number(hi));
    const spansName = `__tz_spans_${ctx.cell.id}`;
    await ctx.engine.registerArrow(
      spansName,
      tableFromColumns([
        { name: 'start_ms', type: 'BIGINT', values: spans.map((s) => s.start) },
        { name: 'end_ms', type: 'BIGINT', values: spans.map((s) => s.end) },
        { name: 'offset_minutes', type: 'INTEGER', values: spans.map((s) => s.offset) },
      ]),
    );
    try {
      const local = `CAST(${t} AS TIMESTAMP) + to_minutes(CAST(z.offset_minutes AS BIGINT))`;
      const info = await ctx.engine.materialize(
        ctx.cell.id,
        `SELECT s.*, ${local} AS ${prefix}_time, CAST(${local} AS DATE) AS ${prefix}_date, hour(${local}) AS ${prefix}_hour, z.offset_minutes AS utc_offset_minutes, ${quoteLiteral(zone)} AS reporting_zone
         FROM ${quoteIdent(source.name)} s LEFT JOIN ${quoteIdent(spansName)} z ON epoch_ms(CAST(s.${t} AS TIMESTAMP)) >= z.start_ms AND epoch_ms(CAST(s.${t} AS TIMESTAMP)) < z.end_ms`,
      );
      return await resultOf(ctx.engine, info, ctx.previewRows, { type: 'table' }, source.rowCount === 0 ? emptyInputNote(source.name) : undefined);
    } catch (e) {
      if (e instanceof CellError) throw e;
      throw new CellError(`timezone: ${(e as Error).message}`);
    } finally {
      await ctx.engine.drop(spansName);
    }
  },
};

const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

import type { CanonicalColumn, CanonicalTableName, Platform } from './schema.ts';
import type { DateOrder } from './values.ts';

/** A value in a canonical row: DATE and TIMESTAMP as ISO strings, numbers as numbers. */
export type CanonicalValue = string | number | boolean | null;
export type CanonicalRow = Record<string, CanonicalValue>;

/** One source column of a layout: the header names it goes by and the canonical column(s) it fills. */
export interface LayoutColumn {
  /** Canonical column(s) filled from this source column (a date-time fills date and timestamp). */
  to: string | string[];
  /**
   * Header names, compared after lower-casing and collapsing spaces. `(*)` matches any parenthesised
   * text, whose content is taken as the currency code (`amount spent (*)` matches `Amount spent (USD)`).
   */
  aliases: string[];
}

/** Facts read from the lines above the header (report ranges, titles). */
export interface PreambleInfo {
  start?: string;
  end?: string;
  title?: string;
  /** GA4: the report dimension, from `# <Report>: <dimension>`. */
  dimension?: string;
  /** True when start and end come from the file's name (no preamble said them). */
  fromFileName?: boolean;
}

/** Context handed to a layout's `finish` hook for each row. */
export interface RowContext {
  preamble: PreambleInfo;
  /** Currency captured from a header such as `Amount spent (USD)`. */
  headerCurrency?: string;
  /** Targets that a source column filled in this file. */
  mapped: ReadonlySet<string>;
  /** Raw value of a source column by one of its aliases (undefined when the file lacks it). */
  raw(alias: string): string | undefined;
  /** Like `raw`, but the column stays an extra column of the row (a value read only to derive another). */
  peek(alias: string): string | undefined;
  /** Header of the first column. */
  firstHeader: string;
  /** The file's name: the only sign of the event in one-event-per-file exports (Mailchimp "opened" lists). */
  fileName: string;
  /**
   * Unmapped columns that hold text (report dimensions such as "Session default channel group"),
   * with this row's values, in file order.
   */
  dimensions(): [header: string, value: string][];
  /** Say something about the file once (deduplicated): a grain, a date rule, a missing metric. */
  note(message: string): void;
}

/** Context handed to a layout's `afterRows` hook, once per file. */
export interface RowsContext {
  mapped: ReadonlySet<string>;
  note(message: string): void;
}

/** A platform export layout: how to recognize it and how it maps to a canonical table. */
export interface Layout {
  platform: Platform;
  /** Layout id, e.g. 'meta_ads_manager'. */
  id: string;
  table: CanonicalTableName;
  /** Every group must have one header present for the layout to match. */
  signature: string[][];
  /** Headers that mean the file is another export with the same signature (YouTube's per-day Chart data). */
  notWith?: string[];
  columns: LayoutColumn[];
  /** Values set on every row (platform, paid_organic, click_definition …). */
  constants: Record<string, CanonicalValue>;
  /** Day/month order of slash dates when the file does not prove it. */
  dateOrder: DateOrder;
  /** Additive columns whose file totals are not expected to equal the sum of rows. */
  totalsNotComparable?: string[];
  /**
   * Columns this layout adds to its canonical table (Meta's `results` and `result_indicator`, GA4's
   * `grain`): kept on every row of the layout, absent from other platforms' rows.
   */
  extraColumns?: CanonicalColumn[];
  /**
   * True when `#` lines are comments and table separators in this layout (GA4's preamble and the `#`
   * blocks between the tables of an overview download). Everywhere else a `#` starts a data cell.
   */
  commentBlocks?: boolean;
  /** Per-row fix-ups after mapping (defaults, derived columns). */
  finish?(row: CanonicalRow, ctx: RowContext): void;
  /** Fix-ups that need every row (e.g. what a mixed column means across the file). */
  afterRows?(rows: CanonicalRow[], ctx: RowsContext): void;
}

/** Normalize a header for matching: trim, drop quotes, lower-case, collapse whitespace. */
export function normalizeHeader(h: string): string {
  return h.replace(/^\ufeff/, '').replace(/[\u00a0\u202f]/g, ' ').trim().replace(/^"|"$/g, '').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A second, looser form of a header for matching: underscores become spaces
 * and camelCase is split, so `Unique_Opens`, `UNIQUE OPENS` and `activeUsers` (GA4 Data API) match
 * the aliases `unique opens` and `active users`.
 */
export function looseHeader(h: string): string {
  const split = h.replace(/^\ufeff/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return normalizeHeader(split.replace(/_+/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Match a header in both its normalized and its loose form (see `looseHeader`). */
export function matchHeader(header: string, alias: string): string | null {
  return matchAlias(normalizeHeader(header), alias) ?? matchAlias(looseHeader(header), alias);
}

const aliasCache = new Map<string, RegExp>();

/** Match a normalized header against an alias; returns the `(*)` capture ('' when none) or null. */
export function matchAlias(header: string, alias: string): string | null {
  if (!alias.includes('(*)')) return header === alias ? '' : null;
  let re = aliasCache.get(alias);
  if (!re) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\(\\*\\)', '\\(([^)]*)\\)');
    re = new RegExp(`^${escaped}$`);
    aliasCache.set(alias, re);
  }
  const m = re.exec(header);
  return m ? m[1]! : null;
}

/** Ad names like "Spring - control" or "Hero image | Variant B" carry the A/B arm. */
export function variantFromName(name: CanonicalValue): string | null {
  if (typeof name !== 'string') return null;
  const m = /(?:^|[\s_|\-–—[(])(control|variant[ _-]?[a-z0-9]?)(?:$|[\s_|\-–—\])])/i.exec(name);
  return m ? m[1]!.toLowerCase().replace(/[ -]/g, '_') : null;
}

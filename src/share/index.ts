/** Sharing services for the composition root: notebook files, bundles, reports, download names. */
export * from './errors.ts';
export * from './bundle.ts';
export * from './crypto.ts';
export * from './notebookFile.ts';
export * from './openFile.ts';
export * from './importBundle.ts';
export * from './names.ts';
export * from './report.ts';
export { sha256Hex } from './bytes.ts';

/** File names for downloads, safe on Windows, macOS and Linux and readable. */

/** Names Windows reserves whatever the extension (CON.txt is still the console). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Leaves room for the extension and a "(2)" the browser may add, under the 255-byte limit of most file systems. */
const MAX_STEM = 120;

/**
 * A download name from a notebook title: letters and digits of any script kept, everything else a
 * single hyphen, no leading/trailing dots or hyphens, never empty or a reserved device name.
 * @example downloadName('CTR · Module 5 — Statistical analysis') // 'CTR-Module-5-Statistical-analysis.pulse.md'
 */
export function downloadName(title: string, extension = '.pulse.md'): string {
  let stem = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}_.]+/gu, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (stem.length > MAX_STEM) stem = Array.from(stem).slice(0, MAX_STEM).join('').replace(/[-.]+$/, '');
  if (stem === '') stem = 'notebook';
  if (WINDOWS_RESERVED.test(stem.split('.')[0]!)) stem = `${stem}-notebook`;
  return stem + extension;
}

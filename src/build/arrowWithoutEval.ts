/**
 * apache-arrow's builders compile their null check with `new Function` (builder/valid.mjs), which
 * `script-src` without 'unsafe-eval' refuses, so `vectorFromArray`, `tableFromArrays` and friends throw
 * EvalError under Pulse's CSP (page and worker): every cell whose result is built in JS (input,
 * checklist, decay, bot-filter, …) fails. This plugin swaps in an equivalent closure (same `===` / NaN
 * semantics), and has to run wherever apache-arrow is bundled: the build (app and worker) and Vite's
 * dev-server pre-bundling (optimizeDeps), which does not run the app's plugins.
 */
import type { Plugin } from 'vite';

/** The one line of builder/valid.mjs (apache-arrow 17) that evaluates a string. */
const EVAL_LINE = 'return new Function(`x`, `${fnBody}\\nreturn true;`);';

/**
 * What replaces it: `nullValues` and `noNaNs` are the function's own locals. A NaN in `nullValues`
 * makes NaN invalid (the generated `x !== x` check); any other null value is invalid when `===` to
 * it (the generated `switch`, which compares with `===`).
 */
const CLOSURE = `const hasNaN = nullValues.length !== noNaNs.length; void fnBody;
    return function isValid(x) { if (hasNaN && x !== x) return false; for (const n of noNaNs) if (x === n) return false; return true; };`;

/** The file, also when the dev server asks for it with a version query (`valid.mjs?v=1a2b3c`). */
const VALID_MJS = /apache-arrow[\\/]builder[\\/]valid\.mjs(\?.*)?$/;

/** builder/valid.mjs without its `new Function`; throws when the file no longer has the expected line. */
export function patchArrowValid(code: string): string {
  if (!code.includes(EVAL_LINE)) throw new Error('apache-arrow builder/valid.mjs changed: update src/build/arrowWithoutEval.ts');
  return code.replace(EVAL_LINE, CLOSURE);
}

export function arrowWithoutEval(): Plugin {
  return {
    name: 'pulse:arrow-without-eval',
    enforce: 'pre',
    transform(code, id) {
      if (!VALID_MJS.test(id)) return null;
      return { code: patchArrowValid(code), map: null };
    },
  };
}

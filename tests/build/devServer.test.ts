/**
 * `npm run dev` serves dependencies pre-bundled by Vite's optimizer, which does not run the app's
 * plugins: apache-arrow's `new Function` survived there, and under the CSP (no 'unsafe-eval') every
 * cell whose result is built in JS (input, checklist, decay, …) failed with an EvalError in dev only.
 * These tests pre-bundle apache-arrow exactly as the dev server does, from vite.config.ts, and check
 * the patch (src/build/arrowWithoutEval.ts) against apache-arrow's own generated function.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { optimizeDeps, resolveConfig } from 'vite';
import { patchArrowValid } from '../../src/build/arrowWithoutEval.ts';
import { HEADER_CSP } from '../../src/pwa/csp.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VALID_MJS = join(ROOT, 'node_modules/apache-arrow/builder/valid.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'pulse-devserver-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The dev server's resolved config, its optimizer cache in a temporary folder (the real one is left alone). */
const devConfig = () =>
  resolveConfig({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), cacheDir: join(tmp, 'vite'), logLevel: 'silent', optimizeDeps: { noDiscovery: true, include: ['apache-arrow'] } }, 'serve');

describe('the dev server (npm run dev) under the CSP', () => {
  it("pre-bundles apache-arrow without `new Function` (the CSP has no 'unsafe-eval')", async () => {
    const config = await devConfig();
    const meta = await optimizeDeps(config, true);
    const arrow = meta.optimized['apache-arrow'];
    expect(arrow, 'apache-arrow is pre-bundled').toBeDefined();
    const code = readFileSync(arrow!.file, 'utf8');
    // It is the real library (its builders are in it), with the null check as a closure.
    expect(code).toContain('function createIsValidFunction(');
    expect(code).toContain('return function isValid(x)');
    expect(code).not.toMatch(/new Function\s*\(/);
  }, 60_000);

  it("sends Pulse's policy with only the dev client's WebSocket added: no 'unsafe-eval'", async () => {
    const config = await devConfig();
    const csp = config.server.headers?.['Content-Security-Policy'];
    expect(csp).toBe(HEADER_CSP.replace("connect-src 'self'", "connect-src 'self' ws: wss:"));
    expect(csp).not.toContain("'unsafe-eval'");
  });
});

describe('apache-arrow null check without eval', () => {
  const original = readFileSync(VALID_MJS, 'utf8');
  const pretty = pathToFileURL(join(ROOT, 'node_modules/apache-arrow/util/pretty.mjs')).href;
  const load = async (name: string, code: string) => {
    const file = join(tmp, name);
    writeFileSync(file, code.replace("'../util/pretty.mjs'", JSON.stringify(pretty)).replace(/\/\/# sourceMappingURL=.*$/m, ''));
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { createIsValidFunction(nulls: unknown[] | null): (x: unknown) => boolean };
  };

  it('answers as apache-arrow 17\'s generated function for every kind of null value', async () => {
    // The reference is apache-arrow's own `new Function` version (Node allows eval here).
    const reference = await load('valid-original.mjs', original);
    const patched = await load('valid-patched.mjs', patchArrowValid(original));
    const nullSets: (unknown[] | null)[] = [null, [], [null], [undefined], [NaN], [null, NaN], ['N/A', ''], [0], [-1, 1n], [null, 'null', 0, NaN, 7n, false]];
    const probes: unknown[] = [null, undefined, NaN, 0, -0, 1, -1, 1n, 7n, 7, '', 'N/A', 'null', 'n/a', false, true, 'x', {}, [], Infinity];
    for (const nulls of nullSets) {
      const want = reference.createIsValidFunction(nulls);
      const got = patched.createIsValidFunction(nulls);
      for (const x of probes) expect(got(x), `nulls ${String(nulls)} value ${String(x)}`).toBe(want(x));
    }
  });

  it('refuses a valid.mjs that no longer has the line it replaces, rather than leave the eval in', () => {
    expect(() => patchArrowValid(original.replace('new Function', 'Function'))).toThrow(/apache-arrow builder\/valid\.mjs changed/);
  });
});

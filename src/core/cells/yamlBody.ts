import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CellError } from './kind.ts';

/** Read a declarative cell's YAML body as an object; errors name the body line. */
export function readYamlBody(code: string, kind: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(code);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      throw new CellError(`the ${kind} cell's body is not valid YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line);
    }
    throw e;
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CellError(`the ${kind} cell's body must be YAML keys and values (key: value, one per line)`, 1);
  }
  return data as Record<string, unknown>;
}

/** The 1-based body line where `key:` is written, for errors about that key. */
export function lineOfKey(code: string, key: string): number | undefined {
  const k = code.split(/\r\n|\n|\r/).findIndex((l) => new RegExp(`^\\s*${key.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}\\s*:`).test(l));
  return k < 0 ? undefined : k + 1;
}

/** A required string field. */
export function requireString(data: Record<string, unknown>, key: string, kind: string, code: string): string {
  const v = data[key];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new CellError(`the ${kind} cell needs \`${key}:\` (${v === undefined ? 'missing' : 'must be text'})`, lineOfKey(code, key));
  }
  return v.trim();
}

/**
 * A warehouse failure as one line: which dataset or cell, which connection, what happened and what to
 * do. Credentials never reach the message: `redact` removes every secret the connection knows of
 * (password, URL) from any text taken from the driver or the server.
 */
export type WarehouseErrorKind = 'config' | 'login' | 'unreachable' | 'query' | 'read-only' | 'timeout' | 'cancelled' | 'cap';

export class WarehouseError extends Error {
  constructor(
    readonly kind: WarehouseErrorKind,
    message: string,
    /** 1-based line and column in the written query the warehouse's error points at. */
    readonly at?: { line: number; column: number },
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'WarehouseError';
  }
}

/** Replace every secret in `text` (and its URL-encoded form) by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  // A URL with a password anywhere in the text, whichever secret list it came with.
  return out.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@');
}

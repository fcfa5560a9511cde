/** A command-line mistake: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Split `NAME=VALUE`, naming the flag in the error. */
export function keyValue(flag: string, text: string | undefined): [string, string] {
  const eq = text?.indexOf('=') ?? -1;
  if (text === undefined || eq <= 0) throw new UsageError(`${flag} needs NAME=VALUE (got ${text === undefined ? 'nothing' : `\`${text}\``})`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

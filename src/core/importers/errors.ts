/**
 * An export that cannot be read. The message says what is wrong and what to do; `line` is 1-based
 * in the decoded text when the problem has a place.
 */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, message: string, line?: number) {
    super(line === undefined ? `${file}: ${message}` : `${file}, line ${line}: ${message}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
  }
}

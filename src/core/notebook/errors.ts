/** A problem in a `.pulse.md` file, tied to the line where it is. */
export class NotebookParseError extends Error {
  constructor(
    /** 1-based line number in the file. */
    readonly line: number,
    /** What is wrong and what to do, without the line prefix. */
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'NotebookParseError';
  }
}

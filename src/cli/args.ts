import { closeSync, constants as fsConstants, lstatSync, openSync, readlinkSync, writeFileSync } from 'node:fs';

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

/**
 * Why `--out` cannot be written, or null. An existing link is refused: a folder someone sent (a cloned
 * repository, an unpacked archive) can hold `report.html` → `~/.bashrc`, and writing the report
 * through it would replace that file with text the notebook partly chose. Nor is a device, pipe or
 * folder a report.
 */
export function outPathProblem(out: string): string | null {
  let st;
  try {
    st = lstatSync(out);
  } catch {
    return null; // a new file
  }
  if (st.isSymbolicLink()) {
    let target = '';
    try {
      target = ` (to ${readlinkSync(out)})`;
    } catch {
      /* the link is named either way */
    }
    return `--out ${out} is a symbolic link${target}: Pulse does not write through links (a folder you were sent could plant one to overwrite another file); remove the link or choose another name`;
  }
  if (!st.isFile()) return `--out ${out} exists and is not a regular file; choose another name`;
  return null;
}

/**
 * Write an output file the user named, never through a link: checked with {@link outPathProblem}, then
 * opened with O_NOFOLLOW (where the system has it) so a link put there meanwhile fails the write.
 */
export function writeOutputFile(out: string, data: string | Uint8Array, exclusive = false): void {
  const problem = outPathProblem(out);
  if (problem) throw new UsageError(problem);
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | (exclusive ? fsConstants.O_EXCL : fsConstants.O_TRUNC) | (fsConstants.O_NOFOLLOW ?? 0);
  const fd = openSync(out, flags, 0o644);
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** `npm run inspect-folder -- DIR`: one `pulse inspect` line per export in DIR (src/cli/commands/inspectFolder.ts). */
import { inspectFolder } from '../src/cli/commands/inspectFolder.ts';

process.exitCode = inspectFolder(process.argv[2], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });

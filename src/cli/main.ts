/** The `pulse` command: run notebooks headless, inspect export files, write sample data. */
import { UsageError, type Io } from './args.ts';
import { runCommand, RUN_USAGE } from './run.ts';
import { terminalSafe } from './terminalText.ts';

const HELP = `pulse — private analytics notebooks, headless

  pulse run NOTEBOOK.pulse.md [--data NAME=PATH …] [--param KEY=VALUE …] [--out RESULT.json|.md|.html]
            [--max-rows N] [--max-bytes SIZE] [--timeout SECONDS]   (warehouse pulls: docs/warehouse.md)
  pulse pull NOTEBOOK.pulse.md --out BUNDLE.pulse.zip [--param KEY=VALUE …]   (warehouse parts → bundle)
  pulse grade NOTEBOOK.pulse.md [--data NAME=PATH …] [--param KEY=VALUE …] [--out REPORT]
  pulse inspect FILE [--json] [--table N|TITLE] [--sheet NAME]   (CSV, TSV or .xlsx)
  pulse sample --seed N --out DIR [--size small|large]

Exit status: 0 all cells ok (grade: every exercise passed), 1 a cell failed (grade: an exercise
failed or is unanswered), 2 bad arguments, an unreadable file or a warehouse dataset that could not be
pulled (login, unreachable, query error, timeout, cap, Ctrl-C).`;

type Command = (args: string[], io: Io) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  run: async () => runCommand,
  pull: async () => (await import('./commands/pull.ts')).pullCommand,
  grade: async () => (await import('./commands/grade.ts')).gradeCommand,
  inspect: async () => (await import('./commands/inspect.ts')).inspectCommand,
  sample: async () => (await import('./commands/sample.ts')).sampleCommand,
};

export async function main(argv: string[], terminal: Io = { stdout: (s) => console.log(s), stderr: (s) => console.error(s) }): Promise<number> {
  // Every line may quote a notebook or its data: no control character reaches the terminal as one.
  const io: Io = { stdout: (s) => terminal.stdout(terminalSafe(s)), stderr: (s) => terminal.stderr(terminalSafe(s)) };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`pulse: unknown command \`${name}\`\n\n${HELP}`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`pulse ${name}: ${e.message}`);
      return 2;
    }
    io.stderr(`pulse ${name}: ${(e as Error).message}`);
    return 2;
  }
}

export { RUN_USAGE };

/**
 * `pulse run` on hostile notebooks (tests/fixtures/hostile/cli, one file per payload family): each tries
 * to read a canary file — a CSV in a fresh temporary folder holding a random secret — or to write,
 * reconfigure or smuggle statements. The secret must appear in no output: stdout, stderr, or the
 * .json, .md and .html reports. Cells that would change `ads` are refused, and a last cell shows it
 * as loaded: its row count and click total are computed here from the sample CSV itself.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SAMPLE_DIR } from '../../src/cli/run.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOSTILE = join(ROOT, 'tests/fixtures/hostile/cli');
const SECRET = randomBytes(24).toString('hex');

let dir: string;
let canaryDir: string;
let canary: string;
let leakOut: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-hostile-'));
  canaryDir = join(dir, 'private');
  mkdirSync(canaryDir);
  canary = join(canaryDir, 'canary.csv');
  // A valid CSV, so any reader that got to it would return the secret as data.
  writeFileSync(canary, `secret,n\n${SECRET},1\n`);
  leakOut = join(dir, 'leak.csv');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  out: string;
}

/** Run `pulse` in process; `out` is stdout, stderr and every report file it wrote, joined. */
async function pulse(argv: string[], reports: string[] = []): Promise<Ran> {
  const lines: string[] = [];
  const code = await main(argv, { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s) });
  for (const r of reports) if (existsSync(r)) lines.push(readFileSync(r, 'utf8'));
  return { code, out: lines.join('\n') };
}

/** count(*) and sum(clicks) of the bundled ad_daily.csv, read here without DuckDB (it has no quoted fields). */
function adDailyReference(): { n: number; clicks: number } {
  const [header, ...rows] = readFileSync(join(SAMPLE_DIR, 'ad_daily.csv'), 'utf8').trim().split('\n');
  const k = header!.split(',').indexOf('clicks');
  return { n: rows.length, clicks: rows.reduce((s, r) => s + Number(r.split(',')[k]), 0) };
}

interface CellReport {
  id: string;
  status: string;
  rows: Record<string, unknown>[];
  error: string | null;
}

const FAMILIES: { file: string; params: string[]; refused: RegExp; fine?: string[] }[] = [
  { file: 'file-functions', params: ['canary', 'canary_dir'], refused: /Permission Error|disabled by configuration|does not exist/ },
  { file: 'quoted-paths', params: ['canary'], refused: /does not exist|unknown|Permission Error/i },
  { file: 'nested-queries', params: ['canary'], refused: /Permission Error|disabled by configuration|does not exist|a notebook may not call it/ },
  { file: 'write-statements', params: ['canary', 'out_file'], refused: /queries only|one query/ },
  { file: 'multi-statement', params: ['canary'], refused: /queries only|one query/ },
  { file: 'dollar-quotes', params: ['canary'], refused: /queries only|one query/, fine: ['d_fine'] },
  { file: 'engine-state', params: ['canary'], refused: /a notebook may not call it/, fine: ['check_logging'] },
];

describe('pulse run on hostile notebooks: the canary never leaks', () => {
  for (const family of FAMILIES) {
    it(`${family.file}.pulse.md: every hostile cell fails, in every report format, and the secret is nowhere`, async () => {
      const values: Record<string, string> = { canary, canary_dir: canaryDir, out_file: leakOut };
      const params = family.params.flatMap((p) => ['--param', `${p}=${values[p]}`]);
      const nb = join(HOSTILE, `${family.file}.pulse.md`);
      for (const ext of ['json', 'md', 'html']) {
        const report = join(dir, `${family.file}.${ext}`);
        const r = await pulse(['run', nb, ...params, '--out', report], [report]);
        expect(r.out).not.toContain(SECRET);
        expect(r.code).toBe(1); // some cells failed, by design
        expect(existsSync(report)).toBe(true);
      }
      const cells = (JSON.parse(readFileSync(join(dir, `${family.file}.json`), 'utf8')) as { cells: CellReport[] }).cells;
      const hostile = cells.filter((c) => c.id !== 'check_ads' && !family.fine?.includes(c.id));
      expect(hostile.length).toBeGreaterThan(5);
      const notRefused = hostile.filter((c) => c.status === 'ok' || !family.refused.test(c.error ?? '')).map((c) => `${c.id}: ${c.status} ${c.error}`);
      expect(notRefused).toEqual([]);
      const check = cells.find((c) => c.id === 'check_ads');
      if (check) expect(check.rows).toEqual([adDailyReference()]);
      for (const id of family.fine ?? []) expect(cells.find((c) => c.id === id)?.status).toBe('ok');
      expect(existsSync(leakOut)).toBe(false);
    });
  }

  it('dollar-quotes.pulse.md: the one legitimate cell reads its dollar-quoted strings as DuckDB does', async () => {
    const report = join(dir, 'dollar-fine.json');
    await pulse(['run', join(HOSTILE, 'dollar-quotes.pulse.md'), '--param', `canary=${canary}`, '--out', report]);
    const cells = (JSON.parse(readFileSync(report, 'utf8')) as { cells: CellReport[] }).cells;
    expect(cells.find((c) => c.id === 'd_fine')?.rows).toEqual([{ a: ';', b: ';', c: ';' }]);
  });
});

describe('pulse run: a query cannot change the engine', () => {
  it('engine-state.pulse.md: after every refused call, DuckDB\'s logging is still off at its default level', async () => {
    const report = join(dir, 'engine-state-check.json');
    await pulse(['run', join(HOSTILE, 'engine-state.pulse.md'), '--param', `canary=${canary}`, '--out', report]);
    const cells = (JSON.parse(readFileSync(report, 'utf8')) as { cells: CellReport[] }).cells;
    // DuckDB 1.4's defaults: logging off, level INFO (duckdb_settings()).
    expect(cells.find((c) => c.id === 'check_logging')?.rows).toEqual([{ logging: false, level: 'INFO' }]);
    expect(cells.find((c) => c.id === 't_comment_between')?.error).toContain('`enable_logging()` changes DuckDB\'s logging settings (line 1)');
  });
});

describe('pulse run: a chart carries no markup, CSS or remote reference into the HTML report', () => {
  it('plot-markup.pulse.md: style / className / url() options are refused on their line; titles and data stay text', async () => {
    const report = join(dir, 'plot-markup.html');
    const json = join(dir, 'plot-markup.json');
    const nb = join(HOSTILE, 'plot-markup.pulse.md');
    await pulse(['run', nb, '--out', json]);
    const r = await pulse(['run', nb, '--out', report]);
    expect(r.code).toBe(1);
    const html = readFileSync(report, 'utf8');
    // The refusals quote the value as text; no attribute or element carries it.
    expect(html).not.toMatch(/="[^"]*(evil\.example|url\()/i);
    expect(html.match(/<style[^>]*>[^<]*<\/style>/g)?.join('') ?? '').not.toContain('evil.example');
    // No element or attribute the notebook wrote: every < of its text is escaped.
    expect(html).not.toMatch(/<(script|img)\b|<[^>]*\son\w+=|<[^>]*href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
    const cells = (JSON.parse(readFileSync(json, 'utf8')) as { cells: (CellReport & { errorLine?: number })[] }).cells;
    const status = Object.fromEntries(cells.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ by_platform: 'ok', p_text_fine: 'ok', p_legend_style: 'error', p_axis_class: 'error', p_range_url: 'error', p_escaped_url: 'error', p_fill_url: 'error' });
    expect(cells.find((c) => c.id === 'p_legend_style')?.error).toContain('plot `color:` may not set `style`');
    expect(cells.find((c) => c.id === 'p_range_url')?.error).toContain('never url(), script or CSS escapes');
  });
});

describe('pulse run: nothing a notebook writes reaches the terminal as a control sequence', () => {
  it('errors quoting ESC ] 52 (clipboard), ESC [ 2 J (clear screen), \\r and U+202E are printed as escapes', async () => {
    const ESC = '\u001b';
    const nb = join(dir, 'terminal.pulse.md');
    writeFileSync(
      nb,
      [
        '---', 'pulse: 1', 'title: Terminal escapes', '---', '',
        '```sql osc52', "SELECT error(chr(27) || ']52;c;cHduZWQ=' || chr(7) || 'after')", '```', '',
        // a raw ESC in a column name: DuckDB's error quotes the line it is on
        '```sql clear_screen', `SELECT "${ESC}[2Jcolumn"`, '```', '',
        '```sql overwrite', "SELECT error('all good' || chr(13) || 'cell ok' || chr(8238) || 'txt.exe')", '```', '',
      ].join('\n'),
    );
    const r = await pulse(['run', nb]);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.out).toContain('\\x1b]52;c;cHduZWQ=\\x07after');
    expect(r.out).toContain('"\\x1b[2Jcolumn"');
    expect(r.out).toContain('all good\\x0dcell ok\\u202etxt.exe');
  });
});

describe('pulse run / grade / pull: --out never writes through a link', () => {
  it('a report.html planted as a link to another file is refused before anything runs; the file is untouched', async () => {
    const victim = join(dir, 'bashrc');
    writeFileSync(victim, 'export PATH=$HOME/bin:$PATH\n');
    const folder = join(dir, 'sent-folder');
    mkdirSync(folder);
    const nb = join(HOSTILE, 'working-dir-tmp.pulse.md');
    for (const [command, name] of [['run', 'report.html'], ['run', 'report.json'], ['grade', 'grade.md'], ['pull', 'data.pulse.zip']] as const) {
      const link = join(folder, name);
      symlinkSync(victim, link);
      const r = await pulse([command, nb, '--out', link]);
      expect(r.code, `${command} ${name}`).toBe(2);
      expect(r.out).toContain(`--out ${link} is a symbolic link (to ${victim}): Pulse does not write through links`);
      expect(readFileSync(victim, 'utf8')).toBe('export PATH=$HOME/bin:$PATH\n');
    }
  });
});

describe('pulse run: the home folder is neither read nor named', () => {
  it('home-folder.pulse.md: no output names the home folder; DuckDB\'s ~ is the engine\'s own folder', async () => {
    const report = join(dir, 'home-folder.json');
    const r = await pulse(['run', join(HOSTILE, 'home-folder.pulse.md'), '--out', report], [report]);
    expect(homedir().length).toBeGreaterThan(1);
    // The repository and the test's folder may sit under the home folder: their paths are not the leak.
    const out = r.out.replaceAll(ROOT, '<repo>/').replaceAll(dir, '<tmp>');
    expect(out).not.toContain(`${homedir()}/`);
    expect(out).not.toContain(`"${homedir()}"`);
    const cells = (JSON.parse(readFileSync(report, 'utf8')) as { cells: CellReport[] }).cells;
    expect(cells.find((c) => c.id === 't_extensions')?.status).toBe('ok');
    expect(cells.find((c) => c.id === 't_tilde')?.error).toMatch(/Permission Error/);
  });
});

describe('pulse run: parameter values stay values', () => {
  it('param-breakout.pulse.md: -${n} with a negative n, quotes in params and input defaults, literals side by side', async () => {
    const report = join(dir, 'param-breakout.json');
    const r = await pulse(['run', join(HOSTILE, 'param-breakout.pulse.md'), '--out', report], [report]);
    const cells = (JSON.parse(readFileSync(report, 'utf8')) as { cells: CellReport[] }).cells;
    const rows = (id: string) => cells.find((c) => c.id === id)?.rows;
    // 3 - (-1) = 4 and 10 - (-2) = 12, with the rest of the line still read (a `--` would have hidden y)
    expect(rows('p_negative')).toEqual([{ x: 4, y: 'kept' }]);
    expect(rows('p_input_negative')).toEqual([{ x: 12, y: 'kept' }]);
    expect(rows('p_quote')).toEqual([{ who: "x'); ATTACH 'evil.db' AS e; --", note: "'; COPY ads TO 'leak.csv'; SELECT '" }]);
    // Two literals side by side are a syntax error, not one string fused across the quotes.
    expect(cells.find((c) => c.id === 'p_touching')?.error).toMatch(/syntax error/);
    expect(r.code).toBe(1);
    expect(existsSync(join(ROOT, 'leak.csv'))).toBe(false);
    expect(existsSync(join(ROOT, 'evil.db'))).toBe(false);
  });
});

describe('pulse run: the working directory is not readable either', () => {
  it('working-dir-tmp.pulse.md: a `.tmp` link next to the notebook (DuckDB\'s default spill folder) leads nowhere', async () => {
    // The victim runs `pulse run` in a folder the notebook came in, which holds `.tmp` → the private folder.
    const work = join(dir, 'cloned');
    mkdirSync(work);
    symlinkSync(canaryDir, join(work, '.tmp'));
    const report = join(dir, 'working-dir-tmp.json');
    const before = process.cwd();
    process.chdir(work);
    let r: Ran;
    try {
      r = await pulse(['run', join(HOSTILE, 'working-dir-tmp.pulse.md'), '--out', report], [report]);
    } finally {
      process.chdir(before);
    }
    expect(r.out).not.toContain(SECRET);
    expect(r.code).toBe(1);
    const cells = (JSON.parse(readFileSync(report, 'utf8')) as { cells: CellReport[] }).cells;
    const leaked = cells.filter((c) => c.id !== 'check_ads' && (c.status === 'ok' || !/Permission Error|disabled by configuration/.test(c.error ?? '')));
    expect(leaked.map((c) => `${c.id}: ${c.status} ${c.error}`)).toEqual([]);
    expect(cells.find((c) => c.id === 'check_ads')?.rows).toEqual([adDailyReference()]);
  });
});

describe('pulse run: a sample must be a file in the sample folder', () => {
  for (const [file, placeholder, value, why] of [
    ['sample-dotdot', '@CANARY_FROM_SAMPLES@', () => relative(SAMPLE_DIR, canary), /climbs out of the folder with \.\./],
    ['sample-absolute', '@CANARY@', () => canary, /is an absolute path/],
  ] as const) {
    it(`${file}.pulse.md is refused before anything is read, naming the dataset and the path`, async () => {
      const nb = join(dir, `${file}.pulse.md`);
      const path = value();
      expect(path).toMatch(file === 'sample-dotdot' ? /^\.\.\// : /^\//);
      writeFileSync(nb, readFileSync(join(HOSTILE, `${file}.pulse.md`), 'utf8').replaceAll(placeholder, path));
      const report = join(dir, `${file}.json`);
      const r = await pulse(['run', nb, '--out', report], [report]);
      expect(r.code).toBe(2);
      expect(r.out).toContain(`dataset \`ads\`: sample "${path}" must name a file in the bundled sample folder`);
      expect(r.out).toMatch(why);
      expect(r.out).not.toContain(SECRET);
      expect(existsSync(report)).toBe(false);
    });
  }
});

describe('pulse run: --data that is not a regular file', () => {
  it('refuses a device, a named pipe or a folder behind a .csv name at once, instead of reading forever', async () => {
    const zero = join(dir, 'zero.csv');
    symlinkSync('/dev/zero', zero);
    const pipe = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [pipe]);
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    const nb = join(HOSTILE, 'working-dir-tmp.pulse.md');
    for (const [path, what] of [
      [zero, 'this is a device, not a file: Pulse reads data files only'],
      [pipe, 'this is a named pipe, not a file: Pulse reads data files only'],
      [folder, 'this is a folder, not a file: name the data file inside it'],
    ] as const) {
      const t0 = Date.now();
      const r = await pulse(['run', nb, '--data', `ads=${path}`]);
      expect(r.code).toBe(2);
      expect(r.out).toContain(`pulse run: --data ads: ${path}: ${what}`);
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  });
});

describe('pulse run: a sample outside the sample folder is never read, even with --data bound', () => {
  it('a `sample:` climbing out is not opened to compare columns (its header would answer a guess about any file)', async () => {
    // A file outside the sample folder whose first line the notebook "guesses" by reading that column.
    const guess = join(dir, 'guess.csv');
    writeFileSync(guess, 'guessed_secret_column,b\n1,2\n');
    const nb = join(dir, 'sample-oracle.pulse.md');
    writeFileSync(
      nb,
      ['---', 'pulse: 1', 'title: Sample oracle', 'datasets:', `  ads: { schema: ad_daily, sample: "${relative(SAMPLE_DIR, guess)}" }`, '---', '',
        '```sql probe', 'SELECT guessed_secret_column FROM ads', '```', ''].join('\n'),
    );
    const r = await pulse(['run', nb, '--data', `ads=${join(SAMPLE_DIR, 'ad_daily.csv')}`]);
    expect(r.out).toContain('ads: ad_daily.csv');
    expect(r.out).not.toMatch(/bundled sample .*guess\.csv/);
    expect(r.out).not.toMatch(/warning: this file has no column guessed_secret_column/);
  });
});

describe('pulse run: deeply nested JSON', () => {
  it('refuses a 60 KB JSON file nested 10,000 deep with a message, before DuckDB reads it', async () => {
    const deep = join(dir, 'deep.json');
    // 10,000 levels: an array, then 9,999 objects each holding the next under "a"
    writeFileSync(deep, `[${'{"a": '.repeat(9_999)}1${'}'.repeat(9_999)}]`);
    expect(readFileSync(deep).length).toBeGreaterThan(60_000);
    const t0 = Date.now();
    const r = await pulse(['run', join(HOSTILE, 'nested-json.pulse.md'), '--data', `deep=${deep}`]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`--data deep: ${deep}: line 1 nests arrays or objects more than 64 levels deep`);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

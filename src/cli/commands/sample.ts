import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateSample } from '../../core/sample/index.ts';
import type { CommandOutput } from './inspect.ts';

const USAGE = 'usage: pulse sample --seed N --out DIR [--size small|large]';

/**
 * `pulse sample --seed N --out DIR [--size small|large]`: write the seeded sample set (platform
 * exports, canonical CSVs, ground_truth.json). Files are streamed chunk by chunk, so the large set
 * never sits in memory as one string. Exit code 2 for bad arguments or an unwritable directory.
 */
export async function sampleCommand(args: string[], out: CommandOutput): Promise<number> {
  let seed: number | undefined;
  let dir: string | undefined;
  let size: 'small' | 'large' = 'small';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    if (a === '--seed' && value !== undefined && /^\d+$/.test(value)) (seed = Number(value)), i++;
    else if (a === '--out' && value !== undefined) (dir = value), i++;
    else if (a === '--size' && (value === 'small' || value === 'large')) (size = value), i++;
    else {
      out.stderr(`pulse sample: bad argument ${a}${value !== undefined && a.startsWith('--') ? ` ${value}` : ''}\n${USAGE}\n`);
      return 2;
    }
  }
  if (seed === undefined || dir === undefined) {
    out.stderr(`pulse sample: ${seed === undefined ? '--seed N (a non-negative integer)' : '--out DIR'} is required\n${USAGE}\n`);
    return 2;
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    out.stderr(`pulse sample: cannot create ${dir}: ${(e as Error).message}\n`);
    return 2;
  }
  for (const file of generateSample(seed, size)) {
    const path = join(dir, file.name);
    const stream = createWriteStream(path);
    try {
      for (const chunk of file.chunks()) {
        if (!stream.write(chunk)) await once(stream, 'drain');
      }
      stream.end();
      await once(stream, 'finish');
    } catch (e) {
      stream.destroy();
      out.stderr(`pulse sample: cannot write ${path}: ${(e as Error).message}\n`);
      return 2;
    }
    out.stdout(`wrote ${path}\n`);
  }
  return 0;
}

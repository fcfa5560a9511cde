import { describe, expect, it, vi } from 'vitest';
import { isNotebookFileName, onLaunchFiles } from './fileHandler';

function fakeQueue() {
  let consumer: ((p: { files: Array<{ kind: string; getFile?(): Promise<File> }> }) => unknown) | null = null;
  return {
    scope: { launchQueue: { setConsumer: (c: typeof consumer) => void (consumer = c) } },
    launch: (files: Array<{ kind: string; getFile?(): Promise<File> }>) => consumer!({ files }),
  };
}

const handle = (f: File) => ({ kind: 'file', getFile: async () => f });

describe('onLaunchFiles', () => {
  it('returns false where there is no launch queue', () => {
    expect(onLaunchFiles(() => undefined, undefined, {})).toBe(false);
  });

  it('hands each launched file to open, in order, skipping directories', async () => {
    const q = fakeQueue();
    const opened: string[] = [];
    expect(onLaunchFiles((f) => void opened.push(f.name), undefined, q.scope)).toBe(true);
    await q.launch([handle(new File(['a'], 'a.pulse.md')), { kind: 'directory' }, handle(new File(['b'], 'b.pulse.md'))]);
    expect(opened).toEqual(['a.pulse.md', 'b.pulse.md']);
  });

  it('reports a failing open and goes on with the next file', async () => {
    const q = fakeQueue();
    const opened: string[] = [];
    const onError = vi.fn();
    onLaunchFiles(
      (f) => {
        if (f.name === 'bad.pulse.md') throw new Error('not a notebook');
        opened.push(f.name);
      },
      onError,
      q.scope,
    );
    await q.launch([handle(new File(['x'], 'bad.pulse.md')), handle(new File(['y'], 'good.pulse.md'))]);
    expect(opened).toEqual(['good.pulse.md']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0][1] as File).name).toBe('bad.pulse.md');
  });
});

describe('isNotebookFileName', () => {
  it('matches the .pulse.md extension only', () => {
    expect(isNotebookFileName('Report.PULSE.md')).toBe(true);
    expect(isNotebookFileName('notes.md')).toBe(false);
  });
});

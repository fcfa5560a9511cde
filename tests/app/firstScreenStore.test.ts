import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_PREFIX, FIRST_SCREENS_KEPT, forgetFirstScreen, keepFirstScreen } from '../../src/app/firstScreenStore';

/** localStorage's contract, with a quota in characters (keys and values, as browsers count it). */
class QuotaStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.items].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + v.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  kept() {
    return [...this.items.keys()].filter((k) => k.startsWith(FIRST_SCREEN_PREFIX)).map((k) => k.slice(FIRST_SCREEN_PREFIX.length)).sort();
  }
}

const shot = (key: string, size = 10) => ({ key, html: 'x'.repeat(size) });

describe('kept first screens', () => {
  it('keeps the last notebooks opened, dropping the least recent beyond the bound', () => {
    const store = new QuotaStorage();
    for (let i = 1; i <= FIRST_SCREENS_KEPT + 2; i++) expect(keepFirstScreen(shot(`nb${i}`), store)).toBe(true);
    // nb1 and nb2 were kept least recently.
    expect(store.kept()).toEqual(['nb3', 'nb4', 'nb5', 'nb6', 'nb7', 'nb8']);
    // Keeping nb3 again makes it the most recent: the next one drops nb4.
    keepFirstScreen(shot('nb3'), store);
    keepFirstScreen(shot('nb9'), store);
    expect(store.kept()).toEqual(['nb3', 'nb5', 'nb6', 'nb7', 'nb8', 'nb9']);
    expect(JSON.parse(store.getItem(`${FIRST_SCREEN_PREFIX}nb9`)!)).toEqual(shot('nb9'));
  });

  it('makes room from the oldest copies when the browser says the space is full', () => {
    const store = new QuotaStorage(1200);
    keepFirstScreen(shot('a', 400), store);
    keepFirstScreen(shot('b', 400), store);
    // c does not fit beside both: a (the oldest) goes.
    expect(keepFirstScreen(shot('c', 400), store)).toBe(true);
    expect(store.kept()).toEqual(['b', 'c']);
  });

  it('a copy that cannot fit at all is not kept, and its older copy is dropped rather than drawn instead', () => {
    const store = new QuotaStorage(1000);
    keepFirstScreen(shot('a', 300), store);
    expect(keepFirstScreen(shot('a', 5000), store)).toBe(false);
    expect(store.kept()).toEqual([]);
  });

  it('forgets one notebook, or all', () => {
    const store = new QuotaStorage();
    for (const k of ['a', 'b', 'c']) keepFirstScreen(shot(k), store);
    forgetFirstScreen('b', store);
    expect(store.kept()).toEqual(['a', 'c']);
    forgetFirstScreen(undefined, store);
    expect(store.kept()).toEqual([]);
    // Keeping works again afterwards (the list of kept keys was emptied, not broken).
    keepFirstScreen(shot('d'), store);
    expect(store.kept()).toEqual(['d']);
  });

  it('drops copies the list of kept keys lost (two tabs wrote it at once) when forgetting all, and when keeping', () => {
    const store = new QuotaStorage();
    keepFirstScreen(shot('a'), store);
    // Another tab's copy whose key the list no longer holds.
    store.setItem(`${FIRST_SCREEN_PREFIX}lost`, JSON.stringify(shot('lost')));
    store.setItem('pulse.other', 'kept');
    forgetFirstScreen(undefined, store);
    expect(store.kept()).toEqual([]);
    expect(store.getItem('pulse.other')).toBe('kept');
    store.setItem(`${FIRST_SCREEN_PREFIX}lost`, JSON.stringify(shot('lost')));
    keepFirstScreen(shot('b'), store);
    expect(store.kept()).toEqual(['b']);
  });

  it('does nothing where there is no localStorage (Node, a browser that refuses it)', () => {
    expect(keepFirstScreen(shot('a'), null)).toBe(false);
    expect(() => forgetFirstScreen('a', null)).not.toThrow();
  });
});

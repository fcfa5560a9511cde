/**
 * Where the copies of notebooks' first screens are kept (src/ui/notebook/firstScreen.ts takes them,
 * public/first-screen.js draws them): localStorage, because the script that draws one runs while the
 * page is parsed and can only read synchronously. localStorage is small (about 5 M characters an
 * origin, shared with nothing else of Pulse's), so only the notebooks opened last are kept, and a copy
 * that does not fit is dropped, never an error: the notebook still opens, only later.
 */

/** Keys: `pulse.firstScreen.<notebook key>`, and the list of kept keys, most recent first. */
export const FIRST_SCREEN_PREFIX = 'pulse.firstScreen.';
const INDEX = 'pulse.firstScreen:index';
/** Notebooks whose first screen is kept. */
export const FIRST_SCREENS_KEPT = 6;

/** What is stored: JSON with at least the notebook's key (the drawing script checks the rest). */
export interface StoredFirstScreen {
  key: string;
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & Partial<Pick<Storage, 'key' | 'length'>>;

/** The browser's localStorage, or none (Node, a locked-down browser that throws on access). */
function local(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readIndex(store: KeyValueStore): string[] {
  try {
    const keys: unknown = JSON.parse(store.getItem(INDEX) ?? '[]');
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Every kept copy's notebook key, listed or not: two tabs keeping copies at the same moment can each
 * write the list without the other's key, and a copy left off it would otherwise never be dropped
 * (not by the bound, not when a dataset is deleted).
 */
function storedKeys(store: KeyValueStore): string[] {
  if (store.key === undefined || store.length === undefined) return [];
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k?.startsWith(FIRST_SCREEN_PREFIX)) keys.push(k.slice(FIRST_SCREEN_PREFIX.length));
  }
  return keys;
}

/**
 * Keep `shot` as its notebook's first screen, dropping the least recently kept beyond
 * FIRST_SCREENS_KEPT, and more of them if the browser says the space is full. False when it could not
 * be kept at all (its own entry is removed then, so an older copy is not drawn instead).
 */
export function keepFirstScreen(shot: StoredFirstScreen, store: KeyValueStore | null = local()): boolean {
  if (!store) return false;
  const text = JSON.stringify(shot);
  let keys = [shot.key, ...readIndex(store).filter((k) => k !== shot.key)];
  for (const old of keys.splice(FIRST_SCREENS_KEPT)) store.removeItem(FIRST_SCREEN_PREFIX + old);
  for (const lost of storedKeys(store)) if (!keys.includes(lost)) store.removeItem(FIRST_SCREEN_PREFIX + lost);
  for (;;) {
    try {
      store.setItem(FIRST_SCREEN_PREFIX + shot.key, text);
      store.setItem(INDEX, JSON.stringify(keys));
      return true;
    } catch {
      // Full: make room from the oldest copy; with only this one left, it does not fit.
      if (keys.length <= 1) break;
      store.removeItem(FIRST_SCREEN_PREFIX + keys.pop()!);
    }
  }
  forgetFirstScreen(shot.key, store);
  return false;
}

/** Drop one notebook's copy (its text or results changed in a way the copy does not show), or all of them. */
export function forgetFirstScreen(key?: string, store: KeyValueStore | null = local()): void {
  if (!store) return;
  const keys = readIndex(store);
  const gone = key === undefined ? [...new Set([...keys, ...storedKeys(store)])] : [key];
  try {
    for (const k of gone) store.removeItem(FIRST_SCREEN_PREFIX + k);
    store.setItem(INDEX, JSON.stringify(keys.filter((k) => !gone.includes(k))));
  } catch {
    // Removing cannot run out of space; a store that throws anyway has nothing of ours to drop.
  }
}

import { describe, expect, it } from 'vitest';
import { copyMayStay, type AppOnScreen } from '../../src/ui/firstScreen';

/** The app as it mounts at a notebook's address: storage still opening, nothing drawn, nothing to say. */
const starting: AppOnScreen = { hash: '#/nb/segments%2F01-x.pulse.md', pageDrawn: false, storageReady: false, loading: false, banner: false };

describe('the kept first screen gives way', () => {
  it('stays while the notebook at the address is opened: storage opening, then the notebook loading', () => {
    expect(copyMayStay(starting)).toBe(true);
    expect(copyMayStay({ ...starting, storageReady: true, loading: true })).toBe(true);
  });

  it('goes once the page is drawn, or the app shows something else (no such notebook, the library)', () => {
    expect(copyMayStay({ ...starting, storageReady: true, pageDrawn: true })).toBe(false);
    // Storage is up and nothing is loading: the address names no notebook ("No notebook at this address").
    expect(copyMayStay({ ...starting, storageReady: true })).toBe(false);
    expect(copyMayStay({ ...starting, hash: '#/' })).toBe(false);
  });

  it('goes as soon as a banner is up, even while storage still waits (another tab blocks it)', () => {
    expect(copyMayStay({ ...starting, banner: true })).toBe(false);
    expect(copyMayStay({ ...starting, storageReady: true, loading: true, banner: true })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/sha256.ts';

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 appendix B test vectors', () => {
    // FIPS 180-2, appendix B.1 ("abc") and B.2 (the 448-bit two-block message).
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    // The empty string (NIST CAVP SHA256ShortMsg, Len = 0).
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

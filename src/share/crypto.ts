/**
 * Passphrase encryption of a bundle: PBKDF2-SHA256 derives an AES-GCM 256 key from the passphrase
 * and a random salt; AES-GCM encrypts with a random 96-bit IV. The file is a small header then the
 * ciphertext:
 *
 *   "PULSEENC" (8 bytes) · format version (1 byte) · header length (uint32, big-endian) · header JSON
 *   {"kdf":"PBKDF2-SHA256","iterations":600000,"salt":base64,"cipher":"AES-GCM-256","iv":base64,"length":n}
 *   · ciphertext with its 16-byte tag
 *
 * Everything before the ciphertext is authenticated as additional data, so a changed header fails
 * like a wrong passphrase.
 */
import { decodeUtf8Strict, encodeUtf8, fromBase64, startsWith, toBase64 } from './bytes.ts';
import { OpenFileError } from './errors.ts';

export const ENCRYPTED_MAGIC = encodeUtf8('PULSEENC');
const FORMAT_VERSION = 1;
/** OWASP Password Storage Cheat Sheet (2023 on): PBKDF2-HMAC-SHA256 with 600,000 iterations. */
export const MIN_ITERATIONS = 600_000;
/** An upper bound so a crafted header cannot make the browser derive for minutes. */
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
/** NIST SP 800-38D: a 96-bit IV for AES-GCM. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface EncryptionHeader {
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: string;
  cipher: 'AES-GCM-256';
  iv: string;
  /** Ciphertext length in bytes, tag included: a shorter file is truncated, not a wrong passphrase. */
  length: number;
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', encodeUtf8(passphrase.normalize('NFC')) as Uint8Array<ArrayBuffer>, 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export function isEncrypted(bytes: Uint8Array): boolean {
  return startsWith(bytes, ENCRYPTED_MAGIC);
}

/** Encrypt `plain` with a passphrase (NFC-normalized, so the same typed text always matches). */
export async function encryptWithPassphrase(plain: Uint8Array, passphrase: string, iterations = MIN_ITERATIONS): Promise<Uint8Array> {
  if (passphrase === '') throw new Error('An empty passphrase protects nothing: type one, or share the bundle without encryption.');
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) throw new Error(`PBKDF2 iterations must be a whole number from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}.`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header: EncryptionHeader = { kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), cipher: 'AES-GCM-256', iv: toBase64(iv), length: plain.length + TAG_BYTES };
  const json = encodeUtf8(JSON.stringify(header));
  const prefix = new Uint8Array(ENCRYPTED_MAGIC.length + 5 + json.length);
  prefix.set(ENCRYPTED_MAGIC, 0);
  prefix[ENCRYPTED_MAGIC.length] = FORMAT_VERSION;
  new DataView(prefix.buffer).setUint32(ENCRYPTED_MAGIC.length + 1, json.length);
  prefix.set(json, ENCRYPTED_MAGIC.length + 5);
  const key = await deriveKey(passphrase, salt, iterations);
  const cipher = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: prefix }, key, plain as Uint8Array<ArrayBuffer>));
  const out = new Uint8Array(prefix.length + cipher.length);
  out.set(prefix, 0);
  out.set(cipher, prefix.length);
  return out;
}

/** Read and check the header; throws OpenFileError for anything Pulse did not write. */
function readHeader(bytes: Uint8Array): { header: EncryptionHeader; prefix: Uint8Array; cipher: Uint8Array } {
  const damaged = (why: string) => new OpenFileError('invalid-manifest', `This encrypted bundle's header is damaged (${why}); ask for the bundle again.`);
  const start = ENCRYPTED_MAGIC.length + 5;
  if (bytes.length < start) throw new OpenFileError('truncated', 'This encrypted bundle is cut short (an interrupted download or copy?); download or copy it again.');
  if (bytes[ENCRYPTED_MAGIC.length] !== FORMAT_VERSION) throw new OpenFileError('invalid-manifest', `This bundle was encrypted by a newer Pulse (format ${bytes[ENCRYPTED_MAGIC.length]}); update Pulse (reload) and open it again.`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(ENCRYPTED_MAGIC.length + 1);
  if (bytes.length < start + length) throw new OpenFileError('truncated', 'This encrypted bundle is cut short (an interrupted download or copy?); download or copy it again.');
  const text = decodeUtf8Strict(bytes.subarray(start, start + length));
  let header: EncryptionHeader;
  try {
    header = JSON.parse(text ?? '') as EncryptionHeader;
  } catch {
    throw damaged('not JSON');
  }
  if (header.kdf !== 'PBKDF2-SHA256' || header.cipher !== 'AES-GCM-256') throw damaged(`unknown kdf/cipher ${String(header.kdf)}/${String(header.cipher)}`);
  if (!Number.isInteger(header.iterations) || header.iterations < MIN_ITERATIONS || header.iterations > MAX_ITERATIONS) throw damaged(`iterations ${String(header.iterations)} outside ${MIN_ITERATIONS}–${MAX_ITERATIONS}`);
  if (!Number.isInteger(header.length)) throw damaged('no length');
  const cipher = bytes.subarray(start + length);
  if (cipher.length < header.length) throw new OpenFileError('truncated', `This encrypted bundle is cut short: ${cipher.length} of ${header.length} bytes (an interrupted download or copy?); download or copy it again.`);
  return { header, prefix: bytes.subarray(0, start + length), cipher: cipher.subarray(0, header.length) };
}

/** Decrypt a file made by encryptWithPassphrase. A wrong passphrase is an OpenFileError('wrong-passphrase'). */
export async function decryptWithPassphrase(bytes: Uint8Array, passphrase: string | undefined): Promise<Uint8Array> {
  const { header, prefix, cipher } = readHeader(bytes);
  if (!passphrase) throw new OpenFileError('passphrase-required', 'This bundle is encrypted: enter the passphrase it was shared with.');
  let salt: Uint8Array;
  let iv: Uint8Array;
  try {
    salt = fromBase64(header.salt);
    iv = fromBase64(header.iv);
  } catch {
    throw new OpenFileError('invalid-manifest', "This encrypted bundle's header is damaged (salt or IV); ask for the bundle again.");
  }
  const key = await deriveKey(passphrase, salt, header.iterations);
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: prefix as Uint8Array<ArrayBuffer> }, key, cipher as Uint8Array<ArrayBuffer>));
  } catch {
    throw new OpenFileError('wrong-passphrase', 'That passphrase does not open this bundle (passphrases are case-sensitive). Check it and try again; nothing was stored.');
  }
}

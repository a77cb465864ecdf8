import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretBoxError } from '../../src/crypto/secret-box.js';

const KEY = new Uint8Array(32).fill(1);
const OTHER_KEY = new Uint8Array(32).fill(2);
const BINDING = 'broker_accounts.credentials_enc:account-1:user-1';
const SECRET = '{"appKey":"PSabcdefgh","appSecret":"very-secret"}';

/** Replaces one dot-separated part of an encrypted text, with its first byte flipped. */
function flipPart(encrypted: string, index: number): string {
  const parts = encrypted.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secret box (AES-256-GCM)', () => {
  it('decrypts what it encrypted, with the same key and binding', () => {
    expect(decryptSecret(KEY, encryptSecret(KEY, SECRET, BINDING), BINDING)).toBe(SECRET);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, with a fresh 12-byte IV each time and no plaintext', () => {
    const first = encryptSecret(KEY, SECRET, BINDING);
    const second = encryptSecret(KEY, SECRET, BINDING);
    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const [, iv, tag] = first.split('.');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(second).not.toBe(first);
    expect(first).not.toContain('very-secret');
    expect(Buffer.from(first.split('.')[3]!, 'base64url').toString('utf8')).not.toContain('very-secret');
  });

  it.each([[1, 'IV'], [2, 'tag'], [3, 'ciphertext']])('refuses a text whose %s part (%s) was changed', (index) => {
    const tampered = flipPart(encryptSecret(KEY, SECRET, BINDING), index);
    expect(() => decryptSecret(KEY, tampered, BINDING)).toThrow(SecretBoxError);
  });

  it('refuses the wrong key', () => {
    expect(() => decryptSecret(OTHER_KEY, encryptSecret(KEY, SECRET, BINDING), BINDING)).toThrow(SecretBoxError);
  });

  it('refuses a text moved to another row (another binding)', () => {
    const encrypted = encryptSecret(KEY, SECRET, BINDING);
    expect(() => decryptSecret(KEY, encrypted, 'broker_accounts.credentials_enc:account-2:user-1')).toThrow(SecretBoxError);
  });

  it('refuses malformed texts and unknown versions', () => {
    const [, iv, tag, ciphertext] = encryptSecret(KEY, SECRET, BINDING).split('.');
    for (const text of ['', 'v1.abc', `v2.${iv}.${tag}.${ciphertext}`, `v1.${iv}.${tag}`, `v1.${tag}.${tag}.${ciphertext}`]) {
      expect(() => decryptSecret(KEY, text, BINDING)).toThrow(SecretBoxError);
    }
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => encryptSecret(new Uint8Array(16), SECRET, BINDING)).toThrow(SecretBoxError);
  });
});

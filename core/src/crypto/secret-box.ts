import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of small secrets at rest: AES-256-GCM with a random 12-byte IV, as text
 * `v1.<iv>.<tag>.<ciphertext>` (each base64url). `binding` is authenticated but not stored: it names
 * where the ciphertext belongs (e.g. the account row and its user), so a ciphertext copied to
 * another row does not decrypt there.
 *
 * The AES key is derived from the master key (HKDF-SHA256) rather than being the master key itself,
 * which also keys the link-code HMAC: one key, one purpose.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_INFO = 'tradedesk/secret-box/v1';

/** Thrown when an encrypted text cannot be decrypted: wrong key, wrong binding, tampered or malformed. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export function encryptSecret(masterKey: Uint8Array, plaintext: string, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', boxKey(masterKey), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(masterKey: Uint8Array, encrypted: string, binding: string): string {
  const parts = encrypted.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('not a v1 encrypted secret');
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new SecretBoxError('malformed encrypted secret');
  const decipher = createDecipheriv('aes-256-gcm', boxKey(masterKey), iv!, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(binding, 'utf8'));
  decipher.setAuthTag(tag!);
  try {
    return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
  } catch (error) {
    // GCM says only "unable to authenticate": the key, the binding or the text differs from encryption.
    throw new SecretBoxError('encrypted secret does not authenticate', { cause: error });
  }
}

function boxKey(masterKey: Uint8Array): Buffer {
  if (masterKey.length !== KEY_BYTES) throw new SecretBoxError(`master key must be ${KEY_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), KEY_INFO, KEY_BYTES));
}

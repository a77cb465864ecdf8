import { createHmac } from 'node:crypto';

/** No 0/O, 1/I/L: a code is read aloud and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 10;

/** Formats random bytes (32 are plenty) as a link code like `K7QX-M2PA-RT`: 10 symbols of 31, about 49 bits. */
export function formatLinkCode(randomBytes: Uint8Array): string {
  let raw = '';
  // Bytes at or above 248 (8 × 31) are skipped so that every symbol is equally likely.
  for (const byte of randomBytes) {
    if (raw.length === LINK_CODE_LENGTH) break;
    if (byte < 248) raw += ALPHABET[byte % ALPHABET.length];
  }
  if (raw.length < LINK_CODE_LENGTH) throw new Error('not enough random bytes for a link code');
  return raw.match(/.{1,4}/g)!.join('-');
}

/** What people type varies (case, dashes, spaces); the hash is taken of the canonical form. */
export function normalizeLinkCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Only a keyed hash is stored, so a copy of the database does not hand out working codes. */
export function hashLinkCode(code: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(normalizeLinkCode(code)).digest('hex');
}

import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a presented bearer token with the expected one in constant time (hashes make lengths equal). */
export function bearerMatches(header: string | undefined, expectedToken: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const presented = createHash('sha256').update(header.slice('Bearer '.length)).digest();
  const expected = createHash('sha256').update(expectedToken).digest();
  return timingSafeEqual(presented, expected);
}

import type { IdSource } from '../ports/id-source.js';

/** `TD` + 16 hex digits: unique, within every broker's length and charset limits, never reused. */
export function newClientOrderId(ids: Pick<IdSource, 'bytes'>): string {
  return `TD${Buffer.from(ids.bytes(8)).toString('hex').toUpperCase()}`;
}

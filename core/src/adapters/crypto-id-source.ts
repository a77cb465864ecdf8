import { randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/id-source.js';

export const cryptoIdSource: IdSource = {
  uuid: () => randomUUID(),
  bytes: (n) => new Uint8Array(randomBytes(n)),
};

import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../crypto/secret-box.js';

/** What a user hands over with `connect`: enough to log in to their broker's API. Secret throughout. */
export const brokerCredentialsSchema = z.object({
  appKey: z.string().min(1),
  appSecret: z.string().min(1),
  accountNumber: z.string().regex(/^\d{8}-\d{2}$/),
});
export type BrokerCredentials = z.infer<typeof brokerCredentialsSchema>;

/** The row the credentials belong to. */
export interface CredentialsOwner {
  accountId: string;
  userId: string;
}

/** Binds a ciphertext to its account row and user: copied to another row, it no longer decrypts. */
function bindingOf(owner: CredentialsOwner): string {
  return `broker_accounts.credentials_enc:${owner.accountId}:${owner.userId}`;
}

/** The text stored in `broker_accounts.credentials_enc`. */
export function encryptBrokerCredentials(masterKey: Uint8Array, owner: CredentialsOwner, credentials: BrokerCredentials): string {
  return encryptSecret(masterKey, JSON.stringify(brokerCredentialsSchema.parse(credentials)), bindingOf(owner));
}

/** The credentials back, for logging in to the broker; throws SecretBoxError if they were not stored for this row. */
export function decryptBrokerCredentials(masterKey: Uint8Array, owner: CredentialsOwner, credentialsEnc: string): BrokerCredentials {
  return brokerCredentialsSchema.parse(JSON.parse(decryptSecret(masterKey, credentialsEnc, bindingOf(owner))));
}

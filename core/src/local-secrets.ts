import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets for the embedded default setup: generated once into DATA_DIR (mode 0600) so that
 * `npm start` needs no configuration, and so the local CLIs (`npm run chat`, `npm run admin`) can
 * reach a running core. A configured environment variable always wins.
 */
export interface LocalSecrets {
  coreToken: string;
  bridgeToken: string;
  masterKey: Uint8Array;
}

function readOrCreate(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const value = make();
    // 'wx': if another process created it first, read theirs instead of overwriting it.
    try {
      writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
      return value;
    } catch {
      return readFileSync(file, 'utf8').trim();
    }
  }
}

export function loadLocalSecrets(
  dataDir: string,
  env: { CORE_TOKEN?: string | undefined; BRIDGE_TOKEN?: string | undefined; MASTER_KEY?: string | undefined },
): LocalSecrets {
  const token = () => randomBytes(24).toString('base64url');
  return {
    coreToken: env.CORE_TOKEN ?? readOrCreate(dataDir, 'service-token', token),
    bridgeToken: env.BRIDGE_TOKEN ?? readOrCreate(dataDir, 'bridge-token', token),
    masterKey: Buffer.from(env.MASTER_KEY ?? readOrCreate(dataDir, 'master.key', () => randomBytes(32).toString('hex')), 'hex'),
  };
}

import { describe, expect, it } from 'vitest';
import { bridgeLoggers, createLogger } from '../src/logger.js';

describe('logger', () => {
  it('should redact tokens, authorization headers, app keys and account numbers', () => {
    const lines: string[] = [];
    const root = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const { protocol } = bridgeLoggers(root);
    const secrets = ['tok-SECRET-1', 'Bearer SECRET-2', 'appkey-SECRET-3', 'appsecret-SECRET-4', '12345678-SECRET-5'];
    protocol.info({ token: secrets[0], req: { headers: { authorization: secrets[1] } } }, 'one');
    protocol.info({ broker: { appKey: secrets[2], appSecret: secrets[3], accountNumber: secrets[4] } }, 'two');
    protocol.info({ config: { token: secrets[0] }, headers: { authorization: secrets[1] } }, 'three');
    const output = lines.join('\n');
    expect(lines).toHaveLength(3);
    expect(output).toContain('"component":"protocol"');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('should be silent under vitest when no level is given', () => {
    const lines: string[] = [];
    createLogger({ destination: { write: (line: string) => void lines.push(line) } }).error('nothing');
    expect(lines).toEqual([]);
  });
});

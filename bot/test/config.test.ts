import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BotConfigError, loadCoreToken, onlyBotVariables, parseBotConfig, withDotenvDefaults } from '../src/config.js';
import { createBotLogger } from '../src/logger.js';

describe('parseBotConfig', () => {
  it('should default to the local core and Korean', () => {
    const config = parseBotConfig({});
    expect(config).toMatchObject({ coreUrl: 'http://127.0.0.1:8787', defaultLocale: 'ko', coreToken: undefined, requestTimeoutMs: 10_000 });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('should accept CORE_URL, CORE_TOKEN, DEFAULT_LOCALE and chat tokens', () => {
    const config = parseBotConfig({
      CORE_URL: 'https://core.example:9000/', CORE_TOKEN: 'x'.repeat(20), DEFAULT_LOCALE: 'en', TELEGRAM_BOT_TOKEN: '123:abc',
    });
    expect(config).toMatchObject({ coreUrl: 'https://core.example:9000', coreToken: 'x'.repeat(20), defaultLocale: 'en', telegram: { token: '123:abc', apiRoot: 'https://api.telegram.org', webhook: undefined } });
  });

  it.each(['SUPABASE_SERVICE_ROLE_KEY', 'BRIDGE_TOKEN', 'MASTER_KEY', 'DATABASE_URL', 'KIS_APP_SECRET', 'KIWOOM_APP_KEY'])(
    'should refuse to start when given %s, naming it but not its value',
    (name) => {
      const attempt = () => parseBotConfig({ [name]: 'super-secret-value' });
      expect(attempt).toThrow(BotConfigError);
      expect(attempt).toThrow(name);
      expect(attempt).not.toThrow('super-secret-value');
    },
  );

  it('should pass the terminal chat only the bot\'s own variables, so core\'s never reach it', () => {
    const env = onlyBotVariables({ CORE_URL: 'http://127.0.0.1:9', DATABASE_URL: 'postgres://secret', MASTER_KEY: 'k', PATH: '/bin' });
    expect(env).toEqual({ CORE_URL: 'http://127.0.0.1:9' });
    expect(() => parseBotConfig(env)).not.toThrow();
  });

  it('should ignore an empty secret variable', () => {
    expect(() => parseBotConfig({ MASTER_KEY: '' })).not.toThrow();
  });

  it('should refuse an invalid locale or URL with the variable named', () => {
    expect(() => parseBotConfig({ DEFAULT_LOCALE: 'fr' })).toThrow('DEFAULT_LOCALE');
    expect(() => parseBotConfig({ CORE_URL: 'ftp://x' })).toThrow('CORE_URL');
  });
});

describe('service token and .env', () => {
  it('should read the token a local core wrote, and prefer CORE_TOKEN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-token-'));
    expect(loadCoreToken({ coreToken: undefined, dataDir: dir }).token).toBeNull();
    writeFileSync(join(dir, 'service-token'), 'file-token\n');
    expect(loadCoreToken({ coreToken: undefined, dataDir: dir })).toEqual({ token: 'file-token', file: join(dir, 'service-token') });
    expect(loadCoreToken({ coreToken: 'env-token', dataDir: dir }).token).toBe('env-token');
  });

  it('should take only the chat\'s own keys from .env, never core\'s secrets, and let the environment win', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bot-env-')), '.env');
    writeFileSync(file, 'MASTER_KEY=abc\nCORE_PORT=9999\nexport DATA_DIR="/tmp/x"\nDEFAULT_LOCALE=en\n');
    const env = withDotenvDefaults({ DEFAULT_LOCALE: 'ko' }, file);
    expect(env).toEqual({ DEFAULT_LOCALE: 'ko', CORE_PORT: '9999', DATA_DIR: '/tmp/x' });
    expect(parseBotConfig(env).coreUrl).toBe('http://127.0.0.1:9999');
  });
});

describe('logger', () => {
  it('should never write tokens or authorization headers', () => {
    let out = '';
    const sink = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
    const logger = createBotLogger({ level: 'info', destination: sink });
    logger.info({ headers: { authorization: 'Bearer s3cret-token' }, coreToken: 's3cret-token', input: { code: 'LINK-CODE-1' } }, 'request');
    expect(out).toContain('request');
    expect(out).not.toContain('s3cret-token');
    expect(out).not.toContain('LINK-CODE-1');
  });
});

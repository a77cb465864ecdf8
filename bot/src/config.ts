import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localeSchema, type Locale } from '@tradedesk/contracts';
import { z } from 'zod';

/** The repository root, found from this file so the CLIs work from any working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Secrets that belong to core or the bridge (RELIABILITY SEC-4). A bot that is handed one refuses to
 * start: it talks to core with its service token only, so a leak of the bot leaks nothing more.
 */
export const FORBIDDEN_SECRET_NAMES = ['SUPABASE_SERVICE_ROLE_KEY', 'BRIDGE_TOKEN', 'MASTER_KEY', 'DATABASE_URL'] as const;
const FORBIDDEN_SECRET_PATTERNS = [/SERVICE_ROLE/i, /^(KIS|KIWOOM)_/i];

const optionalNonEmpty = z.string().trim().min(1).optional().or(z.literal('').transform(() => undefined));

export const botEnvSchema = z.object({
  CORE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CORE_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  CORE_TOKEN: z.string().min(16, 'CORE_TOKEN must be at least 16 characters').optional(),
  CORE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DATA_DIR: z.string().default('.data'),
  DEFAULT_LOCALE: localeSchema.default('ko'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Discord: the bot token; with it the Discord adapter runs. */
  DISCORD_TOKEN: optionalNonEmpty,
  /** Discord: the application id (commands are registered under it). */
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{15,25}$/, 'DISCORD_APPLICATION_ID is a numeric snowflake').optional().or(z.literal('').transform(() => undefined)),
  /** Discord: register commands in this guild only (instant; for development). Else global. */
  DISCORD_GUILD_ID: z.string().regex(/^\d{15,25}$/, 'DISCORD_GUILD_ID is a numeric snowflake').optional().or(z.literal('').transform(() => undefined)),
  /** Discord: the REST root (a rate-limit proxy such as nirn-proxy); discord.js adds `/v10`. */
  DISCORD_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
  /** Telegram: the bot token from @BotFather; with it the Telegram adapter runs. */
  TELEGRAM_BOT_TOKEN: optionalNonEmpty,
  /** Telegram: the Bot API root (a self-hosted telegram-bot-api server); no trailing slash. */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org').transform((u) => u.replace(/\/+$/, '')),
  /** Telegram: receive updates by webhook at this public HTTPS URL instead of long polling. */
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
  /** Telegram: the webhook's secret token (1-256 of A-Z a-z 0-9 _ -); required with a webhook. */
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -').optional().or(z.literal('').transform(() => undefined)),
  /** Telegram: the local port the webhook listens on (behind a TLS terminator). */
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65_535).default(8443),
}).superRefine((e, ctx) => {
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_WEBHOOK_URL is set (Telegram echoes it so forged updates are refused)' });
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'required with DISCORD_TOKEN (commands are registered under it)' });
  }
});

/** The bot's configuration. */
export interface BotConfig {
  coreUrl: string;
  /** Absent: read from `<dataDir>/service-token`, where a local core writes it. */
  coreToken: string | undefined;
  requestTimeoutMs: number;
  dataDir: string;
  defaultLocale: Locale;
  logLevel: string;
  discord: { token: string; applicationId: string; guildId: string | undefined; apiRoot: string } | undefined;
  telegram: {
    token: string;
    apiRoot: string;
    webhook: { url: string; secret: string; port: number } | undefined;
  } | undefined;
}

/** Thrown for configuration the bot cannot or must not start with; the message names the variable. */
export class BotConfigError extends Error {
  override name = 'BotConfigError';
}

/** Names of core's or the bridge's secrets present (non-empty) in `env`. Values are never returned. */
export function findForbiddenSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => (env[name] ?? '').trim() !== '')
    .filter((name) => (FORBIDDEN_SECRET_NAMES as readonly string[]).includes(name) || FORBIDDEN_SECRET_PATTERNS.some((p) => p.test(name)))
    .sort();
}

/**
 * Parses the bot's environment. Refuses (throws {@link BotConfigError}) when given a broker secret,
 * the Supabase service-role key, the bridge token, the master key or the database URL.
 */
export function parseBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const forbidden = findForbiddenSecrets(env);
  if (forbidden.length > 0) {
    throw new BotConfigError(
      `The bot must not be given core's or the bridge's secrets; unset ${forbidden.join(', ')} in the bot's environment.`,
    );
  }
  const parsed = botEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new BotConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    coreUrl: (e.CORE_URL ?? `http://127.0.0.1:${e.CORE_PORT ?? 8787}`).replace(/\/+$/, ''),
    coreToken: e.CORE_TOKEN,
    requestTimeoutMs: e.CORE_REQUEST_TIMEOUT_MS,
    dataDir: resolve(REPO_ROOT, e.DATA_DIR),
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL,
    discord: e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildId: e.DISCORD_GUILD_ID, apiRoot: e.DISCORD_API_ROOT }
      : undefined,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
        token: e.TELEGRAM_BOT_TOKEN,
        apiRoot: e.TELEGRAM_API_ROOT,
        webhook: e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
          ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET, port: e.TELEGRAM_WEBHOOK_PORT }
          : undefined,
      }
      : undefined,
  };
}

/**
 * Only the variables the bot reads, for the local terminal chat: it runs beside core and is not a
 * service, so core's variables in the same shell are not passed on rather than refused.
 * The bot service (`npm run start:bot`) still refuses them (SEC-4).
 */
export function onlyBotVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const names = Object.keys(botEnvSchema.shape);
  return Object.fromEntries(Object.entries(env).filter(([name]) => names.includes(name)));
}

/** The service token: configured, else the file a local core wrote. `file` says where it looked. */
export function loadCoreToken(config: Pick<BotConfig, 'coreToken' | 'dataDir'>): { token: string | null; file: string } {
  const file = resolve(config.dataDir, 'service-token');
  if (config.coreToken) return { token: config.coreToken, file };
  try {
    const token = readFileSync(file, 'utf8').trim();
    return { token: token === '' ? null : token, file };
  } catch {
    return { token: null, file };
  }
}

const DOTENV_KEYS_FOR_BOT = ['CORE_URL', 'CORE_PORT', 'CORE_TOKEN', 'DATA_DIR', 'DEFAULT_LOCALE'] as const;

/**
 * The few variables of the repo's `.env` that the local chat needs to find core (core loads `.env`
 * itself). Only these keys are read, so core's secrets in the same file never reach the bot.
 * The real environment wins.
 */
export function withDotenvDefaults(env: NodeJS.ProcessEnv, file = resolve(REPO_ROOT, '.env')): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return env;
  }
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, rawValue] = match as unknown as [string, string, string];
    if (!(DOTENV_KEYS_FOR_BOT as readonly string[]).includes(key) || merged[key] !== undefined) continue;
    merged[key] = rawValue.replace(/^(['"])(.*)\1$/, '$2');
  }
  return merged;
}

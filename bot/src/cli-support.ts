import type { ChatIdentity } from '@tradedesk/contracts';
import { loadCoreToken, type BotConfig } from './config.js';
import { CoreClient, CoreError, CoreUnavailableError } from './core-client.js';
import { t } from './i18n/index.js';
import { createStderrLogger } from './logger.js';

/** Korean, then English: for messages printed before anyone chose a language. */
export function bilingual(render: (locale: 'ko' | 'en') => string): string {
  return `${render('ko')}\n${render('en')}`;
}

/** A logger for the CLIs: to stderr, so it never mixes with chat output; `warn` unless LOG_LEVEL says. */
export function cliLogger(config: Pick<BotConfig, 'logLevel'>, env: NodeJS.ProcessEnv) {
  return createStderrLogger(env.LOG_LEVEL ? config.logLevel : 'warn');
}

export type CoreCheck = { ok: true; token: string } | { ok: false; message: string };

/**
 * Finds the service token and checks that core answers with it, so the person gets one clear
 * message (in both languages) instead of a failure on every line.
 */
export async function checkCore(config: BotConfig, identity: ChatIdentity): Promise<CoreCheck> {
  const { token, file } = loadCoreToken(config);
  if (!token) return { ok: false, message: bilingual((l) => t(l, 'coreTokenMissing', { file })) };
  const core = new CoreClient({ baseUrl: config.coreUrl, token, timeoutMs: config.requestTimeoutMs });
  try {
    await core.command('me', { identity, input: {} });
  } catch (err) {
    if (err instanceof CoreUnavailableError) return { ok: false, message: bilingual((l) => t(l, 'coreNotRunning', { url: config.coreUrl })) };
    if (err instanceof CoreError && err.code === 'UNAUTHENTICATED') return { ok: false, message: bilingual((l) => t(l, 'coreTokenRejected')) };
    // Any other answer (NOT_LINKED for a new name, say) proves core is up and accepts the token.
  }
  return { ok: true, token };
}

import type { Locale } from '@tradedesk/contracts';
import { handleChatText } from '../../src/commands/dispatch.js';
import type { ChatReply } from '../../src/commands/reply.js';
import { CoreClient } from '../../src/core-client.js';
import { silentLogger } from '../../src/logger.js';
import { FAKE_TOKEN, type FakeCore } from './fake-core.js';

/** Runs one chat line as the console user `kim` against the fake core. */
export async function runLine(
  core: FakeCore, text: string, locale: Locale = 'ko', options: { key?: string; timeoutMs?: number } = {},
): Promise<ChatReply | null> {
  const client = new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN, timeoutMs: options.timeoutMs ?? 2_000 });
  return handleChatText(
    { core: client, logger: silentLogger(), defaultLocale: 'ko' },
    { identity: { platform: 'console', platformUserId: 'kim', chatId: 'kim', isPrivateChat: true, locale }, idempotencyKey: options.key ?? 'k-1', text },
  );
}

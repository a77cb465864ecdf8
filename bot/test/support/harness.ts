import type { Locale, Platform } from '@tradedesk/contracts';
import { ActionStore } from '../../src/commands/action-store.js';
import { handleChatText, type CommandDeps } from '../../src/commands/dispatch.js';
import { pressAction } from '../../src/commands/press-action.js';
import type { ChatReply } from '../../src/commands/reply.js';
import { CoreClient } from '../../src/core-client.js';
import { silentLogger } from '../../src/logger.js';
import { FAKE_TOKEN, type FakeCore } from './fake-core.js';
import { ManualClock } from './manual-clock.js';

/** Command-layer deps against the fake core, with a manual clock and counting action ids (`action-0001`, ...). */
export function testDeps(core: FakeCore, options: { timeoutMs?: number; clock?: ManualClock; logger?: CommandDeps['logger'] } = {}): CommandDeps & { clock: ManualClock } {
  const clock = options.clock ?? new ManualClock();
  let n = 0;
  return {
    core: new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN, timeoutMs: options.timeoutMs ?? 2_000 }),
    logger: options.logger ?? silentLogger(),
    defaultLocale: 'ko',
    actions: new ActionStore({ clock, newId: () => `action-${String(++n).padStart(4, '0')}` }),
    clock,
  };
}

/** Runs one chat line as the console user `kim` (or `as`) against the fake core. */
export async function runLine(
  core: FakeCore, text: string, locale: Locale = 'ko',
  options: { key?: string; timeoutMs?: number; deps?: CommandDeps; as?: string; platform?: Platform } = {},
): Promise<ChatReply | null> {
  const deps = options.deps ?? testDeps(core, { timeoutMs: options.timeoutMs });
  const who = options.as ?? 'kim';
  return handleChatText(deps, {
    identity: { platform: options.platform ?? 'console', platformUserId: who, chatId: who, isPrivateChat: true, locale },
    idempotencyKey: options.key ?? 'k-1',
    text,
  });
}

/** Presses a button as `as` (default `kim`), the way an adapter hands a press in. */
export function press(
  deps: CommandDeps, actionId: string, options: { as?: string; locale?: Locale; key?: string; platform?: Platform } = {},
): Promise<ChatReply> {
  const who = options.as ?? 'kim';
  return pressAction(deps, {
    identity: { platform: options.platform ?? 'console', platformUserId: who, chatId: who, isPrivateChat: true, locale: options.locale ?? 'ko' },
    idempotencyKey: options.key ?? 'press-1',
    actionId,
  });
}

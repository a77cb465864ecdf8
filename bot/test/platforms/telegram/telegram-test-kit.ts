import type { Transformer } from 'grammy';
import type { Chat, Message, Update, User } from 'grammy/types';
import { ActionStore } from '../../../src/commands/action-store.js';
import type { CommandDeps } from '../../../src/commands/dispatch.js';
import { createInboundHandlers } from '../../../src/commands/inbound.js';
import { CoreClient } from '../../../src/core-client.js';
import { silentLogger } from '../../../src/logger.js';
import type { InboundHandlers } from '../../../src/platforms/platform-adapter.js';
import { FAKE_TOKEN, type FakeCore } from '../../support/fake-core.js';

/** One outgoing Bot API call seen by {@link recordingApi}. */
export interface RecordedApiCall {
  method: string;
  payload: Record<string, unknown>;
}

type ApiAnswer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/**
 * grammY's recommended test double (CHAT-PLATFORMS.md B10): an API transformer that records every
 * call and answers it without a network, with realistic results for the methods whose results the
 * adapter reads. `answerNext` queues a different answer (an error) for a method.
 */
export function recordingApi() {
  const calls: RecordedApiCall[] = [];
  const queued = new Map<string, ApiAnswer[]>();
  let nextMessageId = 500;
  const transformer: Transformer = async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    calls.push({ method, payload: p });
    const answer = queued.get(method)?.shift() ?? { ok: true, result: defaultResult(method, p, () => nextMessageId++) };
    return answer as never;
  };
  return {
    calls,
    transformer,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    answerNext(method: string, answer: ApiAnswer, times = 1) {
      const list = queued.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(answer);
      queued.set(method, list);
    },
  };
}

function defaultResult(method: string, p: Record<string, unknown>, newId: () => number): unknown {
  const chatId = Number(p.chat_id);
  const chat = chatId > 0 ? { id: chatId, type: 'private', first_name: 'someone' } : { id: chatId, type: 'supergroup', title: 'group' };
  if (method === 'sendMessage') return { message_id: newId(), date: 1_763_000_000, chat, text: p.text };
  if (method === 'editMessageText') return { message_id: p.message_id, date: 1_763_000_000, chat, text: p.text };
  return true;
}

export function user(id: number, languageCode: string | undefined = 'ko'): User {
  return { id, is_bot: false, first_name: `user${id}`, ...(languageCode ? { language_code: languageCode } : {}) };
}

export function privateChat(of: User): Chat.PrivateChat {
  return { id: of.id, type: 'private', first_name: of.first_name };
}

export const GROUP: Chat.SupergroupChat = { id: -100_123, type: 'supergroup', title: 'Trading club' };

let messageIds = 1;

/** An incoming text message update, as Telegram sends it. */
export function textUpdate(updateId: number, from: User, chat: Chat, text: string): Update {
  const command = /^\/\S+/.exec(text);
  const message = {
    message_id: messageIds++, date: 1_763_000_000, chat, from, text,
    ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
  } as Message.TextMessage;
  return { update_id: updateId, message } as Update;
}

/** A press on a button with `data` under the bot's message `messageId` in `chat`. */
export function pressUpdate(updateId: number, from: User, chat: Chat, messageId: number, data: string): Update {
  const message = { message_id: messageId, date: 1_763_000_000, chat, text: 'draft' } as Message.TextMessage;
  return { update_id: updateId, callback_query: { id: `q${updateId}`, from, message, chat_instance: '1', data } };
}

/** The real neutral layer against a FakeCore, as startBot wires it. */
export function neutralHandlers(core: FakeCore, now: () => number = Date.now): InboundHandlers {
  const deps: CommandDeps = {
    core: new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN, timeoutMs: 2_000 }),
    logger: silentLogger(),
    defaultLocale: 'ko',
    actions: new ActionStore({ clock: { now } }),
  };
  return createInboundHandlers(deps, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
}

/** Wraps handlers so a test sees every call that reached the neutral layer. */
export function spyOnHandlers(inner: InboundHandlers) {
  const texts: Array<Parameters<InboundHandlers['handleText']>[0]> = [];
  const actions: Array<Parameters<InboundHandlers['handleAction']>[0]> = [];
  const handlers: InboundHandlers = {
    handleText: (m) => { texts.push(m); return inner.handleText(m); },
    handleCommand: (c) => inner.handleCommand(c),
    handleAction: (p) => { actions.push(p); return inner.handleAction(p); },
    suggestSymbols: (who, q, l) => inner.suggestSymbols(who, q, l),
  };
  return { handlers, texts, actions };
}

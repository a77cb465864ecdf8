import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import type { Chat, User } from 'grammy/types';

/**
 * The locale a Telegram client reports (`language_code`, an IETF tag such as `ko` or `en-US`), when
 * it is one we speak; otherwise none, so the person's saved choice or the default applies.
 */
export function localeFromLanguageCode(languageCode: string | undefined): Locale | undefined {
  const code = languageCode?.toLowerCase() ?? '';
  if (code.startsWith('ko')) return 'ko';
  if (code.startsWith('en')) return 'en';
  return undefined;
}

/**
 * Who wrote, as the neutral layer sees it. Authorisation is by `platformUserId` (the person), never
 * by the chat (RELIABILITY BOT-2): a group's id is only where the answer goes.
 */
export function telegramIdentity(from: User, chat: Pick<Chat, 'id' | 'type'>): ChatIdentity {
  const locale = localeFromLanguageCode(from.language_code);
  return {
    platform: 'telegram',
    platformUserId: String(from.id),
    chatId: String(chat.id),
    isPrivateChat: chat.type === 'private',
    ...(locale ? { locale } : {}),
  };
}

/** The delivery id for core's idempotency: a redelivered update gets the first answer. */
export function telegramIdempotencyKey(updateId: number): string {
  return `tg:${updateId}`;
}

import type { Locale } from '@tradedesk/contracts';

/** A text in every locale; the compiler checks that none is missing. */
type Localized<P extends unknown[] = []> = Record<Locale, (...params: P) => string>;

/**
 * What only the Telegram adapter says (the neutral layer's texts are in `bot/src/i18n`). Plain text:
 * the formatter escapes it before it is sent as HTML.
 */
export const TELEGRAM_TEXTS = {
  /** An account command typed in a group (CHAT-PLATFORMS.md C3): not run; where to use it instead. */
  privateChatOnly: {
    ko: (command: string, link: string) => `/${command} 명령은 계좌 정보를 다루므로 봇과의 개인 대화에서만 사용할 수 있습니다. 개인 대화 열기: ${link}`,
    en: (command: string, link: string) => `/${command} works only in a private chat with the bot because it shows account data. Open a private chat: ${link}`,
  } satisfies Localized<[string, string]>,
  /** `/connect` outside a private chat: the message was deleted since it may hold broker keys. */
  connectDeletedOutsidePrivate: {
    ko: (link: string) => '보안을 위해 /connect 메시지를 삭제했습니다. 증권사 키는 봇과의 개인 대화에서만 보내세요. 키를 이미 보냈다면 증권사에서 재발급하는 것이 안전합니다. '
      + `개인 대화 열기: ${link}`,
    en: (link: string) => 'For your security, the /connect message was deleted. Send broker keys only in a private chat with the bot; if you already sent them here, reissuing them at the broker is safest. '
      + `Open a private chat: ${link}`,
  } satisfies Localized<[string]>,
  /** The bot could not delete a message that may hold secrets (no admin rights, or too old). */
  connectNotDeleted: {
    ko: () => '메시지를 삭제하지 못했습니다. 직접 삭제하고, 증권사에서 앱키와 시크릿을 재발급하세요.',
    en: () => 'The message could not be deleted. Delete it yourself and reissue the app key and secret at the broker.',
  } satisfies Localized,
  /** `/connect` alone in a private chat: the credentials come in the next message, which is deleted. */
  connectAskCredentials: {
    ko: (minutes: number) => '다음 메시지로 증권사 연결 정보를 보내 주세요. 보낸 메시지는 바로 삭제됩니다.\n'
      + '형식: 증권사 환경 앱키 앱시크릿 계좌번호\n'
      + '예: kis mock PSabc... xyz... 12345678-01\n'
      + `(증권사: kis 또는 kiwoom, 환경: real 또는 mock, ${minutes}분 안에 보내야 합니다. 취소하려면 다른 명령을 입력하세요.)`,
    en: (minutes: number) => 'Send your broker connection details in your next message. It is deleted right away.\n'
      + 'Format: broker environment app_key app_secret account\n'
      + 'Example: kis mock PSabc... xyz... 12345678-01\n'
      + `(broker: kis or kiwoom, environment: real or mock; send it within ${minutes} minutes. Type any other command to cancel.)`,
  } satisfies Localized<[number]>,
} as const;

/** One Telegram text in a locale. */
export function telegramText<K extends keyof typeof TELEGRAM_TEXTS>(
  locale: Locale, key: K, ...params: Parameters<(typeof TELEGRAM_TEXTS)[K][Locale]>
): string {
  const text = TELEGRAM_TEXTS[key][locale] as (...args: typeof params) => string;
  return text(...params);
}

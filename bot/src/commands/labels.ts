import type { AccountKind, Locale } from '@tradedesk/contracts';
import { dict } from '../i18n/index.js';

/** A title with the account-kind tags in front: `[페이퍼] 잔고`. */
export function accountTitle(locale: Locale, kinds: AccountKind | readonly AccountKind[] | null, title: string): string {
  const list = kinds === null ? [] : typeof kinds === 'string' ? [kinds] : [...new Set(kinds)];
  if (list.length === 0) return title;
  return `[${list.map((k) => dict(locale).accountKind[k]).join('/')}] ${title}`;
}

/** `삼성전자(005930)` / `삼성전자 (005930)`. */
export function symbolLabel(locale: Locale, name: string, code: string): string {
  return locale === 'ko' ? `${name}(${code})` : `${name} (${code})`;
}

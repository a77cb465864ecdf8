import type { Locale } from '@tradedesk/contracts';

const grouped = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 });
const signedGrouped = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const signedPct = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero',
});

/** `1,234,567`: digits grouped by thousands, the same in both locales. */
export function formatNumber(value: number): string {
  return grouped.format(value);
}

/** Whole won: `71,000원` (ko) or `KRW 71,000` (en). Negative amounts keep their sign. */
export function formatKrw(locale: Locale, amountKrw: number): string {
  return locale === 'ko' ? `${grouped.format(amountKrw)}원` : `KRW ${grouped.format(amountKrw)}`;
}

/** Like {@link formatKrw} with an explicit sign for gains and losses: `+10,000원`, `KRW -5,000`. */
export function formatSignedKrw(locale: Locale, amountKrw: number): string {
  return locale === 'ko' ? `${signedGrouped.format(amountKrw)}원` : `KRW ${signedGrouped.format(amountKrw)}`;
}

/** Shares: `10주` (ko) or `10 shares` / `1 share` (en). */
export function formatQty(locale: Locale, qtyShares: number): string {
  if (locale === 'ko') return `${grouped.format(qtyShares)}주`;
  return `${grouped.format(qtyShares)} ${qtyShares === 1 ? 'share' : 'shares'}`;
}

/** A signed percentage with two decimals: `+1.23%`, `-30.00%`, `0.00%`. */
export function formatPct(ratio: number): string {
  return `${signedPct.format(ratio * 100)}%`;
}

const kstDateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** A moment in Korean time, labelled as such: `2025-11-21 14:05 KST` (the same in both locales). */
export function formatKstDateTime(_locale: Locale, epochMs: number): string {
  const parts = Object.fromEntries(kstDateTime.formatToParts(epochMs).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} KST`;
}

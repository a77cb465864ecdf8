import type { FillView, Notification, OrderView, Quote, SymbolInfo } from '@tradedesk/contracts';

export const SAMSUNG: SymbolInfo = { code: '005930', nameKo: '삼성전자', nameEn: 'Samsung Electronics', market: 'KOSPI' };
export const SAMSUNG_PREF: SymbolInfo = { code: '005935', nameKo: '삼성전자우', nameEn: '', market: 'KOSPI' };
export const SK_HYNIX: SymbolInfo = { code: '000660', nameKo: 'SK하이닉스', nameEn: 'SK hynix', market: 'KOSPI' };

export const ORDER_ID = '1a2b3c4d-0000-4000-8000-000000000001';

export function order(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: ORDER_ID,
    shortId: '1a2b3c4d',
    symbol: '005930',
    symbolName: '삼성전자',
    side: 'buy',
    orderType: 'limit',
    qtyShares: 10,
    priceKrw: 71_000,
    state: 'queued',
    filledQtyShares: 0,
    avgFillPriceKrw: null,
    rejectReason: null,
    accountKind: 'paper',
    createdAt: 1_763_000_000_000,
    ...overrides,
  };
}

export function fill(overrides: Partial<FillView> = {}): FillView {
  return {
    orderId: ORDER_ID,
    shortId: '1a2b3c4d',
    symbol: '005930',
    symbolName: '삼성전자',
    side: 'buy',
    qtyShares: 3,
    priceKrw: 71_000,
    commissionKrw: 0,
    taxKrw: 0,
    orderFilledQtyShares: 3,
    orderQtyShares: 10,
    orderState: 'partially_filled',
    accountKind: 'paper',
    filledAt: 1_763_000_001_000,
    ...overrides,
  };
}

export function quote(overrides: Partial<Quote> = {}): Quote {
  return {
    symbol: '005930', lastKrw: 72_000, prevCloseKrw: 71_000, openKrw: 71_100, highKrw: 72_500, lowKrw: 70_900,
    volumeShares: 1_234_567, upperLimitKrw: 92_300, lowerLimitKrw: 49_700, at: 1_763_000_000_000, ...overrides,
  };
}

export function notification(payload: Notification['payload'], overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-1',
    target: { platform: 'console', platformUserId: 'kim', chatId: 'kim' },
    locale: 'ko',
    accountKind: 'paper',
    createdAt: 1_763_000_001_000,
    silent: false,
    payload,
    ...overrides,
  };
}

export const ME_OUTPUT = {
  userName: 'kim', tier: 'basic', isOperator: false, locale: null, tradingDay: '2025-11-21',
  tradesUsedToday: 2, tradesLeftToday: 18,
  limits: { tradesPerDay: 20, strategiesMax: 3, openPositionsMax: 10, orderValueMaxKrw: 10_000_000 },
  accountKind: 'paper',
} as const;

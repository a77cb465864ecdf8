import type { BrokerOrder } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { matchUnattributedOrder, type UnresolvedOrder } from '../../src/domain/unattributed-match.js';

const SENT_MS = 1_800_000_000_000;
const window = { clockSkewMs: 2_000, inFlightMs: 6_000 };
const ours: UnresolvedOrder = { symbol: '005930', side: 'buy', orderType: 'limit', qtyShares: 10, priceKrw: 69_000, sentAtMs: SENT_MS };
let no = 0;
const listed = (fields: Partial<BrokerOrder> = {}): BrokerOrder => ({
  clientOrderId: null, brokerOrderId: `P${++no}`, accountRef: 'a', status: 'accepted', qtyShares: 10, filledQtyShares: 0, fills: [],
  placedAt: SENT_MS + 100, symbol: '005930', side: 'buy', orderType: 'limit', priceKrw: 69_000, ...fields,
});

describe('matchUnattributedOrder (IDEM-11)', () => {
  it('should match the one identical order the broker took while the submit was in flight', () => {
    const mine = listed();
    expect(matchUnattributedOrder(ours, [listed({ placedAt: SENT_MS - 2_001 }), mine], window)).toEqual({ kind: 'matched', brokerOrder: mine });
  });

  it('should accept the window edges to the millisecond and nothing beyond them', () => {
    const edges = [SENT_MS - 2_000, SENT_MS + 8_000];
    for (const placedAt of edges) expect(matchUnattributedOrder(ours, [listed({ placedAt })], window).kind).toBe('matched');
    for (const placedAt of [SENT_MS - 2_001, SENT_MS + 8_001]) expect(matchUnattributedOrder(ours, [listed({ placedAt })], window).kind).toBe('none');
  });

  it('should not take an order that differs in anything, carries a client order id, or has no placement time', () => {
    const different = [
      listed({ symbol: '000660' }), listed({ side: 'sell' }), listed({ orderType: 'market', priceKrw: null }), listed({ qtyShares: 11 }),
      listed({ priceKrw: 69_100 }), listed({ clientOrderId: 'TDOTHER' }), listed({ placedAt: undefined }),
    ];
    expect(matchUnattributedOrder(ours, different, window)).toEqual({ kind: 'none' });
  });

  it('should match a market order by its missing price', () => {
    const market = { ...ours, orderType: 'market' as const, priceKrw: null };
    expect(matchUnattributedOrder(market, [listed({ orderType: 'market', priceKrw: null })], window).kind).toBe('matched');
  });

  it('should call two identical candidates ambiguous and name both', () => {
    const a = listed();
    const b = listed({ placedAt: SENT_MS + 3_000 });
    expect(matchUnattributedOrder(ours, [a, b], window)).toEqual({ kind: 'ambiguous', candidates: [a, b] });
  });
});

import { ORDER_STATES, type OrderState } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { canTransition, isFinal } from '../../src/domain/order-state.js';

describe('order state machine', () => {
  it('RECON-5: final states absorb every event (a late "accepted" after "filled" changes nothing)', () => {
    for (const final of ['filled', 'cancelled', 'rejected', 'expired'] as OrderState[]) {
      expect(isFinal(final)).toBe(true);
      for (const to of ORDER_STATES) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('moves forward through the normal life of an order', () => {
    const path: OrderState[] = ['queued', 'sending', 'accepted', 'partially_filled', 'filled'];
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
  });

  it('never goes back from accepted to queued or sending (no second submission)', () => {
    expect(canTransition('accepted', 'queued')).toBe(false);
    expect(canTransition('accepted', 'sending')).toBe(false);
    expect(canTransition('partially_filled', 'accepted')).toBe(false);
  });

  it('lets an unknown outcome resolve either way, and a lost order still take late fills', () => {
    for (const to of ['accepted', 'filled', 'rejected', 'queued', 'lost'] as OrderState[]) expect(canTransition('unknown', to)).toBe(true);
    expect(isFinal('lost')).toBe(false);
    expect(canTransition('lost', 'filled')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { driftVerdict } from '../../src/domain/position-drift.js';

const held = (entries: Record<string, number>) => new Map(Object.entries(entries));

/** RECON-8: which differences are small enough to adjust (default limit 2 % of the larger quantity). */
describe('driftVerdict', () => {
  it('should find nothing when every symbol agrees, including symbols held at zero on one side only', () => {
    expect(driftVerdict(held({ '005930': 100, '000660': 0 }), held({ '005930': 100 }), 2)).toEqual({ action: 'none' });
  });

  it('should adjust a 1 % difference, either way round', () => {
    expect(driftVerdict(held({ '005930': 100 }), held({ '005930': 101 }), 2)).toEqual({
      action: 'adjust', drifts: [{ symbol: '005930', localQtyShares: 100, brokerQtyShares: 101 }],
    });
    expect(driftVerdict(held({ '005930': 101 }), held({ '005930': 100 }), 2).action).toBe('adjust');
  });

  it('should adjust at exactly the limit and pause one share beyond it', () => {
    expect(driftVerdict(held({ '005930': 98 }), held({ '005930': 100 }), 2).action).toBe('adjust');
    expect(driftVerdict(held({ '005930': 97 }), held({ '005930': 100 }), 2).action).toBe('pause');
  });

  it('should pause on a 10 % difference and list every differing symbol, small ones too', () => {
    expect(driftVerdict(held({ '005930': 100, '000660': 100 }), held({ '005930': 110, '000660': 101 }), 2)).toEqual({
      action: 'pause',
      drifts: [
        { symbol: '000660', localQtyShares: 100, brokerQtyShares: 101 },
        { symbol: '005930', localQtyShares: 100, brokerQtyShares: 110 },
      ],
    });
  });

  it('should pause when a symbol is held on one side only', () => {
    expect(driftVerdict(held({}), held({ '005930': 1 }), 2).action).toBe('pause');
    expect(driftVerdict(held({ '005930': 5 }), held({}), 2).action).toBe('pause');
  });
});

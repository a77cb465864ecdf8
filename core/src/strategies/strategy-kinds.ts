import type { StrategyKind, StrategySpec } from '@tradedesk/contracts';
import type { z } from 'zod';
import { DCA_INITIAL, dcaStateSchema, decideDca } from './dca.js';
import type { Decision, DecisionInput } from './decision.js';
import { decideMaCross, MA_CROSS_INITIAL, maCrossStateSchema } from './ma-cross.js';
import { decidePriceBand, PRICE_BAND_INITIAL, priceBandStateSchema } from './price-band.js';
import { decideRsi, RSI_INITIAL, rsiStateSchema } from './rsi.js';
import { decideTrailingStop, TRAILING_STOP_INITIAL, trailingStopStateSchema } from './trailing-stop.js';

/** What drives a kind: every quote, or each finished 1-minute bar. */
export type StrategyDriver = 'quote' | 'bar';

interface KindEntry<K extends StrategyKind, S> {
  driver: StrategyDriver;
  stateSchema: z.ZodType<S>;
  initial: S;
  decide(params: Extract<StrategySpec, { kind: K }>['params'], size: StrategySpec['size'], state: S, input: DecisionInput): Decision<S>;
}

type Registry = { [K in StrategyKind]: KindEntry<K, never> };

function entry<K extends StrategyKind, S>(e: KindEntry<K, S>): KindEntry<K, never> {
  return e as unknown as KindEntry<K, never>;
}

/** Each kind's driver, state shape and pure decision (one file per kind). */
export const STRATEGY_KIND_REGISTRY: Registry = {
  price_band: entry({ driver: 'quote', stateSchema: priceBandStateSchema, initial: PRICE_BAND_INITIAL, decide: decidePriceBand }),
  ma_cross: entry({ driver: 'bar', stateSchema: maCrossStateSchema, initial: MA_CROSS_INITIAL, decide: decideMaCross }),
  rsi: entry({ driver: 'bar', stateSchema: rsiStateSchema, initial: RSI_INITIAL, decide: decideRsi }),
  trailing_stop: entry({ driver: 'quote', stateSchema: trailingStopStateSchema, initial: TRAILING_STOP_INITIAL, decide: decideTrailingStop }),
  dca: entry({ driver: 'quote', stateSchema: dcaStateSchema, initial: DCA_INITIAL, decide: decideDca }),
};

export function driverOf(kind: StrategyKind): StrategyDriver {
  return STRATEGY_KIND_REGISTRY[kind].driver;
}

/**
 * A kind's state as stored (jsonb), checked at the boundary: a state that does not parse (an older
 * shape, a hand edit) starts over from the kind's initial state rather than acting on garbage.
 */
export function parseKindState(kind: StrategyKind, raw: unknown): unknown {
  const parsed = STRATEGY_KIND_REGISTRY[kind].stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : STRATEGY_KIND_REGISTRY[kind].initial;
}

export function initialKindState(kind: StrategyKind): unknown {
  return STRATEGY_KIND_REGISTRY[kind].initial;
}

/** The spec's decision for one input: pure and deterministic. */
export function decide(spec: StrategySpec, state: unknown, input: DecisionInput): Decision<unknown> {
  const kind = STRATEGY_KIND_REGISTRY[spec.kind] as unknown as KindEntry<StrategyKind, unknown>;
  return kind.decide(spec.params as never, spec.size, state, input);
}

import { createHash } from 'node:crypto';
import type { CoreCommandInput, CoreCommandOutput, OrderIntent, OrderPriority, TierLimits } from '@tradedesk/contracts';
import type { SqlTx } from '../db/sql-client.js';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { checkOrderAgainstMarket } from '../domain/order-rules.js';
import { newClientOrderId } from '../domain/client-order-id.js';
import { priorityOfTier } from '../domain/tier-policy.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { AppError } from '../errors.js';
import { getQuote } from '../market/get-quote.js';
import { isTradingHalted } from '../store/controls-store.js';
import {
  consumeDailyTrade, countQueued, findOrderByIdempotencyKey, findOrderById, hasUnknownOrder, insertQueuedOrder, type NewOrder,
} from '../store/orders-store.js';
import { openSymbolsOf } from '../store/positions-store.js';
import type { OrderWithAccount, UserRow } from '../store/rows.js';
import { defaultAccountOf, lockUserForAdmission } from '../store/users-store.js';
import { toOrderView } from '../services/order-views.js';
import { queueEstimateOf } from '../services/queue-estimate.js';

/**
 * Admits an order: not while trading is halted or the user paused; KRX rules against today's quote;
 * the tier's order value, open positions and daily caps (the last two checked atomically in the
 * database); then the order is written as `queued` before anything is answered.
 * The same idempotency key with the same request returns the first answer; with a different
 * request it is refused (IDEMPOTENCY_CONFLICT).
 */
export async function placeOrder(deps: CoreDeps, ctx: UserCommandContext, input: CoreCommandInput<'place_order'>): Promise<CoreCommandOutput<'place_order'>> {
  return admitOrder(deps, {
    user: ctx.user,
    intent: input as OrderIntent,
    idempotencyKey: `${ctx.identity.platform}:${ctx.idempotencyKey ?? deps.ids.uuid()}`,
  });
}

/** An order asked for by a person (placeOrder) or by core on their behalf (a strategy). */
export interface AdmissionRequest {
  user: UserRow;
  intent: OrderIntent;
  /** Unique per business request; a replay with it answers the first order. */
  idempotencyKey: string;
  /** Overrides the tier's priority: protective exits are urgent. */
  priority?: OrderPriority;
  /** The strategy placing it (the order is tagged `source = 'strategy'`). */
  strategyId?: string;
  /**
   * Runs in the admission transaction after the order row is written (e.g. a strategy's new state
   * and its notification), so both are committed together or not at all.
   */
  alsoInTransaction?: (tx: SqlTx, orderId: string) => Promise<void>;
}

/** The one admission path for every order, whoever asks: the same checks, limits and queue. */
export async function admitOrder(deps: CoreDeps, request: AdmissionRequest): Promise<CoreCommandOutput<'place_order'>> {
  const { user, intent, idempotencyKey } = request;
  const requestHash = hashIntent(user.id, intent);
  const replay = await findOrderByIdempotencyKey(deps.db, idempotencyKey);
  if (replay) return answerReplay(deps, replay, requestHash);

  // Early answers, before any quote is fetched; admitQueued checks both again under the user's lock.
  if (await isTradingHalted(deps.db)) throw new AppError('TRADING_HALTED');
  if (user.paused) throw new AppError('USER_PAUSED');
  const symbol = deps.symbols.byCodeOrNull(intent.symbol);
  if (!symbol) throw new AppError('SYMBOL_UNKNOWN', { query: intent.symbol });
  const account = await defaultAccountOf(deps.db, user.id);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  const limits = deps.config.tierLimits[user.tier];
  checkOrderAgainstMarket(intent, symbol.market, await getQuote(deps, symbol.code), limits);
  if ((await countQueued(deps.db)) >= deps.config.ORDER_QUEUE_MAX) throw new AppError('QUEUE_FULL');
  // IDEM-12: without client order ids a second order of the symbol could not be told from the first.
  if (deps.broker.capabilities?.clientOrderIds === false && (await hasUnknownOrder(deps.db, account.id, symbol.code))) {
    throw new AppError('PREVIOUS_ORDER_UNRESOLVED', { symbol: symbol.code, name: symbol.nameKo, nameEn: symbol.nameEn });
  }

  const nowMs = deps.clock.now();
  const tradingDay = tradingDayOf(nowMs);
  const orderId = deps.ids.uuid();
  const priority = request.priority ?? priorityOfTier(user.tier);
  try {
    await deps.db.transaction(async (tx) => {
      await admitQueued(tx, limits, {
        id: orderId, userId: user.id, accountId: account.id, clientOrderId: newClientOrderId(deps.ids),
        idempotencyKey, requestHash, intent, orderType: intent.priceKrw === undefined ? 'market' : 'limit',
        priority, tradingDay, nowMs, ...(request.strategyId ? { strategyId: request.strategyId } : {}),
      });
      await request.alsoInTransaction?.(tx, orderId);
    });
  } catch (error) {
    // Two deliveries of one command raced: the loser answers with the winner's order. Also when the
    // loser was refused by a limit (e.g. DAILY_TRADE_LIMIT): the winner used the last trade (IDEM-5).
    const winner = await findOrderByIdempotencyKey(deps.db, idempotencyKey);
    if (winner) return answerReplay(deps, winner, requestHash);
    throw error;
  }
  deps.signals.emit('orders-queued');
  const order = await findOrderById(deps.db, orderId);
  return answer(deps, order!);
}

/**
 * The database half of admission, in one transaction. The user's row lock comes first: it orders
 * this user's concurrent admissions (on every core sharing the database), so the open-positions
 * count and the daily cap below each see the orders admitted before this one.
 */
async function admitQueued(tx: SqlTx, limits: TierLimits, order: NewOrder): Promise<void> {
  const state = await lockUserForAdmission(tx, order.userId);
  if (!state) throw new AppError('NOT_LINKED');
  if (state.halted) throw new AppError('TRADING_HALTED');
  if (state.paused) throw new AppError('USER_PAUSED');
  if (order.intent.side === 'buy') {
    // Only a buy can open a position: one adding to a held or already pending symbol always may.
    const open = await openSymbolsOf(tx, order.userId, order.intent.symbol);
    if (!open.includesSymbol && open.count >= limits.openPositionsMax) {
      throw new AppError('OPEN_POSITIONS_LIMIT', { max: limits.openPositionsMax });
    }
  }
  const used = await consumeDailyTrade(tx, order.userId, order.tradingDay, limits.tradesPerDay);
  if (used === null) throw new AppError('DAILY_TRADE_LIMIT', { limit: limits.tradesPerDay });
  await insertQueuedOrder(tx, order);
}

async function answerReplay(deps: CoreDeps, order: OrderWithAccount, requestHash: string): Promise<CoreCommandOutput<'place_order'>> {
  if (order.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_CONFLICT');
  return answer(deps, order);
}

async function answer(deps: CoreDeps, order: OrderWithAccount): Promise<CoreCommandOutput<'place_order'>> {
  const estimate = order.state === 'queued' ? await queueEstimateOf(deps, order) : { ahead: 0, estimatedWaitMs: 0 };
  return { order: toOrderView(order, deps.symbols), queuePosition: estimate.ahead, estimatedWaitMs: estimate.estimatedWaitMs };
}

function hashIntent(userId: string, intent: OrderIntent): string {
  const canonical = JSON.stringify([userId, intent.symbol, intent.side, intent.qtyShares, intent.priceKrw ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

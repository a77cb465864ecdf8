import {
  isOnTickGrid,
  type BridgeRequestInput,
  type BridgeRequestResult,
  type BrokerOrder,
  type OrderEvent,
} from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Rng } from '../../rng.js';
import {
  BROKER_REASONS,
  nullEventSink,
  notFound,
  rejected,
  type AttachedStatePersistence,
  type BrokerEventSink,
  type BrokerGateway,
  type BrokerReason,
} from '../broker-gateway.js';
import {
  PAPER_ACCOUNTS_MAX,
  PAPER_CAPABILITIES,
  PAPER_COMMISSION_BPS_DEFAULT,
  PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT,
  PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT,
  PAPER_PRICE_WRITE_INTERVAL_MS,
  PAPER_TICK_INTERVAL_MS_DEFAULT,
} from './paper-constants.js';
import {
  averagePriceKrw,
  bpsToCentiBps,
  buyCostKrw,
  reservedCashKrw,
  reservedSharesForSell,
  type PaperAccount,
} from './paper-ledger.js';
import { kstDayNo, PaperMarket } from './paper-market.js';
import { fillOnce, isFinalStatus, isPlacementSame, type PaperFillContext } from './paper-matching.js';
import type { PaperOrder, PaperState, PaperStateStore } from './paper-state-store.js';
import { findPaperSymbol } from './paper-symbols.js';

/** How the paper broker is built; everything with a default is optional. */
export interface PaperBrokerOptions {
  clock: Clock;
  /** Drives the simulated feed; seed it for reproducible prices. */
  rng: Rng;
  store: PaperStateStore;
  logger: Logger;
  tickIntervalMs?: number;
  liquiditySharesPerTick?: number;
  /** Commission on both sides in basis points (1.5 = 0.015 %), rounded down to the won. */
  commissionBps?: number;
  ordersPerAccountMax?: number;
  /**
   * Mixed into new order and fill ids (`P-<prefix>-1`, `F-<prefix>-1`) so a fresh, non-persistent
   * start never reuses an id core has already seen; a restored state keeps its own. Default '' (`P1`).
   */
  idPrefix?: string;
}

type PlaceInput = BridgeRequestInput<'place_order'>;

/**
 * The paper broker: accounts with cash and positions, orders keyed by clientOrderId (a repeated
 * place returns the first order), fills against the simulated feed with per-tick liquidity,
 * commission and sell tax. Every change is written to the state store before the request that made
 * it is answered and before its events are committed to core.
 *
 * The paper market is open at all hours (session rules will come from core's calendar); orders
 * still open when the KST day changes expire, as KRX orders do not carry across days.
 */
export class PaperBroker implements BrokerGateway {
  readonly broker = 'paper' as const;
  readonly capabilities = PAPER_CAPABILITIES;
  readonly persistence: AttachedStatePersistence | undefined;
  readonly market: PaperMarket;

  private readonly accounts = new Map<string, PaperAccount>();
  /** Open orders by brokerOrderId, oldest first: the matching order on each step. */
  private readonly openOrders = new Map<string, PaperOrder>();
  private readonly subscriptions = new Set<string>();
  private sink: BrokerEventSink = nullEventSink;
  private nextOrderNo = 1;
  private nextFillNo = 1;
  private idPrefix: string;
  private provideAttached: (() => unknown) | undefined;
  private readonly loadedAttached: unknown;
  private lastWriteMs = 0;
  private pricesDirty = false;
  /** A state write failed: the next step retries it (its events reach core only once it succeeds). */
  private writePending = false;
  private stopTimer: (() => void) | undefined;
  private readonly fillContext: PaperFillContext;

  constructor(private readonly options: PaperBrokerOptions) {
    const saved = options.store.load();
    this.idPrefix = options.idPrefix ?? '';
    this.market = new PaperMarket(options.rng, options.clock.now(), saved?.prices);
    if (saved) this.restore(saved);
    this.loadedAttached = saved?.attached;
    this.persistence = options.store.persistent
      ? { loadAttached: () => this.loadedAttached, attach: (provide) => { this.provideAttached = provide; } }
      : undefined;
    this.fillContext = {
      liquiditySharesPerTick: options.liquiditySharesPerTick ?? PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT,
      commissionCentiBps: bpsToCentiBps(options.commissionBps ?? PAPER_COMMISSION_BPS_DEFAULT),
      nextFillId: () => this.newId('F', this.nextFillNo++),
      emit: (e) => this.sink.orderEvent(e),
      emitFill: (f) => this.sink.fill(f),
    };
  }

  setEventSink(sink: BrokerEventSink): void {
    this.sink = sink;
  }

  /** Starts the feed timer (every PAPER_TICK_INTERVAL_MS). Tests may call `step` directly instead. */
  async start(): Promise<void> {
    if (this.stopTimer) return;
    const intervalMs = this.options.tickIntervalMs ?? PAPER_TICK_INTERVAL_MS_DEFAULT;
    this.stopTimer = this.options.clock.every(intervalMs, () => {
      try {
        this.step(this.options.clock.now());
      } catch (error) {
        this.options.logger.error({ err: error }, 'paper market step failed; check the state file and disk');
      }
    });
  }

  async stop(): Promise<void> {
    this.stopTimer?.();
    this.stopTimer = undefined;
    if (this.pricesDirty || this.writePending) this.persist();
  }

  /**
   * Advances the feed one tick: emits quotes for subscribed symbols, expires orders from an earlier
   * KST day (KRX orders do not carry across days), and fills open orders the new prices cross.
   */
  step(nowMs: number): void {
    const quotes = this.market.step(nowMs);
    this.pricesDirty = true;
    for (const quote of quotes) if (this.subscriptions.has(quote.symbol)) this.sink.quote(quote);
    let changed = false;
    for (const order of [...this.openOrders.values()]) {
      changed = this.expireIfStale(order, nowMs) || this.fillIfCrossed(order, nowMs) || changed;
    }
    if (changed || this.writePending || nowMs - this.lastWriteMs >= PAPER_PRICE_WRITE_INTERVAL_MS) this.persist();
  }

  async placeOrder(input: PlaceInput): Promise<BridgeRequestResult<'place_order'>> {
    const account = this.accountOrThrow(input.accountRef, rejected);
    const existing = account.orders.get(input.clientOrderId);
    if (existing) return this.repeatPlacement(existing, input);
    if (!Number.isSafeInteger(input.qtyShares) || input.qtyShares <= 0) throw rejected(BROKER_REASONS.QTY_INVALID);
    this.makeRoomForOrder(account);
    const nowMs = this.options.clock.now();
    const reason = this.validatePlacement(account, input);
    const order = this.newOrder(input, reason, nowMs);
    account.orders.set(order.clientOrderId, order);
    this.emit(order, reason);
    if (reason === undefined) {
      this.openOrders.set(order.brokerOrderId, order);
      this.fillIfCrossed(order, nowMs);
    }
    this.persist();
    if (reason !== undefined) throw rejected(reason);
    return { brokerOrderId: order.brokerOrderId };
  }

  async cancelOrder(input: BridgeRequestInput<'cancel_order'>): Promise<BridgeRequestResult<'cancel_order'>> {
    const account = this.accountOrThrow(input.accountRef, notFound);
    const order = account.orders.get(input.clientOrderId);
    if (!order) throw notFound(BROKER_REASONS.ORDER_NOT_FOUND);
    if (isFinalStatus(order.status)) throw rejected(BROKER_REASONS.NOT_CANCELLABLE, `order is ${order.status}`);
    const cancelledQtyShares = order.qtyShares - order.filledQtyShares;
    order.status = 'cancelled';
    this.openOrders.delete(order.brokerOrderId);
    this.emit(order);
    this.persist();
    return { cancelledQtyShares };
  }

  async queryOrders(input: BridgeRequestInput<'query_orders'>): Promise<BridgeRequestResult<'query_orders'>> {
    const account = this.accounts.get(input.accountRef);
    const orders: BrokerOrder[] = [];
    const notFoundIds: string[] = [];
    for (const id of input.clientOrderIds) {
      const order = account?.orders.get(id);
      if (order) orders.push(toBrokerOrder(order));
      else notFoundIds.push(id);
    }
    return { orders, notFound: notFoundIds };
  }

  async getQuote(input: BridgeRequestInput<'get_quote'>): Promise<BridgeRequestResult<'get_quote'>> {
    const quote = this.market.quote(input.symbol);
    if (!quote) throw notFound(BROKER_REASONS.UNKNOWN_SYMBOL);
    return quote;
  }

  async getBalance(input: BridgeRequestInput<'get_balance'>): Promise<BridgeRequestResult<'get_balance'>> {
    const account = this.accountOrThrow(input.accountRef, notFound);
    const positions = [...account.positions.values()]
      .sort((a, b) => (a.symbol < b.symbol ? -1 : 1))
      .map((p) => ({ symbol: p.symbol, qtyShares: p.qtyShares, avgPriceKrw: averagePriceKrw(p) }));
    return { cashKrw: account.cashKrw, positions };
  }

  async openAccount(input: BridgeRequestInput<'open_account'>): Promise<BridgeRequestResult<'open_account'>> {
    if (this.accounts.has(input.accountRef)) return { created: false };
    if (this.accounts.size >= PAPER_ACCOUNTS_MAX) throw rejected(BROKER_REASONS.TOO_MANY_ACCOUNTS);
    this.accounts.set(input.accountRef, {
      accountRef: input.accountRef, cashKrw: input.initialCashKrw, positions: new Map(), orders: new Map(),
    });
    this.persist();
    return { created: true };
  }

  /** Subscribes the known symbols (unknown ones are left out of `subscribed`) and sends their current quote. */
  async subscribeQuotes(input: BridgeRequestInput<'subscribe_quotes'>): Promise<BridgeRequestResult<'subscribe_quotes'>> {
    const known = [...new Set(input.symbols)].filter((s) => findPaperSymbol(s) !== undefined);
    const added = known.filter((s) => !this.subscriptions.has(s));
    if (this.subscriptions.size + added.length > this.capabilities.quoteSubscriptionsMax) {
      throw rejected(BROKER_REASONS.TOO_MANY_SUBSCRIPTIONS);
    }
    for (const symbol of known) {
      this.subscriptions.add(symbol);
      const quote = this.market.quote(symbol);
      if (quote) this.sink.quote(quote);
    }
    return { subscribed: known };
  }

  private accountOrThrow(accountRef: string, fail: typeof rejected): PaperAccount {
    const account = this.accounts.get(accountRef);
    if (!account) throw fail(BROKER_REASONS.UNKNOWN_ACCOUNT);
    return account;
  }

  /** Idempotency: the same placement returns the first order (or its rejection); a different one is refused. */
  private repeatPlacement(existing: PaperOrder, input: PlaceInput): BridgeRequestResult<'place_order'> {
    if (!isPlacementSame(existing, input)) throw rejected(BROKER_REASONS.DUPLICATE_CLIENT_ORDER_ID);
    if (existing.status === 'rejected') throw rejected((existing.rejectReason ?? BROKER_REASONS.INTERNAL) as BrokerReason);
    return { brokerOrderId: existing.brokerOrderId };
  }

  /** The reason to reject a placement, or undefined if the order may rest. */
  private validatePlacement(account: PaperAccount, input: PlaceInput): BrokerReason | undefined {
    const symbol = findPaperSymbol(input.symbol);
    const quote = this.market.quote(input.symbol);
    if (!symbol || !quote) return BROKER_REASONS.UNKNOWN_SYMBOL;
    if (input.orderType === 'limit') {
      const priceKrw = input.priceKrw;
      if (priceKrw === undefined || !Number.isSafeInteger(priceKrw) || priceKrw <= 0) return BROKER_REASONS.PRICE_INVALID;
      if (!isOnTickGrid(priceKrw, symbol.market)) return BROKER_REASONS.PRICE_OFF_TICK;
      if (priceKrw > quote.upperLimitKrw || priceKrw < quote.lowerLimitKrw) return BROKER_REASONS.PRICE_OUT_OF_LIMIT;
    } else if (input.priceKrw !== undefined) {
      return BROKER_REASONS.PRICE_INVALID;
    }
    if (input.side === 'buy') {
      // Market buys reserve at the upper limit, as KRX brokers do, so any fill price is covered.
      const reservePriceKrw = input.priceKrw ?? quote.upperLimitKrw;
      const needKrw = buyCostKrw(reservePriceKrw, input.qtyShares, this.fillContext.commissionCentiBps);
      const freeKrw = account.cashKrw - reservedCashKrw(this.openOrders.values(), account.accountRef, this.fillContext.commissionCentiBps);
      return needKrw > freeKrw ? BROKER_REASONS.INSUFFICIENT_CASH : undefined;
    }
    const heldShares = account.positions.get(input.symbol)?.qtyShares ?? 0;
    const reservedShares = reservedSharesForSell(this.openOrders.values(), account.accountRef, input.symbol);
    return input.qtyShares > heldShares - reservedShares ? BROKER_REASONS.INSUFFICIENT_POSITION : undefined;
  }

  private newOrder(input: PlaceInput, reason: BrokerReason | undefined, nowMs: number): PaperOrder {
    const upperKrw = this.market.quote(input.symbol)?.upperLimitKrw ?? 0;
    return {
      clientOrderId: input.clientOrderId,
      brokerOrderId: this.newId('P', this.nextOrderNo++),
      accountRef: input.accountRef,
      symbol: input.symbol,
      side: input.side,
      orderType: input.orderType,
      qtyShares: input.qtyShares,
      limitPriceKrw: input.orderType === 'limit' ? (input.priceKrw ?? null) : null,
      reservePriceKrw: input.side === 'buy' ? (input.priceKrw ?? upperKrw) : 0,
      status: reason === undefined ? 'accepted' : 'rejected',
      filledQtyShares: 0,
      rejectReason: reason ?? null,
      fills: [],
      createdAtMs: nowMs,
    };
  }

  private newId(kind: 'P' | 'F', no: number): string {
    return this.idPrefix === '' ? `${kind}${no}` : `${kind}-${this.idPrefix}-${no}`;
  }

  /** Keeps each account under its order bound by forgetting its oldest final orders. */
  private makeRoomForOrder(account: PaperAccount): void {
    const max = this.options.ordersPerAccountMax ?? PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT;
    if (account.orders.size < max) return;
    for (const [id, order] of account.orders) {
      if (account.orders.size < max) break;
      if (isFinalStatus(order.status)) account.orders.delete(id);
    }
    if (account.orders.size >= max) throw rejected(BROKER_REASONS.TOO_MANY_ORDERS);
  }

  private expireIfStale(order: PaperOrder, nowMs: number): boolean {
    if (kstDayNo(order.createdAtMs) === kstDayNo(nowMs)) return false;
    order.status = 'expired';
    this.openOrders.delete(order.brokerOrderId);
    this.emit(order);
    return true;
  }

  private fillIfCrossed(order: PaperOrder, nowMs: number): boolean {
    const account = this.accounts.get(order.accountRef);
    const quote = this.market.quote(order.symbol);
    const symbol = findPaperSymbol(order.symbol);
    if (!account || !quote || !symbol || isFinalStatus(order.status)) return false;
    const filled = fillOnce(this.fillContext, { order, account, lastKrw: quote.lastKrw, market: symbol.market, nowMs });
    if (filled && isFinalStatus(order.status)) this.openOrders.delete(order.brokerOrderId);
    return filled;
  }

  private emit(order: PaperOrder, reason?: string): void {
    const event: OrderEvent = {
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      accountRef: order.accountRef,
      status: order.status,
      ...(reason === undefined ? {} : { reason }),
    };
    this.sink.orderEvent(event);
  }

  /** Writes everything (with the attached event stream) and only then lets the events go to core. */
  private persist(): void {
    this.writePending = true;
    this.options.store.save(this.snapshot());
    this.writePending = false;
    this.lastWriteMs = this.options.clock.now();
    this.pricesDirty = false;
    this.sink.commit();
  }

  private snapshot(): PaperState {
    const attached = this.provideAttached?.();
    return {
      version: 1,
      idPrefix: this.idPrefix,
      nextOrderNo: this.nextOrderNo,
      nextFillNo: this.nextFillNo,
      accounts: [...this.accounts.values()].map((a) => ({
        accountRef: a.accountRef, cashKrw: a.cashKrw, positions: [...a.positions.values()], orders: [...a.orders.values()],
      })),
      prices: this.market.snapshot(),
      ...(attached === undefined ? {} : { attached }),
    };
  }

  private restore(saved: PaperState): void {
    this.idPrefix = saved.idPrefix;
    this.nextOrderNo = saved.nextOrderNo;
    this.nextFillNo = saved.nextFillNo;
    for (const a of saved.accounts) {
      const account: PaperAccount = {
        accountRef: a.accountRef,
        cashKrw: a.cashKrw,
        positions: new Map(a.positions.map((p) => [p.symbol, p])),
        orders: new Map(a.orders.map((o) => [o.clientOrderId, o])),
      };
      this.accounts.set(a.accountRef, account);
      for (const o of a.orders) if (!isFinalStatus(o.status)) this.openOrders.set(o.brokerOrderId, o);
    }
  }
}

function toBrokerOrder(order: PaperOrder): BrokerOrder {
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    accountRef: order.accountRef,
    status: order.status,
    qtyShares: order.qtyShares,
    filledQtyShares: order.filledQtyShares,
    ...(order.rejectReason === null ? {} : { rejectReason: order.rejectReason }),
    fills: order.fills.map((f) => ({ ...f })),
  };
}

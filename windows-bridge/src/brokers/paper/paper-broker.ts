import type {
  BridgeCapabilities,
  BridgeRequestInput,
  BridgeRequestResult,
  BridgeRequestType,
  OrderEvent,
} from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Rng } from '../../rng.js';
import {
  AnswerWithheld,
  BROKER_REASONS,
  nullEventSink,
  notFound,
  rejected,
  type AttachedStatePersistence,
  type BrokerEventSink,
  type BrokerGateway,
  type BrokerReason,
  type TransportFaults,
} from '../broker-gateway.js';
import {
  PAPER_ACCOUNTS_MAX,
  PAPER_COMMISSION_BPS_DEFAULT,
  PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT,
  PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT,
  PAPER_PRICE_WRITE_INTERVAL_MS,
  PAPER_QUOTE_SUBSCRIPTIONS_MAX,
  PAPER_TICK_INTERVAL_MS_DEFAULT,
} from './paper-constants.js';
import { PaperEventOutbox } from './paper-event-outbox.js';
import { PaperFaultInjector, type InjectedFault, type PaperFaults } from './paper-faults.js';
import { holdUntilFilled } from './paper-fill-before-ack.js';
import { accountFromState, accountToState, averagePriceKrw, bpsToCentiBps, overrideHolding, type PaperAccount } from './paper-ledger.js';
import { kstDayNo, PaperMarket } from './paper-market.js';
import { fillOnce, isFinalStatus, isPlacementSame, type PaperFillContext } from './paper-matching.js';
import {
  detachFromClientOrderId, listPaperOrders, makeRoomForOrder, newPaperOrder, placementRejectReason, queryPaperOrders, rekeyOrder,
} from './paper-placement.js';
import { paperRateLimitOptions, PaperRateLimits } from './paper-rate-limits.js';
import { PaperSessions, type PaperSessionOptions } from './paper-sessions.js';
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
  /** Default `{ mode: 'unlimited' }`: every account always in session (no slots to rotate). */
  sessions?: PaperSessionOptions;
  /**
   * Default true. false behaves like KIS or Kiwoom, which keep no client order id: the bridge ties an
   * order to core's id only once its placement is answered, so an order whose answer was lost is
   * reported without one (no events, `clientOrderId: null` in list_orders) until core claims it,
   * and placing the same id again places a second order.
   */
  clientOrderIds?: boolean;
  /** Declared and enforced per account. Default 100, or 5 in `single` session mode. */
  ordersPerSecondMax?: number;
  /** Declared and enforced over all accounts. Default 6,000, or 600 in `single` session mode. */
  callsPerMinuteMax?: number;
  /** Symbols streamed at once, declared as `quoteSubscriptionsMax`. Default 200. */
  quoteSubscriptionsMax?: number;
  /** Injected faults (default none); see `PaperFaults`. Can be changed later with `setFaults`. */
  faults?: PaperFaults;
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
 *
 * Sessions (`paper-sessions.ts`): in `single` mode it behaves like Kiwoom OpenAPI+: orders, cancels,
 * queries, lists and balances of an account out of session are RETRYABLE NOT_IN_SESSION, and its
 * orders keep resting and filling without any event being pushed (core finds them with query_orders
 * or list_orders).
 * Rate limits (`paper-rate-limits.ts`) answer RETRYABLE BUSY. Faults (`paper-faults.ts`) are
 * injected only when configured.
 */
export class PaperBroker implements BrokerGateway {
  readonly broker = 'paper' as const;
  readonly capabilities: BridgeCapabilities;
  readonly persistence: AttachedStatePersistence | undefined;
  readonly market: PaperMarket;
  /** Faults the bridge server carries out (dropConnection); inert unless faults are set. */
  readonly transportFaults: TransportFaults;

  private readonly accounts = new Map<string, PaperAccount>();
  /** Open orders by brokerOrderId, oldest first: the matching order on each step. */
  private readonly openOrders = new Map<string, PaperOrder>();
  private readonly subscriptions = new Set<string>();
  /** Placements drawn for fillBeforeAck whose answer is still to go (see `answerAfterFill`). */
  private readonly answersAfterFill = new Set<string>();
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
  private readonly faults: PaperFaultInjector;
  private readonly sessions: PaperSessions;
  private readonly rateLimits: PaperRateLimits;
  private readonly outbox: PaperEventOutbox;

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
      emit: (event) => { if (this.isReported(event)) this.outbox.push({ type: 'order_event', event }); },
      emitFill: (fill) => { if (this.isReported(fill)) this.outbox.push({ type: 'fill', fill }); },
    };
    const { clock, logger } = options;
    this.faults = this.transportFaults = new PaperFaultInjector({ clock, logger });
    if (options.faults) this.faults.set(options.faults);
    this.sessions = new PaperSessions(options.sessions ?? { mode: 'unlimited' }, {
      clock, faults: this.faults, accountRefs: () => this.accounts.keys(), hasAccount: (ref) => this.accounts.has(ref),
    });
    const limits = paperRateLimitOptions(options.sessions?.mode ?? 'unlimited', options);
    this.rateLimits = new PaperRateLimits(limits);
    this.capabilities = {
      slots: this.sessions.slots, switchCostMs: this.sessions.switchCostMs, ...limits, quoteSubscriptionsMax: options.quoteSubscriptionsMax ?? PAPER_QUOTE_SUBSCRIPTIONS_MAX,
      clientOrderIds: options.clientOrderIds ?? true,
    };
    this.outbox = new PaperEventOutbox({
      sink: () => this.sink, isInSession: (ref) => this.sessions.isInSession(ref), faults: this.faults, clock, logger,
      onReleased: () => this.persistOrLog(),
    });
  }

  setEventSink(sink: BrokerEventSink): void {
    this.sink = sink;
  }

  /** Replaces the injected faults (and reseeds their generator); `{}` turns them all off. */
  setFaults(faults: PaperFaults): void {
    this.faults.set(faults);
  }

  /** The most recent injected faults, oldest first (bounded). */
  get recentFaults(): readonly InjectedFault[] {
    return this.faults.recentFaults;
  }

  /**
   * Fault injection, for tests only: sets an account's holding of a symbol without any order or
   * event, so core's positions drift from the broker's (RECON-8). See `overrideHolding`.
   */
  injectPositionDrift(accountRef: string, symbol: string, qtyShares: number): void {
    const priceKrw = this.market.quote(symbol)?.lastKrw ?? 1;
    overrideHolding(this.accountOrThrow(accountRef, notFound), symbol, qtyShares, priceKrw);
    this.persist();
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

  /** Stops the feed; events held back by an injected delay are released into the final write. */
  async stop(): Promise<void> {
    this.stopTimer?.();
    this.stopTimer = undefined;
    const released = this.outbox.releaseAll();
    if (released || this.pricesDirty || this.writePending) this.persist();
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

  placeOrder(input: PlaceInput): Promise<BridgeRequestResult<'place_order'>> {
    const answer = this.answerAfterFill(input, this.call('place_order', input.accountRef, () => this.placeNow(input)));
    if (this.capabilities.clientOrderIds) return answer;
    // Without client order ids the order is known to be core's only once its answer goes out.
    return answer.then(
      (result) => { this.attribute(input.accountRef, input.clientOrderId); return result; },
      (error: unknown) => {
        if (!(error instanceof AnswerWithheld)) this.attribute(input.accountRef, input.clientOrderId);
        throw error;
      },
    );
  }

  claimOrder(input: BridgeRequestInput<'claim_order'>): Promise<BridgeRequestResult<'claim_order'>> {
    return this.call('claim_order', input.accountRef, () => this.claimNow(input));
  }

  cancelOrder(input: BridgeRequestInput<'cancel_order'>): Promise<BridgeRequestResult<'cancel_order'>> {
    return this.call('cancel_order', input.accountRef, () => this.cancelNow(input));
  }

  queryOrders(input: BridgeRequestInput<'query_orders'>): Promise<BridgeRequestResult<'query_orders'>> {
    return this.call('query_orders', input.accountRef, () => queryPaperOrders(this.accounts.get(input.accountRef), input.clientOrderIds));
  }

  listOrders(input: BridgeRequestInput<'list_orders'>): Promise<BridgeRequestResult<'list_orders'>> {
    return this.call('list_orders', input.accountRef, () => listPaperOrders(this.accounts.get(input.accountRef), this.options.clock.now()));
  }

  getQuote(input: BridgeRequestInput<'get_quote'>): Promise<BridgeRequestResult<'get_quote'>> {
    return this.call('get_quote', undefined, () => {
      const quote = this.market.quote(input.symbol);
      if (!quote) throw notFound(BROKER_REASONS.UNKNOWN_SYMBOL);
      return quote;
    });
  }

  getBalance(input: BridgeRequestInput<'get_balance'>): Promise<BridgeRequestResult<'get_balance'>> {
    return this.call('get_balance', input.accountRef, () => this.balanceNow(input.accountRef));
  }

  async openSession(input: BridgeRequestInput<'open_session'>): Promise<BridgeRequestResult<'open_session'>> {
    return { accountRefs: await this.sessions.open(input.accountRef) };
  }

  async closeSession(input: BridgeRequestInput<'close_session'>): Promise<BridgeRequestResult<'close_session'>> {
    return { accountRefs: this.sessions.close(input.accountRef) };
  }

  async listSessions(_input?: BridgeRequestInput<'list_sessions'>): Promise<BridgeRequestResult<'list_sessions'>> {
    return { accountRefs: this.sessions.list() };
  }

  /**
   * One broker call: inside the answer faults (withheld, delayed), an account out of session is
   * RETRYABLE NOT_IN_SESSION, then the rate limits (RETRYABLE BUSY), then the action.
   */
  private call<T>(request: BridgeRequestType, accountRef: string | undefined, action: () => T): Promise<T> {
    return this.faults.answer(request, () => {
      if (accountRef !== undefined && this.accounts.has(accountRef)) this.sessions.assertInSession(accountRef);
      const ordersOf = request === 'place_order' || request === 'cancel_order' ? accountRef : undefined;
      this.rateLimits.admit(this.options.clock.now(), ordersOf);
      return action();
    });
  }

  private placeNow(input: PlaceInput): BridgeRequestResult<'place_order'> {
    const account = this.accountOrThrow(input.accountRef, rejected);
    const existing = account.orders.get(input.clientOrderId);
    // A broker without client order ids has never heard of this id: a repeat is a second order.
    if (existing?.attributed === false) detachFromClientOrderId(account, existing);
    else if (existing) return this.repeatPlacement(existing, input);
    if (!Number.isSafeInteger(input.qtyShares) || input.qtyShares <= 0) throw rejected(BROKER_REASONS.INVALID_QTY);
    makeRoomForOrder(account, this.options.ordersPerAccountMax ?? PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT);
    const nowMs = this.options.clock.now();
    const quote = this.market.quote(input.symbol);
    const reason = this.faults.rejects('place_order')
      ? BROKER_REASONS.INJECTED_FAULT
      : placementRejectReason(input, { account, quote, openOrders: this.openOrders.values(), commissionCentiBps: this.fillContext.commissionCentiBps });
    const brokerOrderId = this.newId('P', this.nextOrderNo++);
    const order = newPaperOrder(input, { brokerOrderId, reason, upperLimitKrw: quote?.upperLimitKrw ?? 0, nowMs });
    if (!this.capabilities.clientOrderIds) order.attributed = false;
    account.orders.set(order.clientOrderId, order);
    // Buggify fillBeforeAck: a fill at placement goes out before the order's ack, the answer after it.
    const fillFirst = reason === undefined && this.faults.fillsBeforeAck();
    if (fillFirst) this.answersAfterFill.add(placementKey(input));
    else this.emit(order, reason);
    if (reason === undefined) {
      this.openOrders.set(order.brokerOrderId, order);
      this.fillIfCrossed(order, nowMs);
    }
    if (fillFirst) this.emit({ ...order, status: 'accepted' });
    this.persist();
    if (reason !== undefined) throw rejected(reason);
    return { brokerOrderId: order.brokerOrderId };
  }

  private cancelNow(input: BridgeRequestInput<'cancel_order'>): BridgeRequestResult<'cancel_order'> {
    const account = this.accountOrThrow(input.accountRef, notFound);
    const order = account.orders.get(input.clientOrderId);
    if (!order || order.attributed === false) throw notFound(BROKER_REASONS.ORDER_NOT_FOUND);
    if (isFinalStatus(order.status)) throw rejected(BROKER_REASONS.NOT_CANCELLABLE, `order is ${order.status}`);
    if (this.faults.rejects('cancel_order')) throw rejected(BROKER_REASONS.INJECTED_FAULT);
    const cancelledQtyShares = order.qtyShares - order.filledQtyShares;
    order.status = 'cancelled';
    this.openOrders.delete(order.brokerOrderId);
    this.emit(order);
    this.persist();
    return { cancelledQtyShares };
  }

  /** Ties an unattributed order to core's id (IDEM-11) and reports what it missed: its state and fills. */
  private claimNow(input: BridgeRequestInput<'claim_order'>): BridgeRequestResult<'claim_order'> {
    const account = this.accountOrThrow(input.accountRef, notFound);
    const order = [...account.orders.values()].find((o) => o.brokerOrderId === input.brokerOrderId);
    if (!order) throw notFound(BROKER_REASONS.ORDER_NOT_FOUND);
    if (order.attributed !== false) return { claimed: order.clientOrderId === input.clientOrderId };
    const holder = account.orders.get(input.clientOrderId);
    if (holder && holder !== order) throw rejected(BROKER_REASONS.DUPLICATE_CLIENT_ORDER_ID);
    if (!holder) rekeyOrder(account, order, input.clientOrderId);
    this.attribute(account.accountRef, input.clientOrderId);
    return { claimed: true };
  }

  /** The order is now known to be core's: from here on it is reported, starting with what it missed. */
  private attribute(accountRef: string, clientOrderId: string): void {
    const order = this.accounts.get(accountRef)?.orders.get(clientOrderId);
    if (!order || order.attributed !== false) return;
    order.attributed = true;
    for (const fill of order.fills) this.outbox.push({ type: 'fill', fill: { ...fill } });
    this.emit(order, order.rejectReason ?? undefined);
    this.persist();
  }

  /** Events of an order the bridge cannot tie to core's id are not streamed (core lists them instead). */
  private isReported(event: { accountRef: string; clientOrderId: string }): boolean {
    return this.accounts.get(event.accountRef)?.orders.get(event.clientOrderId)?.attributed !== false;
  }

  private balanceNow(accountRef: string): BridgeRequestResult<'get_balance'> {
    const account = this.accountOrThrow(accountRef, notFound);
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

  async unsubscribeQuotes(input: BridgeRequestInput<'unsubscribe_quotes'>): Promise<BridgeRequestResult<'unsubscribe_quotes'>> {
    const unsubscribed = [...new Set(input.symbols)].filter((s) => this.subscriptions.delete(s));
    return { unsubscribed };
  }

  resetQuoteSubscriptions(): void {
    this.subscriptions.clear();
  }

  /** Symbols whose quotes are streamed (for tests and the operator). */
  get subscribedSymbols(): ReadonlySet<string> {
    return this.subscriptions;
  }

  private accountOrThrow(accountRef: string, fail: typeof rejected): PaperAccount {
    const account = this.accounts.get(accountRef);
    if (!account) throw fail(BROKER_REASONS.UNKNOWN_ACCOUNT);
    return account;
  }

  /** Buggify `fillBeforeAck` (tests only): the answer of a placement drawn for it waits until its fill has gone to core. */
  private async answerAfterFill<T>(input: PlaceInput, answer: Promise<T>): Promise<T> {
    try {
      const result = await answer;
      if (this.answersAfterFill.has(placementKey(input))) {
        const pollMs = this.options.tickIntervalMs ?? PAPER_TICK_INTERVAL_MS_DEFAULT;
        await holdUntilFilled(this.options.clock, pollMs, () => this.accounts.get(input.accountRef)?.orders.get(input.clientOrderId));
      }
      return result;
    } finally {
      this.answersAfterFill.delete(placementKey(input));
    }
  }

  /** Idempotency: the same placement returns the first order (or its rejection); a different one is refused. */
  private repeatPlacement(existing: PaperOrder, input: PlaceInput): BridgeRequestResult<'place_order'> {
    if (!isPlacementSame(existing, input)) throw rejected(BROKER_REASONS.DUPLICATE_CLIENT_ORDER_ID);
    if (existing.status === 'rejected') throw rejected((existing.rejectReason ?? BROKER_REASONS.INTERNAL) as BrokerReason);
    return { brokerOrderId: existing.brokerOrderId };
  }

  private newId(kind: 'P' | 'F', no: number): string {
    return this.idPrefix === '' ? `${kind}${no}` : `${kind}-${this.idPrefix}-${no}`;
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
    if (order.attributed === false) return;
    const event: OrderEvent = {
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      accountRef: order.accountRef,
      status: order.status,
      ...(reason === undefined ? {} : { reason }),
    };
    this.outbox.push({ type: 'order_event', event });
  }

  /** Writes everything (with the attached event stream) and only then lets the events go to core. */
  private persist(): void {
    this.writePending = true;
    this.outbox.flush();
    this.options.store.save(this.snapshot());
    this.writePending = false;
    this.lastWriteMs = this.options.clock.now();
    this.pricesDirty = false;
    this.sink.commit();
  }

  private persistOrLog(): void {
    try {
      this.persist();
    } catch (error) {
      this.options.logger.error({ err: error }, 'paper state write failed; check the state file and disk');
    }
  }

  private snapshot(): PaperState {
    const attached = this.provideAttached?.();
    return {
      version: 1,
      idPrefix: this.idPrefix,
      nextOrderNo: this.nextOrderNo,
      nextFillNo: this.nextFillNo,
      accounts: [...this.accounts.values()].map(accountToState),
      prices: this.market.snapshot(),
      ...(attached === undefined ? {} : { attached }),
    };
  }

  private restore(saved: PaperState): void {
    this.idPrefix = saved.idPrefix;
    this.nextOrderNo = saved.nextOrderNo;
    this.nextFillNo = saved.nextFillNo;
    for (const a of saved.accounts) {
      this.accounts.set(a.accountRef, accountFromState(a));
      for (const o of a.orders) if (!isFinalStatus(o.status)) this.openOrders.set(o.brokerOrderId, o);
    }
  }
}

/** Names one placement: its account and client order id. */
function placementKey(input: PlaceInput): string {
  return `${input.accountRef}/${input.clientOrderId}`;
}

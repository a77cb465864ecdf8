import PQueue from 'p-queue';
import { BridgeNoAnswerError, BridgeNotConnectedError, BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import type { SessionView } from '../ports/session-view.js';
import { nextAction, type QueuedWork, type SchedulerAction, type SessionSlot } from '../domain/session-scheduler.js';
import {
  claimQueuedOrder, clearCancelRequest, listAccountsWithOpenOrders, listCancelRequests, listUnresolvedSymbols, nextQueuedOrders,
  transitionOrder, unresolvedKey,
} from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { ensureBrokerAccount, ensureBrokerAccountById } from './broker-accounts.js';
import { applyOrderEvent } from './execution-applier.js';
import { moveOrderAndTell } from './order-updates.js';
import { adoptExternalOrders } from './adopt-external-orders.js';
import { submitInFlightWindowMs } from '../domain/reconciliation-policy.js';
import { PositionChecker } from './position-check.js';
import { reconcileInFlightOrders } from './reconciler.js';
import { requeueUnlessCancelRequested } from './requeue-order.js';
import { expireStaleQueuedOrders } from './stale-orders.js';

const IDLE_POLL_MS = 1_000;
/** After a RETRYABLE answer (busy, not in session) the order waits this long before it is queued again. */
const RETRY_BACKOFF_MS = 250;
/** An account with an order whose outcome is unknown is asked about again this often (urgent work). */
const UNKNOWN_RECHECK_MS = 5_000;
/**
 * An account with orders resting at the broker is asked about at least this often. On a
 * single-session broker that is the only way to see fills of an account out of session (RECON-12).
 */
const RECONCILE_POLL_MS = 120_000;

/** One thing the scheduler may pick: an order to send, a cancel, or an account to look up. */
interface Work {
  item: QueuedWork;
  run: () => Promise<void>;
}

export interface OrderDispatcherOptions {
  /**
   * Limits sends to the bridge's order rate. Default: a p-queue with BRIDGE_ORDERS_PER_SECOND_MAX
   * per second. The simulator passes one without an interval, since p-queue's interval runs on
   * real timers, and lets the paper broker enforce the rate on virtual time.
   */
  sendLimiter?: PQueue;
}

/**
 * Sends queued orders to the bridge in the order the session scheduler chooses (urgent, VIP, normal;
 * batching by the account in session; switching sessions when that pays), within the bridge's order
 * rate. An order is marked `sending` before it leaves, so a crash in between is found by
 * reconciliation and never sent twice under a new id. A submit with no answer becomes `unknown` —
 * never "failed" — and waits for reconciliation. The database holds the queue; this holds only
 * what is in flight and which account holds which broker session.
 */
export class OrderDispatcher implements SessionView {
  private readonly sendQueue: PQueue;
  /** Work ids in flight: an order id, `cancel:<order id>`, `reconcile:<account id>` or `positions:<account id>`. */
  private readonly inFlight = new Set<string>();
  /** Submits picked but maybe not yet marked `sending`: order id -> its account-and-symbol key. */
  private readonly submitting = new Map<string, string>();
  /** When each account's open orders were last looked up at the broker. */
  private readonly reconciledAtMs = new Map<string, number>();
  private readonly positionChecks: PositionChecker;
  private readonly abort = new AbortController();
  /** null: the broker has unlimited sessions (or the bridge has not said yet). */
  private slots: SessionSlot[] | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: CoreDeps, private readonly canSend: () => boolean, options: OrderDispatcherOptions = {}) {
    const perSecond = deps.config.BRIDGE_ORDERS_PER_SECOND_MAX;
    this.sendQueue = options.sendLimiter ?? new PQueue({ concurrency: perSecond, intervalCap: perSecond, interval: 1_000 });
    this.positionChecks = new PositionChecker(deps);
    deps.signals.on('orders-queued', () => this.nudge());
  }

  /** Wakes the loop now (new orders, the bridge became ready). */
  nudge(): void {
    this.wake?.();
  }

  /**
   * The bridge (re)connected: learn its slots and who holds them. Until this is done nothing is sent,
   * because a session we do not know about cannot be scheduled.
   */
  async onBridgeReady(): Promise<void> {
    const slotsMax = this.deps.broker.capabilities?.slots ?? null;
    if (slotsMax === null) {
      this.slots = null;
    } else {
      const { accountRefs } = await this.deps.broker.request('list_sessions', {});
      const nowMs = this.deps.clock.now();
      this.slots = Array.from({ length: slotsMax }, (_, i): SessionSlot => {
        const accountId = accountRefs[i] ?? null;
        return { accountId, status: accountId ? 'ready' : 'free', heldSinceMs: nowMs, lastActivityMs: nowMs, inFlight: 0 };
      });
    }
    this.nudge();
  }

  /** The accounts whose orders can reach the broker now (all of them when sessions are unlimited). */
  accountsInSession(): ReadonlySet<string> | undefined {
    if (this.slots === null) return undefined;
    return new Set(this.slots.filter((s) => s.status === 'ready' && s.accountId).map((s) => s.accountId!));
  }

  inSession(accountId: string): boolean | null {
    return this.accountsInSession()?.has(accountId) ?? null;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops taking orders and waits for submissions in flight to reach a persisted state. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('stopping'));
    this.nudge();
    await this.loop;
    await this.sendQueue.onIdle();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const acted = this.canSend() ? await this.step().catch((error: unknown) => {
        this.deps.log.order.warn({ err: error }, 'dispatcher step failed; retrying');
        return false;
      }) : false;
      if (!acted) await this.idle();
    }
  }

  /**
   * One scheduling decision, carried out (sends and switches run in the background). The work is
   * queued orders, requested cancels (urgent) and accounts whose open orders need looking up.
   */
  private async step(): Promise<boolean> {
    await expireStaleQueuedOrders(this.deps);
    const work = await this.collectWork();
    const queue = [...work.values()].map((w) => w.item);
    const action = nextAction({ queue, slots: this.slots, nowMs: this.deps.clock.now(), policy: this.deps.config.schedulerPolicy });
    return this.carryOut(action, work);
  }

  private async collectWork(): Promise<Map<string, Work>> {
    const { db, clock } = this.deps;
    const nowMs = clock.now();
    const work = new Map<string, Work>();
    const add = (w: Work) => { if (!this.inFlight.has(w.item.orderId)) work.set(w.item.orderId, w); };
    const held = await this.heldSymbols();
    for (const o of await nextQueuedOrders(db, this.deps.config.ORDER_QUEUE_MAX)) {
      if (held) {
        // One order per account and symbol at a time, oldest first (IDEM-12).
        const key = unresolvedKey(o.account_id, o.symbol);
        if (held.has(key)) continue;
        held.add(key);
      }
      add({ item: { orderId: o.id, accountId: o.account_id, priority: o.priority, enqueuedAtMs: o.created_at.getTime() }, run: () => this.submit(o) });
    }
    for (const c of await listCancelRequests(db)) {
      add({ item: { orderId: `cancel:${c.id}`, accountId: c.account_id, priority: 'urgent', enqueuedAtMs: c.cancel_requested_at.getTime() }, run: () => this.sendCancel(c) });
    }
    for (const a of await listAccountsWithOpenOrders(db, nowMs - submitInFlightWindowMs(this.deps))) {
      const lastMs = this.reconciledAtMs.get(a.account_id) ?? a.oldest.getTime();
      const dueMs = lastMs + (a.unknown ? UNKNOWN_RECHECK_MS : RECONCILE_POLL_MS);
      if (nowMs < dueMs) continue;
      add({
        item: { orderId: `reconcile:${a.account_id}`, accountId: a.account_id, priority: a.unknown ? 'urgent' : 'normal', enqueuedAtMs: dueMs },
        run: () => this.reconcileAccount(a.account_id),
      });
    }
    // RECON-8: only accounts in session, so a position check never causes a session switch.
    for (const accountId of await this.positionChecks.dueAccounts(this.accountsInSession())) {
      add({ item: { orderId: `positions:${accountId}`, accountId, priority: 'normal', enqueuedAtMs: nowMs }, run: async () => { await this.positionChecks.check(accountId); } });
    }
    return work;
  }

  /**
   * Without client order ids (IDEM-12): the account-and-symbol pairs with an order being sent or of
   * unknown outcome, here or in another core, whose queued orders wait. undefined: nothing waits.
   */
  private async heldSymbols(): Promise<Set<string> | undefined> {
    if (this.deps.broker.capabilities?.clientOrderIds !== false) return undefined;
    const held = await listUnresolvedSymbols(this.deps.db);
    for (const key of this.submitting.values()) held.add(key);
    return held;
  }

  private async carryOut(action: SchedulerAction, work: ReadonlyMap<string, Work>): Promise<boolean> {
    switch (action.kind) {
      case 'wait':
        return false;
      case 'send': {
        const { item, run } = work.get(action.work.orderId)!;
        const slot = this.slots?.find((s) => s.status === 'ready' && s.accountId === item.accountId);
        this.inFlight.add(item.orderId);
        if (slot) slot.inFlight += 1;
        void this.sendQueue.add(run).catch((error: unknown) => {
          // Whatever failed is still recorded as it was (queued, cancel requested, open) and is picked again.
          this.deps.log.order.warn({ work: item.orderId, err: error instanceof Error ? error.message : String(error) }, 'dispatcher work failed; will retry');
        }).finally(() => {
          this.inFlight.delete(item.orderId);
          if (slot) {
            slot.inFlight -= 1;
            slot.lastActivityMs = this.deps.clock.now();
          }
          this.nudge();
        });
        // Back-pressure: decide the next order only when the rate limiter has room for it.
        await this.sendQueue.onSizeLessThan(1);
        return true;
      }
      case 'switch':
        this.beginSwitch(action.slot, action.accountId, action.evictAccountId, action.reason);
        return true;
      case 'logout': {
        const slot = this.slots![action.slot]!;
        slot.status = 'free';
        slot.accountId = null;
        await this.deps.broker.request('close_session', { accountRef: action.accountId }).catch(() => undefined);
        this.deps.log.order.info({ accountId: action.accountId }, 'idle broker session logged out');
        return true;
      }
    }
  }

  /** Looks up the account's orders at the broker and applies what it says, adopting any it placed without us. */
  private async reconcileAccount(accountId: string): Promise<void> {
    try {
      await reconcileInFlightOrders(this.deps, new Set([accountId]));
      await adoptExternalOrders(this.deps, accountId);
    } finally {
      // A look that failed waits for the next one like any other, not retried in a tight loop.
      this.reconciledAtMs.set(accountId, this.deps.clock.now());
    }
  }

  /**
   * Carries out a requested cancel. The broker's event moves the order; a broker that will not
   * cancel (filled meanwhile) ends the request, and the order keeps its fills (RECON-10).
   */
  private async sendCancel(order: { id: string; account_id: string; client_order_id: string }): Promise<void> {
    try {
      await this.deps.broker.request('cancel_order', { accountRef: order.account_id, clientOrderId: order.client_order_id });
      await clearCancelRequest(this.deps.db, order.id);
    } catch (error) {
      if (error instanceof BridgeRequestError && (error.error.code === 'REJECTED' || error.error.code === 'NOT_FOUND')) {
        await clearCancelRequest(this.deps.db, order.id);
        return;
      }
      // Not sent or no answer: the request stays and is tried again after a pause.
      await this.deps.clock.sleep(RETRY_BACKOFF_MS, this.abort.signal).catch(() => undefined);
    }
  }

  /** Logs `accountId` into a slot in the background; the slot sends nothing until the login is done. */
  private beginSwitch(index: number, accountId: string, evictAccountId: string | null, reason: string): void {
    const slot = this.slots![index]!;
    slot.status = 'switching';
    slot.accountId = accountId;
    const startedMs = this.deps.clock.now();
    void (async () => {
      try {
        if (evictAccountId) await this.deps.broker.request('close_session', { accountRef: evictAccountId });
        await ensureBrokerAccountById(this.deps, accountId);
        await this.deps.broker.request('open_session', { accountRef: accountId });
        // Back in session: what happened to its orders while it was out comes first (RECON).
        await this.reconcileAccount(accountId);
        const nowMs = this.deps.clock.now();
        Object.assign(slot, { status: 'ready', heldSinceMs: nowMs, lastActivityMs: nowMs });
        this.deps.log.order.info({ accountId, evictAccountId, reason, switchMs: nowMs - startedMs }, 'broker session switched');
      } catch (error) {
        this.deps.log.order.warn({ accountId, reason, err: error instanceof Error ? error.message : String(error) }, 'broker session switch failed');
        // Held as `switching` a moment longer, so a failure that repeats is not retried in a tight loop.
        await this.deps.clock.sleep(IDLE_POLL_MS, this.abort.signal).catch(() => undefined);
        Object.assign(slot, { status: 'free', accountId: null });
        // Our view of who holds the slots is stale (e.g. a login finished while we reconnected): ask again.
        if (error instanceof BridgeRequestError && error.error.reason === 'SLOTS_FULL') await this.onBridgeReady().catch(() => undefined);
      } finally {
        this.nudge();
      }
    })();
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      void this.deps.clock.sleep(IDLE_POLL_MS, this.abort.signal).catch(() => undefined).then(resolve);
    });
  }

  private async submit(order: OrderWithAccount): Promise<void> {
    this.submitting.set(order.id, unresolvedKey(order.account_id, order.symbol));
    try {
      await this.submitNow(order);
    } finally {
      this.submitting.delete(order.id);
    }
  }

  private async submitNow(order: OrderWithAccount): Promise<void> {
    const { db, clock, log } = this.deps;
    if (!this.canSend()) return;
    // One statement: still queued, trading not halted, user not paused -> sending.
    if (!(await claimQueuedOrder(db, order.id, clock.now()))) return;
    try {
      await ensureBrokerAccount(this.deps, order.user_id);
      const { brokerOrderId } = await this.deps.broker.request('place_order', {
        clientOrderId: order.client_order_id, accountRef: order.account_id, symbol: order.symbol, side: order.side,
        orderType: order.order_type, qtyShares: order.qty_shares, ...(order.price_krw === null ? {} : { priceKrw: order.price_krw }),
      });
      const ids = { orderId: order.id, clientOrderId: order.client_order_id, brokerOrderId };
      // A fill or cancel that arrived before this answer has moved the order on: it stays there.
      if (await transitionOrder(db, order.id, ['sending', 'unknown'], 'accepted', clock.now(), { brokerOrderId })) log.order.info(ids, 'order accepted by broker');
      else log.order.info(ids, 'place_order answer came after the order moved on; its state is kept');
    } catch (error) {
      await this.onSubmitError(order, error);
    }
  }

  private async onSubmitError(order: OrderWithAccount, error: unknown): Promise<void> {
    const { db, clock, log, signals } = this.deps;
    const ids = { orderId: order.id, clientOrderId: order.client_order_id };
    if (error instanceof BridgeRequestError && error.error.code === 'REJECTED') {
      await db.transaction((tx) => applyOrderEvent(tx, this.deps, {
        clientOrderId: order.client_order_id, brokerOrderId: null, accountRef: order.account_id, status: 'rejected', reason: error.error.reason,
      }, clock.now()));
      signals.emit('notifications-created');
      log.order.info({ ...ids, reason: error.error.reason }, 'order rejected by broker');
    } else if (error instanceof BridgeNotConnectedError || (error instanceof BridgeRequestError && error.error.code === 'RETRYABLE')) {
      await clock.sleep(RETRY_BACKOFF_MS, this.abort.signal).catch(() => undefined);
      await requeueUnlessCancelRequested(this.deps, order, ['sending'], clock.now());
      if (error instanceof BridgeRequestError && error.error.reason === 'NOT_IN_SESSION') this.forgetSession(order.account_id);
      log.order.warn({ ...ids, reason: error instanceof BridgeRequestError ? error.error.reason : 'not connected' }, 'order not sent; back in the queue');
    } else {
      // Timeout, dropped connection, OUTCOME_UNKNOWN or anything unexpected: it may be at the broker.
      const moved = await db.transaction((tx) => moveOrderAndTell(tx, this.deps, order, ['sending'], 'unknown', clock.now()));
      if (moved) signals.emit('notifications-created');
      const reason = error instanceof BridgeNoAnswerError || error instanceof BridgeRequestError ? error.message : String(error);
      log.order.warn({ ...ids, reason }, 'order outcome unknown; reconciling before anything else');
    }
  }

  /** The broker says the account is not in session after all (e.g. the bridge restarted): free its slot. */
  private forgetSession(accountId: string): void {
    const slot = this.slots?.find((s) => s.accountId === accountId && s.status === 'ready');
    if (slot) Object.assign(slot, { status: 'free', accountId: null });
  }
}

import PQueue from 'p-queue';
import { BridgeNoAnswerError, BridgeNotConnectedError, BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { nextQueuedOrders, transitionOrder } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { ensureBrokerAccount } from './broker-accounts.js';
import { applyOrderEvent } from './execution-applier.js';
import { insertNotifications } from '../store/notifications-store.js';
import { toOrderView } from './order-views.js';

const BATCH_MAX = 50;
const IDLE_POLL_MS = 1_000;

/**
 * Sends queued orders to the bridge in priority order (urgent, VIP, normal; oldest first), within
 * the bridge's order rate. An order is marked `sending` before it leaves, so a crash in between is
 * found by reconciliation and never sent twice under a new id. A submit with no answer becomes
 * `unknown` — never "failed" — and waits for reconciliation.
 *
 * @NOTE issue #3 replaces the selection with the session-aware scheduler; the safety rules stay.
 */
export class OrderDispatcher {
  private readonly queue: PQueue;
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: CoreDeps, private readonly canSend: () => boolean) {
    const perSecond = deps.config.BRIDGE_ORDERS_PER_SECOND_MAX;
    this.queue = new PQueue({ concurrency: perSecond, intervalCap: perSecond, interval: 1_000 });
    deps.signals.on('orders-queued', () => this.nudge());
  }

  /** Wakes the loop now (new orders, the bridge became ready). */
  nudge(): void {
    this.wake?.();
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops taking orders and waits for submissions in flight to reach a persisted state. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('stopping'));
    this.nudge();
    await this.loop;
    await this.queue.onIdle();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let sent = 0;
      if (this.canSend()) {
        const batch = (await nextQueuedOrders(this.deps.db, BATCH_MAX).catch(() => [])).filter((o) => !this.inFlight.has(o.id));
        for (const order of batch) {
          this.inFlight.add(order.id);
          void this.queue.add(() => this.submit(order)).finally(() => this.inFlight.delete(order.id));
          sent += 1;
        }
        await this.queue.onEmpty();
      }
      if (sent === 0) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.sleep(IDLE_POLL_MS, this.abort.signal).catch(() => undefined);
      this.wake = resolve;
      void timer.then(resolve);
    });
  }

  private async submit(order: OrderWithAccount): Promise<void> {
    const { db, clock, log } = this.deps;
    if (!this.canSend()) return;
    if (!(await transitionOrder(db, order.id, ['queued'], 'sending', clock.now(), { sent: true }))) return;
    try {
      await ensureBrokerAccount(this.deps, order.user_id);
      const { brokerOrderId } = await this.deps.broker.request('place_order', {
        clientOrderId: order.client_order_id, accountRef: order.account_id, symbol: order.symbol, side: order.side,
        orderType: order.order_type, qtyShares: order.qty_shares, ...(order.price_krw === null ? {} : { priceKrw: order.price_krw }),
      });
      await transitionOrder(db, order.id, ['sending', 'unknown'], 'accepted', clock.now(), { brokerOrderId });
      log.order.info({ orderId: order.id, clientOrderId: order.client_order_id, brokerOrderId }, 'order accepted by broker');
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
      await transitionOrder(db, order.id, ['sending'], 'queued', clock.now());
      log.order.warn({ ...ids }, 'order not sent; back in the queue');
    } else {
      // Timeout, dropped connection, OUTCOME_UNKNOWN or anything unexpected: it may be at the broker.
      const moved = await db.transaction(async (tx) => {
        if (!(await transitionOrder(tx, order.id, ['sending'], 'unknown', clock.now()))) return false;
        const view = toOrderView({ ...order, state: 'unknown' }, this.deps.symbols);
        await insertNotifications(tx, order.user_id, `order:${order.id}:unknown`, { kind: 'order_update', order: view }, clock.now());
        return true;
      });
      if (moved) signals.emit('notifications-created');
      const reason = error instanceof BridgeNoAnswerError || error instanceof BridgeRequestError ? error.message : String(error);
      log.order.warn({ ...ids, reason }, 'order outcome unknown; reconciling before anything else');
    }
  }
}

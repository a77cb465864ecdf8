import type { NotificationPayload } from '@tradedesk/contracts';
import { z } from 'zod';
import { admitOrder } from '../commands/place-order.js';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { MinuteBar } from '../market/market-feed.js';
import type { BarHistory, QuoteSubscriptions } from '../ports/market-data.js';
import { shortOrderId } from '../services/order-views.js';
import { insertNotifications } from '../store/notifications-store.js';
import { StrategyEngine, type EngineAction, type LiveStrategy } from './strategy-engine.js';
import { initialKindState, parseKindState } from './strategy-kinds.js';
import {
  heldSharesOf, listEnabledStrategies, saveStrategyState, specOfRow, strategyOwnerOf, type StrategyRow,
} from './strategy-store.js';

/** The market-data ports (issue #5) the runner uses when core provides them. */
export interface StrategyMarketPorts {
  subscriptions?: QuoteSubscriptions;
  bars?: BarHistory;
}
export type StrategyRunnerDeps = CoreDeps & StrategyMarketPorts;

/** The stored state: the action counter (names the next order) and the kind's own state. */
const envelopeSchema = z.object({ seq: z.number().int().nonnegative(), kind: z.unknown() });
export type StrategyStateEnvelope = z.infer<typeof envelopeSchema>;

/** Owner name of a strategy's quote subscription. */
export function subscriptionOwner(strategyId: string): string {
  return `strategy:${strategyId}`;
}

/** The idempotency key of a strategy's n-th action: a replay of that decision finds its first order. */
export function strategyOrderKey(strategyId: string, seq: number): string {
  return `strategy:${strategyId}:${seq}`;
}

/** The state a strategy starts from when it is switched on. */
export function initialEnvelope(kind: StrategyRow['kind']): StrategyStateEnvelope {
  return { seq: 0, kind: initialKindState(kind) };
}

type Task = { type: 'save'; envelope: StrategyStateEnvelope; started: boolean } | { type: 'act'; action: EngineAction; started: boolean };

interface Loaded {
  id: string;
  updatedAtMs: number;
  tasks: Task[];
  running: boolean;
}

export interface StrategyRunnerOptions {
  /** How often enabled strategies and held positions are re-read (other cores, `strategy` commands). */
  pollIntervalMs?: number;
}

/**
 * Runs every enabled strategy on the shared feed. Decisions are pure and synchronous (the engine);
 * what follows is ordered per strategy: a state change is persisted (coalesced while a write is
 * waiting), and an action is admitted like a manual order, tagged with the strategy, with its new
 * state and its notification written in the admission transaction itself. Its idempotency key is
 * the strategy id and the action's number, so a decision replayed from an older state (a crash, a
 * second core) finds the first order instead of placing another. A refusal (limit, halt) is told
 * to the user once and not retried: the state moves on and the strategy keeps running.
 */
export class StrategyRunner {
  readonly engine: StrategyEngine;
  readonly #loaded = new Map<string, Loaded>();
  readonly #held = new Map<string, number>();
  readonly #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | null = null;
  #refreshing: Promise<void> | null = null;
  /** Strategies with a write or an order in progress (also ones dropped meanwhile). */
  #draining = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: StrategyRunnerDeps, private readonly options: StrategyRunnerOptions = {}) {
    this.engine = new StrategyEngine({
      heldShares: (accountId, symbol) => this.#held.get(`${accountId}:${symbol}`) ?? 0,
      onStateChanged: (strategy) => this.#enqueueSave(strategy),
      onAction: (action) => this.#enqueue(action.strategy.id, { type: 'act', action, started: false }),
    });
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#unsubscribe.push(
      this.deps.feed.onQuote((quote) => this.engine.onQuote(quote)),
      this.deps.feed.onBar((bar) => this.engine.onBar(bar)),
    );
    // Fills arrive as notifications: re-read held positions then, so sells see what they may take.
    const onNotifications = () => void this.#refreshHeld().catch((error: unknown) => this.deps.log.root.warn({ err: error }, 'strategy positions refresh failed'));
    this.deps.signals.on('notifications-created', onNotifications);
    this.#unsubscribe.push(() => this.deps.signals.off('notifications-created', onNotifications));
    this.#timer = setInterval(() => void this.refresh().catch((error: unknown) => this.deps.log.root.warn({ err: error }, 'strategy refresh failed')), this.options.pollIntervalMs ?? 2_000);
    this.#timer.unref();
  }

  /** Stops listening and waits for the writes and orders already decided. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#refreshing;
    await this.idle();
  }

  /** Resolves when no strategy has a write or an order in progress. */
  idle(): Promise<void> {
    if (this.#draining === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Brings the running set in line with the database: loads strategies switched on, drops those
   * switched off or removed, reloads one whose configuration changed (updated_at), re-reads positions.
   */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const rows = await listEnabledStrategies(this.deps.db);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const loaded = this.#loaded.get(row.id);
      if (loaded && loaded.updatedAtMs === row.updated_at.getTime()) continue;
      if (loaded && loaded.running) continue; // Its writes finish first; the next refresh reloads it.
      await this.#load(row);
    }
    for (const id of [...this.#loaded.keys()]) if (!seen.has(id)) this.#drop(id);
    await this.#refreshHeld();
  }

  async #load(row: StrategyRow): Promise<void> {
    const spec = specOfRow(row);
    if (!spec) {
      this.deps.log.root.warn({ strategyId: row.id }, 'strategy with unreadable params skipped');
      return;
    }
    const envelope = envelopeSchema.safeParse(row.state);
    const strategy: LiveStrategy = {
      id: row.id, userId: row.user_id, accountId: row.account_id, spec,
      seq: envelope.success ? envelope.data.seq : 0,
      state: envelope.success ? parseKindState(spec.kind, envelope.data.kind) : initialKindState(spec.kind),
    };
    const fresh = !this.#loaded.has(row.id);
    this.#loaded.set(row.id, { id: row.id, updatedAtMs: row.updated_at.getTime(), tasks: [], running: false });
    this.engine.add(strategy);
    if (fresh && this.deps.subscriptions && !(await this.deps.subscriptions.acquire(subscriptionOwner(row.id), spec.symbol))) {
      this.deps.log.root.warn({ strategyId: row.id, symbol: spec.symbol }, 'strategy symbol not streamed: the bridge subscription cap is reached');
    }
    this.#warmUp(strategy);
  }

  /** Indicator kinds pick up the bars they missed while core was down, without acting on them. */
  #warmUp(strategy: LiveStrategy): void {
    const bars = this.deps.bars;
    if (!bars || (strategy.spec.kind !== 'ma_cross' && strategy.spec.kind !== 'rsi')) return;
    const needed = strategy.spec.kind === 'ma_cross' ? strategy.spec.params.longPeriod : strategy.spec.params.period + 1;
    const lastBarMs = (strategy.state as { lastBarMs: number | null }).lastBarMs ?? -1;
    const missed: MinuteBar[] = bars.recent(strategy.spec.symbol, lastBarMs + 1, needed).filter((b) => b.startMs > lastBarMs);
    if (missed.length > 0) this.engine.warmUp(strategy.id, missed);
  }

  #drop(id: string): void {
    const strategy = this.engine.remove(id);
    this.#loaded.delete(id);
    if (strategy) this.deps.subscriptions?.release(subscriptionOwner(id), strategy.spec.symbol);
  }

  async #refreshHeld(): Promise<void> {
    const accounts = [...new Set(this.engine.ids().map((id) => this.engine.get(id)!.accountId))];
    const rows = await heldSharesOf(this.deps.db, accounts);
    this.#held.clear();
    for (const row of rows) this.#held.set(`${row.account_id}:${row.symbol}`, row.qty_shares);
  }

  /** A quiet state change: one waiting write carries the newest state, never overtaking an action. */
  #enqueueSave(strategy: LiveStrategy): void {
    const envelope = { seq: strategy.seq, kind: strategy.state };
    const loaded = this.#loaded.get(strategy.id);
    const last = loaded?.tasks.at(-1);
    if (last && last.type === 'save' && !last.started) last.envelope = envelope;
    else this.#enqueue(strategy.id, { type: 'save', envelope, started: false });
  }

  #enqueue(id: string, task: Task): void {
    const loaded = this.#loaded.get(id);
    if (!loaded) return;
    loaded.tasks.push(task);
    if (!loaded.running) void this.#drain(loaded);
  }

  async #drain(loaded: Loaded): Promise<void> {
    loaded.running = true;
    this.#draining += 1;
    while (loaded.tasks.length > 0) {
      const task = loaded.tasks[0]!;
      task.started = true;
      try {
        if (task.type === 'save') await saveStrategyState(this.deps.db, loaded.id, task.envelope);
        else await this.#act(task.action);
      } catch (error) {
        this.deps.log.root.error({ err: error }, 'strategy step failed');
      }
      loaded.tasks.shift();
    }
    loaded.running = false;
    this.#draining -= 1;
    if (this.#draining === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #act(action: EngineAction): Promise<void> {
    const { strategy, seq, order } = action;
    if (!this.engine.get(strategy.id)) return; // Switched off or removed since the decision.
    const envelope: StrategyStateEnvelope = { seq: seq + 1, kind: action.stateAfter };
    const dedupeKey = strategyOrderKey(strategy.id, seq);
    const user = await strategyOwnerOf(this.deps.db, strategy.userId);
    if (!user) return;
    const nowMs = this.deps.clock.now();
    let placedId: string | null = null;
    try {
      const result = await admitOrder(this.deps, {
        user,
        intent: { symbol: strategy.spec.symbol, side: order.side, qtyShares: order.qtyShares },
        idempotencyKey: dedupeKey,
        ...(order.urgent ? { priority: 'urgent' as const } : {}),
        strategyId: strategy.id,
        alsoInTransaction: async (tx, orderId) => {
          placedId = orderId;
          await saveStrategyState(tx, strategy.id, envelope);
          await insertNotifications(tx, strategy.userId, dedupeKey, this.#payload(action, shortOrderId(orderId), null), nowMs);
        },
      });
      // A replay answered with the order placed before a crash: it was notified then; move the state on.
      if (placedId !== result.order.id) await saveStrategyState(this.deps.db, strategy.id, envelope);
      else this.deps.signals.emit('notifications-created');
    } catch (error) {
      if (error instanceof AppError && error.code === 'IDEMPOTENCY_CONFLICT') {
        // This step's order exists from a decision made before a crash: it stands for the step.
        await saveStrategyState(this.deps.db, strategy.id, envelope);
        return;
      }
      const refusal = error instanceof AppError ? { code: error.code, params: error.params } : { code: 'INTERNAL' as const, params: {} };
      if (!(error instanceof AppError)) this.deps.log.root.error({ err: error, strategyId: strategy.id }, 'strategy order failed');
      await this.deps.db.transaction(async (tx) => {
        await saveStrategyState(tx, strategy.id, envelope);
        await insertNotifications(tx, strategy.userId, dedupeKey, this.#payload(action, null, refusal), nowMs);
      });
      this.deps.signals.emit('notifications-created');
    }
  }

  #payload(action: EngineAction, orderShortId: string | null, refusal: Extract<NotificationPayload, { kind: 'strategy_action' }>['refusal']): NotificationPayload {
    const { strategy, order } = action;
    return {
      kind: 'strategy_action',
      strategyId: strategy.id,
      shortId: shortOrderId(strategy.id),
      strategyKind: strategy.spec.kind,
      symbol: strategy.spec.symbol,
      name: this.deps.symbols.byCodeOrNull(strategy.spec.symbol)?.nameKo ?? strategy.spec.symbol,
      side: order.side,
      qtyShares: order.qtyShares,
      priceKrw: action.priceKrw,
      reason: action.reason,
      orderShortId,
      urgent: order.urgent,
      refusal,
    };
  }
}

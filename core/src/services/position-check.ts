import { accountKindOf, POSITION_DRIFTS_MAX, type BridgeRequestResult, type PositionDrift } from '@tradedesk/contracts';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { SqlTx } from '../db/sql-client.js';
import type { CoreDeps } from '../deps.js';
import { driftVerdict, type SymbolDrift } from '../domain/position-drift.js';
import { insertNotifications } from '../store/notifications-store.js';
import { accountActivityOf, adjustPositionToBroker, lockPositionQuantities, type AccountActivity } from '../store/position-check-store.js';
import type { BrokerAccountRow } from '../store/rows.js';
import { findBrokerAccountById, listBrokerAccountIds, pauseUserById, userNameOf } from '../store/users-store.js';
import { adoptExternalOrders } from './adopt-external-orders.js';
import { alertOperatorsOfPositionDrift } from './operator-alerts.js';

/** A check put off (an order in flight, the account out of session) is tried again after at most this long. */
const RETRY_MS_MAX = 60_000;

/**
 * How one check ended. `in_flight`: an order of the account was in flight or a fill landed during
 * the check, so a difference could be a fill on its way, not drift: nothing compared, retried soon.
 */
export type PositionCheckOutcome = 'in_flight' | 'not_in_session' | 'not_at_broker' | 'in_line' | 'adjusted' | 'paused';

type Balance = BridgeRequestResult<'get_balance'>;

/**
 * RECON-8: compares each account's positions with the broker's, every POSITION_CHECK_INTERVAL_MS
 * (and once soon after start, as no account has been checked yet). A small difference (at most
 * POSITION_DRIFT_ADJUST_MAX_PCT of a symbol's quantity) is adjusted to the broker's quantity and
 * recorded in `position_adjustments`; a larger one changes nothing, pauses the user's trading and
 * alerts every operator and the user. The dispatcher runs the checks as work of the account, so on
 * a single-session broker an account is checked only while it is in session.
 */
export class PositionChecker {
  /** When each account is next due; absent: due now. In memory: after a restart every account is due. */
  private readonly dueAtMs = new Map<string, number>();

  constructor(private readonly deps: CoreDeps) {}

  /** The accounts due a check among `inSession` (undefined: sessions are unlimited, every account). */
  async dueAccounts(inSession: ReadonlySet<string> | undefined): Promise<string[]> {
    const nowMs = this.deps.clock.now();
    const candidates = inSession ? [...inSession] : await listBrokerAccountIds(this.deps.db);
    return candidates.filter((id) => (this.dueAtMs.get(id) ?? 0) <= nowMs);
  }

  async check(accountId: string): Promise<PositionCheckOutcome> {
    const { clock, config } = this.deps;
    // Set before anything can throw, so a failing check is not retried in a tight loop.
    this.dueAtMs.set(accountId, clock.now() + Math.min(config.POSITION_CHECK_INTERVAL_MS, RETRY_MS_MAX));
    const outcome = await checkAccountPositions(this.deps, accountId);
    if (outcome !== 'in_flight' && outcome !== 'not_in_session') this.dueAtMs.set(accountId, clock.now() + config.POSITION_CHECK_INTERVAL_MS);
    return outcome;
  }
}

/** One check of one account (see `PositionChecker`). */
export async function checkAccountPositions(deps: CoreDeps, accountId: string): Promise<PositionCheckOutcome> {
  const account = await findBrokerAccountById(deps.db, accountId);
  if (!account) return 'not_at_broker';
  if ((await accountActivityOf(deps.db, accountId)).inFlightOrders > 0) return 'in_flight';
  let before: AccountActivity;
  let balance: Balance;
  try {
    // Orders placed outside Tradedesk first (RECON-7): their fills are then counted once, not taken for drift.
    await adoptExternalOrders(deps, accountId);
    before = await accountActivityOf(deps.db, accountId);
    if (before.inFlightOrders > 0) return 'in_flight';
    balance = await deps.broker.request('get_balance', { accountRef: accountId });
  } catch (error) {
    if (error instanceof BridgeRequestError && error.error.reason === 'NOT_IN_SESSION') return 'not_in_session';
    // An account never opened at the broker (a paper account that has not traded) holds nothing to compare.
    if (error instanceof BridgeRequestError && error.error.code === 'NOT_FOUND') return 'not_at_broker';
    throw error;
  }
  const nowMs = deps.clock.now();
  const settled = await deps.db.transaction((tx) => settle(tx, deps, account, before, balance, nowMs));
  logOutcome(deps, account, settled);
  if (settled.notified) deps.signals.emit('notifications-created');
  return settled.outcome;
}

interface Settled {
  outcome: PositionCheckOutcome;
  drifts: SymbolDrift[];
  /** Whether this check paused the user and told them and the operators. */
  notified: boolean;
}

/**
 * Compares and acts in one transaction, with the account's position rows locked and its activity
 * read again: a fill that landed since `before` makes the comparison meaningless, so nothing is done.
 */
async function settle(tx: SqlTx, deps: CoreDeps, account: BrokerAccountRow, before: AccountActivity, balance: Balance, nowMs: number): Promise<Settled> {
  const local = await lockPositionQuantities(tx, account.id);
  const after = await accountActivityOf(tx, account.id);
  if (after.inFlightOrders > 0 || after.fills !== before.fills) return { outcome: 'in_flight', drifts: [], notified: false };
  const brokerHeld = new Map(balance.positions.map((p) => [p.symbol, p]));
  const verdict = driftVerdict(
    new Map([...local].map(([symbol, p]) => [symbol, p.qtyShares])),
    new Map(balance.positions.map((p) => [p.symbol, p.qtyShares])),
    deps.config.POSITION_DRIFT_ADJUST_MAX_PCT,
  );
  if (verdict.action === 'none') return { outcome: 'in_line', drifts: [], notified: false };
  if (verdict.action === 'adjust') {
    for (const d of verdict.drifts) {
      await adjustPositionToBroker(tx, {
        id: deps.ids.uuid(), accountId: account.id, userId: account.user_id, symbol: d.symbol,
        localQtyShares: d.localQtyShares, localAvgPriceKrw: local.get(d.symbol)?.avgPriceKrw ?? 0,
        brokerQtyShares: d.brokerQtyShares, brokerAvgPriceKrw: brokerHeld.get(d.symbol)?.avgPriceKrw ?? 0,
        reason: 'drift_within_threshold', nowMs,
      });
    }
    return { outcome: 'adjusted', drifts: verdict.drifts, notified: false };
  }
  // Told once per pause: while the user stays paused (an operator is on it) a repeat finding only logs.
  if (!(await pauseUserById(tx, account.user_id))) return { outcome: 'paused', drifts: verdict.drifts, notified: false };
  const report = {
    accountKind: accountKindOf(account.broker, account.environment),
    positions: verdict.drifts.slice(0, POSITION_DRIFTS_MAX)
      .map((d): PositionDrift => ({ ...d, name: deps.symbols.byCodeOrNull(d.symbol)?.nameKo ?? d.symbol })),
  };
  const dedupeKey = `position_drift:${account.id}:${nowMs}`;
  await insertNotifications(tx, account.user_id, dedupeKey, { kind: 'trading_paused', reason: 'position_drift', ...report }, nowMs);
  await alertOperatorsOfPositionDrift(tx, { userName: await userNameOf(tx, account.user_id), ...report }, dedupeKey, nowMs);
  return { outcome: 'paused', drifts: verdict.drifts, notified: true };
}

function logOutcome(deps: CoreDeps, account: BrokerAccountRow, settled: Settled): void {
  const ids = { accountId: account.id, userId: account.user_id };
  if (settled.outcome === 'adjusted') {
    for (const d of settled.drifts) {
      deps.log.order.warn({ ...ids, ...d, deltaShares: d.brokerQtyShares - d.localQtyShares }, 'position adjusted to the broker quantity');
    }
  } else if (settled.outcome === 'paused') {
    deps.log.order.error({ ...ids, drifts: settled.drifts, newlyPaused: settled.notified },
      'positions differ from the broker beyond the threshold; trading paused: check the account at the broker, then resume the user');
  }
}

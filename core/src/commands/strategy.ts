import { createHash } from 'node:crypto';
import type { CoreCommandInput, CoreCommandOutput, StrategySpec, StrategyView } from '@tradedesk/contracts';
import type { UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { shortOrderId } from '../services/order-views.js';
import { initialEnvelope, subscriptionOwner, type StrategyRunnerDeps } from '../strategies/strategy-runner.js';
import {
  countStrategiesOf, deleteStrategy, findStrategiesByIdPrefix, insertStrategy, listStrategiesOf, setStrategyEnabled,
  specOfRow, type StrategyRow,
} from '../strategies/strategy-store.js';
import type { UserRow } from '../store/rows.js';
import { defaultAccountOf, lockUser } from '../store/users-store.js';

type Output = CoreCommandOutput<'strategy'>;

/**
 * `strategy list | add | enable | disable | remove`. Adding counts against the tier's strategiesMax
 * (every defined strategy, on or off, checked under the user's lock) and switches it on; switching
 * on needs the symbol's real-time quotes, and when the bridge's registrations are all taken the
 * strategy stays off and the answer says so. The running strategies follow within the runner's poll.
 */
export async function strategy(deps: StrategyRunnerDeps, ctx: UserCommandContext, input: CoreCommandInput<'strategy'>): Promise<Output> {
  const userId = ctx.user.id;
  switch (input.action) {
    case 'list':
      return answer(deps, ctx.user, null, null);
    case 'add':
      return add(deps, ctx, input.spec as StrategySpec);
    case 'enable': {
      const row = await findOne(deps, userId, input.id);
      if (row.enabled) return answer(deps, ctx.user, row, true);
      if (!(await acquire(deps, row.id, row.symbol))) return answer(deps, ctx.user, row, false);
      // "Since enabled": a trailing stop's high and an indicator's history start over. The action
      // count goes on, so the next order's idempotency key is new, never one of an earlier order.
      const enabled = await setStrategyEnabled(deps.db, row.id, true, { ...initialEnvelope(row.kind), seq: seqOf(row.state) }, deps.clock.now());
      return answer(deps, ctx.user, enabled ?? row, true);
    }
    case 'disable': {
      const row = await findOne(deps, userId, input.id);
      const disabled = row.enabled ? await setStrategyEnabled(deps.db, row.id, false, undefined, deps.clock.now()) : row;
      deps.subscriptions?.release(subscriptionOwner(row.id), row.symbol);
      return answer(deps, ctx.user, disabled ?? row, null);
    }
    case 'remove': {
      const row = await findOne(deps, userId, input.id);
      await deleteStrategy(deps.db, row.id);
      deps.subscriptions?.release(subscriptionOwner(row.id), row.symbol);
      return answer(deps, ctx.user, row, null);
    }
  }
}

async function add(deps: StrategyRunnerDeps, ctx: UserCommandContext, spec: StrategySpec): Promise<Output> {
  if (!deps.symbols.byCodeOrNull(spec.symbol)) throw new AppError('SYMBOL_UNKNOWN', { query: spec.symbol });
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  const max = deps.config.tierLimits[ctx.user.tier].strategiesMax;
  // A redelivered command (same platform delivery id) names the same strategy, so it is added once.
  const id = ctx.idempotencyKey ? uuidFromKey(`${ctx.identity.platform}:${ctx.idempotencyKey}`) : deps.ids.uuid();
  const created = await deps.db.transaction(async (tx) => {
    if (!(await lockUser(tx, ctx.user.id))) throw new AppError('NOT_LINKED');
    const existing = await findStrategiesByIdPrefix(tx, ctx.user.id, id);
    if (existing[0]) return false;
    if ((await countStrategiesOf(tx, ctx.user.id)) >= max) throw new AppError('STRATEGY_LIMIT', { max });
    await insertStrategy(tx, { id, userId: ctx.user.id, accountId: account.id, spec, enabled: true, state: initialEnvelope(spec.kind), nowMs: deps.clock.now() });
    return true;
  });
  const row = (await findStrategiesByIdPrefix(deps.db, ctx.user.id, id))[0]!;
  if (!created) return answer(deps, ctx.user, row, row.enabled);
  if (await acquire(deps, id, spec.symbol)) return answer(deps, ctx.user, row, true);
  const off = await setStrategyEnabled(deps.db, id, false, undefined, deps.clock.now());
  return answer(deps, ctx.user, off ?? row, false);
}

function seqOf(state: unknown): number {
  const seq = (state as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : 0;
}

/** Asks for the symbol's real-time quotes; true when core has no subscription port (every quote arrives). */
async function acquire(deps: StrategyRunnerDeps, id: string, symbol: string): Promise<boolean> {
  return deps.subscriptions ? deps.subscriptions.acquire(subscriptionOwner(id), symbol) : true;
}

async function findOne(deps: StrategyRunnerDeps, userId: string, prefix: string): Promise<StrategyRow> {
  const rows = await findStrategiesByIdPrefix(deps.db, userId, prefix);
  if (rows.length === 0) throw new AppError('STRATEGY_NOT_FOUND', { id: prefix });
  if (rows.length > 1) throw new AppError('STRATEGY_ID_AMBIGUOUS', { id: prefix });
  return rows[0]!;
}

async function answer(deps: StrategyRunnerDeps, user: UserRow, changed: StrategyRow | null, streaming: boolean | null): Promise<Output> {
  const rows = await listStrategiesOf(deps.db, user.id);
  const views = rows.map((row) => viewOf(deps, row)).filter((v): v is StrategyView => v !== null);
  return {
    changed: changed ? viewOf(deps, changed) : null,
    streaming,
    strategies: views,
    strategiesMax: deps.config.tierLimits[user.tier].strategiesMax,
  };
}

function viewOf(deps: StrategyRunnerDeps, row: StrategyRow): StrategyView | null {
  const spec = specOfRow(row);
  if (!spec) return null;
  return {
    id: row.id, shortId: shortOrderId(row.id), enabled: row.enabled, createdAt: row.created_at.getTime(), spec,
    symbolName: deps.symbols.byCodeOrNull(row.symbol)?.nameKo ?? row.symbol,
  };
}

/** A stable uuid (version 5 layout) from a delivery key, so a redelivery finds the strategy it created. */
function uuidFromKey(key: string): string {
  const hex = createHash('sha256').update(`strategy:${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

import type { CoreCommandInput, CoreCommandOutput, Quote } from '@tradedesk/contracts';
import { alertPriceRangeKrw, isBeyond } from '../alerts/alert-rules.js';
import type { AlertService } from '../alerts/alert-service.js';
import { toAlertView } from '../alerts/alert-views.js';
import {
  countArmedAlerts, deleteAlert, findAlertByIdempotencyKey, findUserAlertsByPrefix, insertAlert, listUserAlerts,
  lockUserAlerts, pruneTriggeredAlerts, type AlertRow,
} from '../alerts/alerts-store.js';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { getQuote } from '../market/get-quote.js';
import { resolveSymbol } from './resolve-symbol.js';

type Input = CoreCommandInput<'alert'>;
type Output = CoreCommandOutput<'alert'>;
type AddInput = Extract<Input, { action: 'add' }>;

/** Fired one-shot alerts stay in `alert list` this long, then go. */
const TRIGGERED_KEPT_MS = 7 * 24 * 60 * 60_000;

/** `alert add | list | remove`: price alerts of the calling user. */
export async function alert(deps: CoreDeps, ctx: UserCommandContext, input: Input): Promise<Output> {
  const alerts = deps.alerts;
  if (!alerts) throw new AppError('NOT_AVAILABLE_YET', { command: 'alert' });
  if (input.action === 'add') return addAlert(deps, alerts, ctx, input);
  if (input.action === 'list') {
    const rows = await listUserAlerts(deps.db, ctx.user.id);
    return { action: 'list', alerts: rows.map((row) => view(deps, alerts, row)), armedMax: deps.config.tierLimits[ctx.user.tier].alertsMax };
  }
  const matches = await findUserAlertsByPrefix(deps.db, ctx.user.id, input.id.toLowerCase());
  if (matches.length === 0) throw new AppError('ALERT_NOT_FOUND', { id: input.id });
  if (matches.length > 1) throw new AppError('ALERT_ID_AMBIGUOUS', { id: input.id });
  const row = matches[0]!;
  const shown = view(deps, alerts, row);
  await deleteAlert(deps.db, ctx.user.id, row.id);
  alerts.disarm(row.id, row.symbol);
  return { action: 'remove', alert: shown };
}

/**
 * Saves and arms an alert. A fixed level must lie within a fifth and five times the last price
 * when one is known (not on the tick grid: it is a level, not an order). The tier's limit counts
 * armed alerts, under a lock on the user so two adds at once cannot both take the last place. A
 * redelivered command (same idempotency key) answers with the alert it made the first time.
 */
async function addAlert(deps: CoreDeps, alerts: AlertService, ctx: UserCommandContext, input: AddInput): Promise<Output> {
  const symbol = resolveSymbol(deps, input.symbol);
  const quote = await currentQuote(deps, alerts, symbol.code);
  const lastKrw = alerts.book.lastPriceKrw(symbol.code) ?? quote?.lastKrw ?? null;
  if (input.target.kind === 'price' && lastKrw !== null) {
    const { minKrw, maxKrw } = alertPriceRangeKrw(lastKrw);
    if (input.target.priceKrw < minKrw || input.target.priceKrw > maxKrw) {
      throw new AppError('ALERT_PRICE_OUT_OF_RANGE', { priceKrw: input.target.priceKrw, lastKrw, minKrw, maxKrw });
    }
  }
  const armedMax = deps.config.tierLimits[ctx.user.tier].alertsMax;
  const repeat = input.repeat ?? false;
  const nowMs = deps.clock.now();
  const { row, created, armedCount } = await deps.db.transaction(async (tx) => {
    await lockUserAlerts(tx, ctx.user.id);
    const existing = ctx.idempotencyKey ? await findAlertByIdempotencyKey(tx, ctx.user.id, ctx.idempotencyKey) : null;
    if (existing) return { row: existing, created: false, armedCount: await countArmedAlerts(tx, ctx.user.id) };
    await pruneTriggeredAlerts(tx, ctx.user.id, nowMs - TRIGGERED_KEPT_MS);
    const armed = await countArmedAlerts(tx, ctx.user.id);
    if (armed >= armedMax) throw new AppError('ALERTS_LIMIT', { limit: armedMax, tier: ctx.user.tier });
    const inserted = await insertAlert(tx, {
      userId: ctx.user.id, symbol: symbol.code, direction: input.direction,
      priceKrw: input.target.kind === 'price' ? input.target.priceKrw : null,
      percentBp: input.target.kind === 'percent' ? input.target.percentBp : null,
      repeat, cooldownSec: repeat ? input.cooldownSec ?? 0 : 0, idempotencyKey: ctx.idempotencyKey ?? null, nowMs,
    });
    return { row: inserted, created: true, armedCount: armed + 1 };
  });
  if (created) await alerts.arm(row);
  // After arming, so the book tracks the symbol; a first price crosses nothing.
  if (quote) alerts.book.onQuote(quote);
  const shown = view(deps, alerts, row);
  const alreadyBeyond = lastKrw !== null && shown.thresholdKrw !== null && isBeyond(row.direction, lastKrw, shown.thresholdKrw);
  return { action: 'add', alert: shown, lastKrw, alreadyBeyond, armedCount, armedMax };
}

/**
 * The symbol's quote when the book has not evaluated one yet: asked of the bridge (or today's
 * cached one), to check the level and to give the book the real price and previous close. None
 * (bridge down, nothing cached) is fine: the first streamed quote does it.
 */
async function currentQuote(deps: CoreDeps, alerts: AlertService, code: string): Promise<Quote | null> {
  if (alerts.book.lastPriceKrw(code) !== null) return null;
  try {
    return await getQuote(deps, code);
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

function view(deps: CoreDeps, alerts: AlertService, row: AlertRow) {
  return toAlertView(row, deps.symbols, { thresholdKrw: alerts.book.thresholdOf(row.id), live: alerts.isLive(row.id) });
}

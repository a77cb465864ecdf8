import {
  ALERT_COOLDOWN_SEC_DEFAULT, ALERT_COOLDOWN_SEC_MAX, ALERT_COOLDOWN_SEC_MIN, ALERT_PERCENT_BP_MAX, ALERT_PRICE_KRW_MAX,
  type AlertTarget, type AlertView, type Locale,
} from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, formatKrw, formatKstDateTime, formatPct } from '../i18n/index.js';
import { choiceArg, itemIdArgSchema, symbolArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommandGroup, subcommand } from './define.js';
import { symbolLabel } from './labels.js';
import { errorReply, type ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

/**
 * A level as typed: a price in won (`75000`, `75,000`, `75000원`) or a change from the previous
 * close in percent with at most two decimals (`+3%`, `-5%`, `2.5%`), as basis points. Null: unreadable.
 */
export function parseAlertLevel(raw: string): AlertTarget | null {
  const text = raw.trim();
  const pct = /^([+-]?)(\d{1,2})(?:\.(\d{1,2}))?\s*%$/.exec(text);
  if (pct) {
    const bp = (Number(pct[2]) * 100 + Number((pct[3] ?? '').padEnd(2, '0'))) * (pct[1] === '-' ? -1 : 1);
    return Math.abs(bp) <= ALERT_PERCENT_BP_MAX ? { kind: 'percent', percentBp: bp } : null;
  }
  const price = /^(\d{1,3}(?:,\d{3})+|\d+)\s*원?$/.exec(text);
  if (!price) return null;
  const priceKrw = Number(price[1]!.replaceAll(',', ''));
  return priceKrw >= 1 && priceKrw <= ALERT_PRICE_KRW_MAX ? { kind: 'price', priceKrw } : null;
}

const UNIT_SEC: Record<string, number> = { s: 1, 초: 1, m: 60, 분: 60, h: 3600, 시간: 3600 };

/** A cooldown as typed: `90s`, `10m`, `1h`, `10분`, `1시간`; a bare number is minutes. Null: unreadable or out of bounds. */
export function parseCooldownSec(raw: string): number | null {
  const match = /^(\d{1,5})\s*(s|m|h|초|분|시간)?$/i.exec(raw.trim());
  if (!match) return null;
  const sec = Number(match[1]) * UNIT_SEC[(match[2] ?? 'm').toLowerCase()]!;
  return sec >= ALERT_COOLDOWN_SEC_MIN && sec <= ALERT_COOLDOWN_SEC_MAX ? sec : null;
}

const REPEAT_WORDS = new Set(['repeat', '반복']);

/**
 * What follows the level: nothing (once), `repeat` (default cooldown), `repeat 10m`, or just `10m`
 * (how a platform option arrives). Returns the cooldown, null for once, or the bad token.
 */
function readRepeat(rest: string | undefined): { cooldownSec: number | null } | { bad: string } {
  if (rest === undefined) return { cooldownSec: null };
  const [first, second, ...more] = rest.trim().split(/\s+/);
  if (first === undefined || more.length > 0) return { bad: rest };
  const word = REPEAT_WORDS.has(first.trim().toLowerCase());
  const duration = word ? second : first;
  if (!word && second !== undefined) return { bad: second };
  if (duration === undefined) return { cooldownSec: ALERT_COOLDOWN_SEC_DEFAULT };
  const cooldownSec = parseCooldownSec(duration);
  return cooldownSec === null ? { bad: duration } : { cooldownSec };
}

function cooldownText(locale: Locale, sec: number): string {
  return dict(locale).alerts.duration({ hours: Math.floor(sec / 3600), minutes: Math.floor((sec % 3600) / 60), seconds: sec % 60 });
}

/** `#1a2b3c4d 삼성전자(005930) 75,000원 이상 · 1회 · 켜짐`. */
export function describeAlert(locale: Locale, alert: AlertView): string {
  const a = dict(locale).alerts;
  const name = locale === 'en' && alert.symbol.nameEn ? alert.symbol.nameEn : alert.symbol.nameKo;
  const level = alert.target.kind === 'price'
    ? formatKrw(locale, alert.target.priceKrw)
    : a.percentLevel({ pct: formatPct(alert.target.percentBp / 10_000), level: alert.thresholdKrw === null ? null : formatKrw(locale, alert.thresholdKrw) });
  const parts = [
    `#${alert.shortId} ${symbolLabel(locale, name, alert.symbol.code)} ${a.condition({ direction: alert.direction, level })}`,
    alert.repeat ? a.repeatEvery({ cooldown: cooldownText(locale, alert.cooldownSec) }) : a.oneShot(),
    a.state[alert.state],
  ];
  if (alert.lastTriggeredAt !== null) parts.push(a.lastTriggered({ at: formatKstDateTime(locale, alert.lastTriggeredAt) }));
  return parts.join(' · ') + (alert.state === 'armed' && !alert.live ? `\n${a.notLive()}` : '');
}

const addArgs = z.object({
  symbol: symbolArgSchema,
  direction: choiceArg(['above', 'below'] as const, 'directionInvalid'),
  level: z.string(),
  repeat: z.string().optional(),
});
type AddArgs = z.infer<typeof addArgs>;

async function addAlert(ctx: CommandContext, args: AddArgs): Promise<ChatReply> {
  const a = dict(ctx.locale).alerts;
  const target = parseAlertLevel(args.level);
  if (!target) return errorReply(a.levelInvalid({ value: args.level }));
  const repeat = readRepeat(args.repeat);
  if ('bad' in repeat) return errorReply(a.repeatInvalid({ value: repeat.bad }));
  const resolved = await resolveSymbol(ctx, args.symbol, (c, code) => addAlert(c, { ...args, symbol: { code } }));
  if (!resolved.ok) return resolved.reply;
  const output = await ctx.core.command('alert', {
    identity: ctx.identity, idempotencyKey: ctx.idempotencyKey,
    input: {
      action: 'add', symbol: resolved.code, direction: args.direction, target,
      ...(repeat.cooldownSec === null ? {} : { repeat: true, cooldownSec: repeat.cooldownSec }),
    },
  });
  if (output.action !== 'add') throw new Error('core answered alert add with another action');
  const lines = [describeAlert(ctx.locale, output.alert)];
  if (output.alreadyBeyond && output.lastKrw !== null) lines.push(a.alreadyBeyond({ last: formatKrw(ctx.locale, output.lastKrw) }));
  lines.push(a.armedCount({ count: output.armedCount, max: output.armedMax }));
  return { title: a.addedTitle(), text: lines.join('\n'), tone: output.alert.live ? 'success' : 'info' };
}

async function listAlerts(ctx: CommandContext): Promise<ChatReply> {
  const a = dict(ctx.locale).alerts;
  const output = await ctx.core.command('alert', { identity: ctx.identity, input: { action: 'list' } });
  if (output.action !== 'list') throw new Error('core answered alert list with another action');
  const armed = output.alerts.filter((x) => x.state === 'armed').length;
  const title = a.listTitle({ count: armed, max: output.armedMax });
  if (output.alerts.length === 0) return { title, text: a.listEmpty(), tone: 'info' };
  return { title, text: output.alerts.map((x) => describeAlert(ctx.locale, x)).join('\n'), tone: 'info' };
}

async function removeAlert(ctx: CommandContext, id: string): Promise<ChatReply> {
  const output = await ctx.core.command('alert', { identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: { action: 'remove', id } });
  if (output.action !== 'remove') throw new Error('core answered alert remove with another action');
  return { title: dict(ctx.locale).alerts.removedTitle(), text: describeAlert(ctx.locale, output.alert), tone: 'success' };
}

/**
 * `/alert add SYMBOL above|below PRICE|±PCT% [repeat [10m]]`, `/alert list`, `/alert remove ID`.
 * The level and the repeat interval are read here (a bad one is answered without calling core);
 * a name is resolved to a code first, offering choices when it is ambiguous.
 */
export const alertCommand = defineCommandGroup({
  name: 'alert',
  subcommands: {
    add: subcommand({ params: ['symbol', 'direction', 'level', 'repeat'], required: 3, joinRest: true, write: true, schema: addArgs, handle: addAlert }),
    list: subcommand({ params: [], required: 0, schema: z.object({}), handle: listAlerts }),
    remove: subcommand({
      params: ['id'], required: 1, write: true, schema: z.object({ id: itemIdArgSchema }), handle: (ctx, a) => removeAlert(ctx, a.id),
    }),
  },
});

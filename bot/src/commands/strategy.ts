import {
  strategySpecSchema, type CoreCommandInput, type CoreCommandOutput, type Locale, type Notification, type StrategyKind,
  type StrategySize, type StrategySpec, type StrategyView,
} from '@tradedesk/contracts';
import { z } from 'zod';
import type { StrategyParamsText, StrategyReasonText, StrategyType } from '../i18n/dictionary.js';
import { dict, errorText, formatKrw, formatQty } from '../i18n/index.js';
import { choiceArg, itemIdArgSchema, symbolArgSchema, type SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommandGroup, subcommand, type ArgsSpec } from './define.js';
import { accountTitle, symbolLabel } from './labels.js';
import { errorReply, type ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

/** The strategy types as people type them; `band` is core's `price_band`. */
export const STRATEGY_TYPES = ['band', 'ma_cross', 'rsi', 'trailing_stop', 'dca'] as const satisfies readonly StrategyType[];
const KIND_OF: Record<StrategyType, StrategyKind> = { band: 'price_band', ma_cross: 'ma_cross', rsi: 'rsi', trailing_stop: 'trailing_stop', dca: 'dca' };
const TYPE_OF: Record<StrategyKind, StrategyType> = { price_band: 'band', ma_cross: 'ma_cross', rsi: 'rsi', trailing_stop: 'trailing_stop', dca: 'dca' };

type Output = CoreCommandOutput<'strategy'>;
type ChangeAction = 'add' | 'enable' | 'disable' | 'remove';

/** `1,000`, `1000`: digits with thousands commas; null for anything else. */
function wholeNumber(text: string): number | null {
  if (!/^(\d{1,3}(,\d{3})+|\d+)$/.test(text)) return null;
  const value = Number(text.replaceAll(',', ''));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * SIZE: shares (`10`, `10주`) or a KRW amount (`500000원`, `500,000won`, `₩500000`, `500000krw`).
 * The range checks are the contract's, applied when the whole spec is parsed.
 */
export function parseSize(raw: string): StrategySize | null {
  const text = raw.trim().toLowerCase();
  const amount = /^(?:₩|krw)?\s*([\d,]+)\s*(?:원|won|krw)?$/.exec(text);
  if (amount && (/^(₩|krw)/.test(text) || /(원|won|krw)$/.test(text))) {
    const amountKrw = wholeNumber(amount[1]!);
    return amountKrw === null ? null : { amountKrw };
  }
  const shares = /^([\d,]+)\s*주?$/.exec(text);
  const qtyShares = shares ? wholeNumber(shares[1]!) : null;
  return qtyShares === null ? null : { qtyShares };
}

/** `5`, `5%`, `2.5%` → basis points. */
function percentBps(text: string): number | null {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?%?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** `09:30` → minute of the day; `30m`, `30분`, `30min` → an interval. */
function dcaSchedule(text: string): { every: 'day'; atMinuteKst: number } | { every: 'minutes'; minutes: number } | null {
  const time = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (time) return { every: 'day', atMinuteKst: Number(time[1]) * 60 + Number(time[2]) };
  const interval = /^(\d{1,3})\s*(?:m|min|분)$/i.exec(text);
  return interval ? { every: 'minutes', minutes: Number(interval[1]) } : null;
}

/**
 * SETTINGS per type (tokens after SIZE), as the grammar in the dictionary documents them:
 * band BUY SELL · ma_cross [SHORT LONG] (5 20) · rsi [PERIOD BUY SELL] (14 30 70) · trailing_stop
 * PERCENT · dca HH:MM|Nm. Returns the kind's params, unchecked (the contract's schema checks them).
 */
export function parseSettings(type: StrategyType, tokens: readonly string[]): unknown {
  const ints = tokens.map((t) => wholeNumber(t.replace(/원$/, '')));
  if (ints.some((v) => v === null) && type !== 'trailing_stop' && type !== 'dca') return null;
  switch (type) {
    case 'band':
      return tokens.length === 2 ? { buyAtOrBelowKrw: ints[0], sellAtOrAboveKrw: ints[1] } : null;
    case 'ma_cross':
      if (tokens.length === 0) return { shortPeriod: 5, longPeriod: 20 };
      return tokens.length === 2 ? { shortPeriod: ints[0], longPeriod: ints[1] } : null;
    case 'rsi':
      if (tokens.length === 0) return { period: 14, buyBelow: 30, sellAbove: 70 };
      return tokens.length === 3 ? { period: ints[0], buyBelow: ints[1], sellAbove: ints[2] } : null;
    case 'trailing_stop': {
      const trailBps = tokens.length === 1 ? percentBps(tokens[0]!) : null;
      return trailBps === null ? null : { trailBps };
    }
    case 'dca': {
      const schedule = tokens.length === 1 ? dcaSchedule(tokens[0]!) : null;
      return schedule === null ? null : { schedule };
    }
  }
}

async function callStrategy(ctx: CommandContext, input: CoreCommandInput<'strategy'>): Promise<Output> {
  const write = input.action !== 'list';
  return ctx.core.command('strategy', { identity: ctx.identity, ...(write ? { idempotencyKey: ctx.idempotencyKey } : {}), input });
}

/** `/strategy add` alone (or incomplete): the grammar of every type. */
function grammarReply(locale: Locale): ChatReply {
  const s = dict(locale).strategies;
  return { title: s.grammarTitle(), text: [...STRATEGY_TYPES.map((type) => s.grammar[type]), '', s.grammarSizeHint()].join('\n'), tone: 'info' };
}

const addArgs = z.object({
  type: choiceArg(STRATEGY_TYPES, 'strategyTypeInvalid').optional(),
  symbol: symbolArgSchema.optional(),
  size: z.string().optional(),
  params: z.string().optional(),
});
type AddArgs = z.infer<typeof addArgs>;

async function addStrategy(ctx: CommandContext, args: AddArgs): Promise<ChatReply> {
  const s = dict(ctx.locale).strategies;
  if (!args.type || !args.symbol || args.size === undefined) return grammarReply(ctx.locale);
  const type = args.type;
  const size = parseSize(args.size);
  if (!size) return errorReply(s.sizeInvalid({ value: args.size }));
  if (type === 'dca' && !('amountKrw' in size)) return errorReply(s.dcaNeedsAmount());
  const params = parseSettings(type, (args.params ?? '').split(/\s+/).filter((t) => t.length > 0));
  // The contract's own schema, with a placeholder code: the symbol is resolved only for a valid spec.
  const checked = strategySpecSchema.safeParse({ kind: KIND_OF[type], symbol: '000000', size, params });
  if (!checked.success) return errorReply(s.paramsInvalid({ type }));
  return addResolved(ctx, checked.data, args.symbol);
}

async function addResolved(ctx: CommandContext, spec: StrategySpec, symbol: SymbolArg): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, symbol, (c, code) => addResolved(c, spec, { code }));
  if (!resolved.ok) return resolved.reply;
  return describeChange(ctx.locale, 'add', await callStrategy(ctx, { action: 'add', spec: { ...spec, symbol: resolved.code } }));
}

function byId(action: 'enable' | 'disable' | 'remove'): ArgsSpec<unknown> {
  return subcommand({
    params: ['id'], required: 1, write: true, schema: z.object({ id: itemIdArgSchema }),
    handle: async (ctx, a) => describeChange(ctx.locale, action, await callStrategy(ctx, { action, id: a.id.toLowerCase() })),
  });
}

function sizeText(locale: Locale, size: StrategySize): string {
  return 'qtyShares' in size ? formatQty(locale, size.qtyShares) : formatKrw(locale, size.amountKrw);
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const percentText = (bps: number) => `${bps / 100}%`;

function paramsText(locale: Locale, spec: StrategySpec): StrategyParamsText {
  switch (spec.kind) {
    case 'price_band': return { type: 'band', buy: formatKrw(locale, spec.params.buyAtOrBelowKrw), sell: formatKrw(locale, spec.params.sellAtOrAboveKrw) };
    case 'ma_cross': return { type: 'ma_cross', short: spec.params.shortPeriod, long: spec.params.longPeriod };
    case 'rsi': return { type: 'rsi', ...spec.params };
    case 'trailing_stop': return { type: 'trailing_stop', percent: percentText(spec.params.trailBps) };
    case 'dca': {
      const schedule = spec.params.schedule;
      return { type: 'dca', daily: schedule.every === 'day' ? hhmm(schedule.atMinuteKst) : null, everyMinutes: schedule.every === 'minutes' ? schedule.minutes : null };
    }
  }
}

/** `#1a2b3c4d 켜짐 · 가격 밴드 · 삼성전자(005930) 10주 · 68,000원 이하 매수 · 75,000원 이상 매도`. */
export function describeStrategy(locale: Locale, view: StrategyView): string {
  const s = dict(locale).strategies;
  return [
    `#${view.shortId} ${s.enabled({ enabled: view.enabled })}`,
    s.typeName[TYPE_OF[view.spec.kind]],
    `${symbolLabel(locale, view.symbolName, view.spec.symbol)} ${sizeText(locale, view.spec.size)}`,
    s.params(paramsText(locale, view.spec)),
  ].join(' · ');
}

function describeList(locale: Locale, output: Output): ChatReply {
  const s = dict(locale).strategies;
  const lines = output.strategies.map((v) => describeStrategy(locale, v));
  return {
    title: s.listTitle({ count: output.strategies.length, max: output.strategiesMax }),
    text: lines.length > 0 ? lines.join('\n') : s.listEmpty(),
    tone: 'info',
  };
}

function describeChange(locale: Locale, action: ChangeAction, output: Output): ChatReply {
  const s = dict(locale).strategies;
  const lines = output.changed ? [describeStrategy(locale, output.changed)] : [];
  if (output.streaming === false) lines.push(s.notStreamed());
  lines.push(s.listTitle({ count: output.strategies.length, max: output.strategiesMax }));
  return {
    title: output.streaming === false ? s.changedTitle({ action: 'disable' }) : s.changedTitle({ action }),
    text: lines.join('\n'),
    tone: output.streaming === false ? 'error' : 'success',
  };
}

/** A `strategy_action` reason in words, from its code and numbers. */
function reasonText(locale: Locale, reason: { code: StrategyReasonText['code']; params: Record<string, number> }): StrategyReasonText {
  const p = (key: string) => reason.params[key] ?? 0;
  const krw = (key: string) => formatKrw(locale, p(key));
  switch (reason.code) {
    case 'band_buy':
    case 'band_sell':
      return { code: reason.code, price: krw('priceKrw'), level: krw('levelKrw') };
    case 'ma_golden_cross':
    case 'ma_dead_cross':
      return { code: reason.code, short: p('shortPeriod'), long: p('longPeriod'), shortMa: krw('shortMaKrw'), longMa: krw('longMaKrw') };
    case 'rsi_oversold':
    case 'rsi_overbought':
      return { code: reason.code, period: p('period'), rsi: (p('rsiX100') / 100).toFixed(2), threshold: p('thresholdPct') };
    case 'trailing_stop':
      return { code: reason.code, high: krw('highKrw'), stop: krw('stopKrw'), price: krw('priceKrw'), percent: percentText(p('trailBps')) };
    case 'dca_daily':
      return { code: reason.code, time: hhmm(p('atMinuteKst')), amount: krw('amountKrw') };
    case 'dca_interval':
      return { code: reason.code, minutes: p('minutes'), amount: krw('amountKrw') };
  }
}

/** The strategy_action notification: what the strategy did (or was refused), why, and the order. */
export function renderStrategyAction(notification: Notification & { payload: { kind: 'strategy_action' } }): ChatReply {
  const { locale, payload } = notification;
  const d = dict(locale);
  const s = d.strategies;
  const refused = payload.refusal !== null;
  const lines = [
    `${s.typeName[TYPE_OF[payload.strategyKind]]} #${payload.shortId} · ${d.side[payload.side]} ${symbolLabel(locale, payload.name, payload.symbol)} ${formatQty(locale, payload.qtyShares)}`,
    s.reason(reasonText(locale, payload.reason)),
    payload.refusal
      ? s.refused({ error: errorText(locale, payload.refusal.code, payload.refusal.params) })
      : s.orderPlaced({ orderId: payload.orderShortId ?? '?', urgent: payload.urgent }),
  ];
  return {
    title: accountTitle(locale, notification.accountKind, s.actionTitle({ side: d.side[payload.side], refused })),
    text: lines.join('\n'),
    tone: refused ? 'error' : 'info',
  };
}

/**
 * `/strategy list | add TYPE SYMBOL SIZE [SETTINGS] | enable ID | disable ID | remove ID`.
 * `/strategy add` alone answers with the grammar of every type; settings are checked here against
 * the contract's schema before core is asked, and again by core.
 */
export const strategyCommand = defineCommandGroup({
  name: 'strategy',
  subcommands: {
    list: subcommand({ params: [], required: 0, schema: z.object({}), handle: async (ctx) => describeList(ctx.locale, await callStrategy(ctx, { action: 'list' })) }),
    add: subcommand({ params: ['type', 'symbol', 'size', 'params'], required: 0, joinRest: true, write: true, schema: addArgs, handle: addStrategy }),
    enable: byId('enable'),
    disable: byId('disable'),
    remove: byId('remove'),
  },
});

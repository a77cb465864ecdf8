import { bridgeToCoreSchema, dailyLimitsKrw, nearestTicksKrw, snapToTickKrw, type Market, type Quote, type StrategySpec } from '@tradedesk/contracts';
import { PAPER_SYMBOLS } from '@tradedesk/windows-bridge';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { AlertBook, type AlertFire, type BookAlert } from '../src/alerts/alert-book.js';
import { ManualClock } from '../src/adapters/manual-clock.js';
import { BarBuilder } from '../src/market/bar-builder.js';
import { MarketFeed } from '../src/market/market-feed.js';
import { QuoteCache } from '../src/market/quote-cache.js';
import type { SymbolMaster } from '../src/market/symbol-master.js';
import { StrategyEngine, type EngineAction, type LiveStrategy } from '../src/strategies/strategy-engine.js';
import { initialKindState } from '../src/strategies/strategy-kinds.js';
import { mulberry32, streamSeed } from './prng.js';
import { percentile } from './stats.js';

export interface MarketBenchParams {
  seed: number;
  symbolCount: number;
  alertCount: number;
  strategyCount: number;
  /** Simulated market time; ticks are spread evenly over it. */
  durationMs: number;
  /** Ticks per symbol per simulated second. */
  ticksPerSymbolPerSecond: number;
  memorySampleIntervalMs: number;
  /** Pending notifications/orders are taken off the queue this often (the async writer's turn). */
  drainIntervalMs: number;
}

export function defaultMarketBenchParams(seed: number): MarketBenchParams {
  return {
    seed, symbolCount: 100, alertCount: 10_000, strategyCount: 50, durationMs: 10 * 60_000,
    ticksPerSymbolPerSecond: 10, memorySampleIntervalMs: 30_000, drainIntervalMs: 100,
  };
}

/** How a tick enters: already a Quote (feed only), or as the bridge's JSON frame parsed with zod as BridgeConnection does. */
export type TickPath = 'feed' | 'bridge_frame';

export interface MemorySample { virtualMs: number; heapUsedBytes: number; rssBytes: number }

export interface MarketBenchRow {
  path: TickPath;
  ticks: number;
  ticksPerSecond: number;
  tickP50Us: number;
  tickP99Us: number;
  tickMaxUs: number;
  /** Tick start to the alert notification / strategy order being queued, over the ticks that queued one. */
  queued: number;
  queuedP99Us: number | null;
  barsPublished: number;
  alertsFired: number;
  strategyActions: number;
  memory: MemorySample[];
  /** Retained heap (after a full GC) at the end over the same after the first sample interval. */
  heapGrowthRatio: number;
}

export interface MarketBenchReport {
  params: MarketBenchParams;
  consumers: string[];
  rows: MarketBenchRow[];
  goals: { goal: string; measured: string; pass: boolean }[];
  runtimeMs: number;
}

interface BenchSymbol { code: string; market: Market; priceKrw: number; prevCloseKrw: number; volumeShares: number }

/** The paper market's 40 symbols first (real reference levels), then more listed KOSPI codes at invented levels. */
function pickSymbols(master: SymbolMaster, count: number, random: () => number): BenchSymbol[] {
  const picked: BenchSymbol[] = PAPER_SYMBOLS.slice(0, count).map((s) => ({
    code: s.code, market: s.market, priceKrw: s.referencePriceKrw, prevCloseKrw: s.referencePriceKrw, volumeShares: 0,
  }));
  const taken = new Set(picked.map((s) => s.code));
  for (const info of master.list()) {
    if (picked.length >= count) break;
    if (info.market !== 'KOSPI' || taken.has(info.code)) continue;
    const level = snapToTickKrw(5_000 + Math.floor(random() * 200_000), 'KOSPI', 'floor');
    picked.push({ code: info.code, market: 'KOSPI', priceKrw: level, prevCloseKrw: level, volumeShares: 0 });
    taken.add(info.code);
  }
  return picked;
}

/** One tick: a step of -1, 0 or +1 tick size, leaning back towards the previous close, inside the limits. */
function nextQuote(s: BenchSymbol, random: () => number, atMs: number): Quote {
  const r = random();
  const lean = (s.priceKrw - s.prevCloseKrw) / s.prevCloseKrw;
  const { belowKrw, aboveKrw } = nearestTicksKrw(s.priceKrw, s.market);
  if (r < 0.4 + lean) s.priceKrw = belowKrw < s.priceKrw ? belowKrw : nearestTicksKrw(s.priceKrw - 1, s.market).belowKrw;
  else if (r < 0.8) s.priceKrw = aboveKrw > s.priceKrw ? aboveKrw : nearestTicksKrw(s.priceKrw + 1, s.market).aboveKrw;
  const { upperKrw, lowerKrw } = dailyLimitsKrw(s.prevCloseKrw, s.market);
  s.priceKrw = Math.min(upperKrw, Math.max(lowerKrw, s.priceKrw));
  s.volumeShares += 1 + Math.floor(random() * 500);
  return {
    symbol: s.code, lastKrw: s.priceKrw, prevCloseKrw: s.prevCloseKrw, openKrw: s.prevCloseKrw, highKrw: upperKrw, lowKrw: lowerKrw,
    volumeShares: s.volumeShares, upperLimitKrw: upperKrw, lowerLimitKrw: lowerKrw, at: atMs,
  };
}

function makeAlert(i: number, s: BenchSymbol, random: () => number, priceKrw: number): BookAlert {
  const direction = random() < 0.5 ? 'above' : 'below';
  const percent = random() < 0.1;
  const offset = (random() - 0.5) * 0.02; // within ±1 % of the price: they do fire
  const repeat = random() < 0.2;
  return {
    id: `a${i}`, userId: `u${i % 10}`, symbol: s.code, direction,
    priceKrw: percent ? null : Math.max(1, snapToTickKrw(priceKrw * (1 + offset), s.market, 'floor')),
    percentBp: percent ? Math.round(offset * 10_000) : null,
    repeat, cooldownMs: repeat ? 60_000 : 0, lastTriggeredAtMs: null,
  };
}

function makeStrategy(i: number, s: BenchSymbol): LiveStrategy {
  const p = s.priceKrw;
  const specs: StrategySpec[] = [
    { kind: 'price_band', symbol: s.code, size: { qtyShares: 1 }, params: { buyAtOrBelowKrw: snapToTickKrw(p * 0.998, s.market, 'floor'), sellAtOrAboveKrw: snapToTickKrw(p * 1.002, s.market, 'ceil') } },
    { kind: 'ma_cross', symbol: s.code, size: { qtyShares: 1 }, params: { shortPeriod: 3, longPeriod: 10 } },
    { kind: 'rsi', symbol: s.code, size: { qtyShares: 1 }, params: { period: 14, buyBelow: 30, sellAbove: 70 } },
    { kind: 'trailing_stop', symbol: s.code, size: { qtyShares: 1 }, params: { trailBps: 50 } },
    { kind: 'dca', symbol: s.code, size: { amountKrw: 100_000 }, params: { schedule: { every: 'minutes', minutes: 1 } } },
  ];
  const spec = specs[i % specs.length]!;
  return { id: `s${i}`, userId: `u${i % 10}`, accountId: `acct${i % 10}`, spec, seq: 0, state: initialKindState(spec.kind) };
}

const QUEUE_MAX = 10_000;

/**
 * A full garbage collection before each memory sample, so samples show what is retained rather
 * than where the collector happened to be (the npm script does not pass --expose-gc).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** One run over the simulated period: the real feed, quote cache, bar builder, alert book and strategy engine. */
function runOnce(params: MarketBenchParams, master: SymbolMaster, path: TickPath, now: () => number): MarketBenchRow {
  const random = mulberry32(streamSeed(params.seed, 1));
  const symbols = pickSymbols(master, params.symbolCount, random);
  const bySymbol = new Map(symbols.map((s) => [s.code, s]));
  // 2026-03-02 09:00 KST, a Monday: DCA runs in the continuous session.
  const startMs = Date.UTC(2026, 2, 2, 0, 0, 0);
  const clock = new ManualClock(startMs);
  const feed = new MarketFeed((error) => { throw error; });
  const quotes = new QuoteCache();
  feed.onQuote((q) => quotes.put(q));
  const bars = new BarBuilder({ feed, clock, log: pino({ level: 'silent' }) });
  let barsPublished = 0;
  feed.onBar(() => { barsPublished += 1; });

  // What AlertService and the strategy runner do on the tick path: queue, bounded; writing is asynchronous.
  let tickStartMs = 0;
  let queuedThisTick = false;
  let queuedLatencyMax = 0;
  const notifications: AlertFire[] = [];
  const orders: EngineAction[] = [];
  let alertsFired = 0;
  let strategyActions = 0;
  const onQueued = () => {
    const latency = now() - tickStartMs;
    if (!queuedThisTick || latency > queuedLatencyMax) queuedLatencyMax = latency;
    queuedThisTick = true;
  };
  const book = new AlertBook((fire) => {
    alertsFired += 1;
    if (notifications.length < QUEUE_MAX) notifications.push(fire);
    onQueued();
  });
  for (let i = 0; i < params.alertCount; i += 1) {
    const s = symbols[i % symbols.length]!;
    book.add(makeAlert(i, s, random, s.priceKrw));
  }
  const engine = new StrategyEngine({
    heldShares: () => 100,
    onStateChanged: () => undefined,
    onAction: (action) => {
      strategyActions += 1;
      if (orders.length < QUEUE_MAX) orders.push(action);
      onQueued();
    },
  });
  for (let i = 0; i < params.strategyCount; i += 1) engine.add(makeStrategy(i, symbols[i % symbols.length]!));
  feed.onQuote((q) => book.onQuote(q));
  feed.onQuote((q) => engine.onQuote(q));
  feed.onBar((b) => engine.onBar(b));

  const tickCount = Math.floor((params.durationMs / 1000) * params.ticksPerSymbolPerSecond * symbols.length);
  const stepMs = params.durationMs / tickCount;
  const tickUs = new Float64Array(tickCount);
  const queuedUs = new Float64Array(tickCount);
  let queuedCount = 0;
  let busyMs = 0;
  const memory: MemorySample[] = [];
  let nextSampleMs = 0;
  let nextDrainMs = 0;
  let nextFlushMs = 0;
  for (let i = 0; i < tickCount; i += 1) {
    const virtualMs = Math.floor(i * stepMs);
    const atMs = startMs + virtualMs;
    if (virtualMs >= nextDrainMs) {
      // The writers' turn: queued notifications and orders leave; fired one-shot alerts are armed again (10,000 stay armed).
      for (const fire of notifications) {
        if (!fire.alert.repeat) book.add(makeAlert(Number(fire.alert.id.slice(1)), bySymbol.get(fire.alert.symbol)!, random, fire.priceKrw));
      }
      notifications.length = 0;
      orders.length = 0;
      nextDrainMs += params.drainIntervalMs;
    }
    if (virtualMs >= nextFlushMs) {
      clock.set(atMs);
      bars.flushDue(atMs);
      nextFlushMs += 1_000;
    }
    if (virtualMs >= nextSampleMs) {
      collectGarbage();
      const m = process.memoryUsage();
      memory.push({ virtualMs, heapUsedBytes: m.heapUsed, rssBytes: m.rss });
      nextSampleMs += params.memorySampleIntervalMs;
    }
    const quote = nextQuote(symbols[i % symbols.length]!, random, atMs);
    const frame = path === 'bridge_frame' ? JSON.stringify({ v: 1, msgId: `q${i}`, sentAt: atMs, type: 'quote', quote }) : '';
    queuedThisTick = false;
    tickStartMs = now();
    if (path === 'bridge_frame') {
      const parsed = bridgeToCoreSchema.parse(JSON.parse(frame));
      if (parsed.type === 'quote') feed.publishQuote(parsed.quote);
    } else {
      feed.publishQuote(quote);
    }
    const elapsed = now() - tickStartMs;
    busyMs += elapsed;
    tickUs[i] = elapsed * 1000;
    if (queuedThisTick) queuedUs[queuedCount++] = queuedLatencyMax * 1000;
  }
  collectGarbage();
  const m = process.memoryUsage();
  memory.push({ virtualMs: params.durationMs, heapUsedBytes: m.heapUsed, rssBytes: m.rss });

  const sortedTicks = Array.from(tickUs).sort((a, b) => a - b);
  const sortedQueued = Array.from(queuedUs.subarray(0, queuedCount)).sort((a, b) => a - b);
  // From the sample after the first simulated interval (state built, code warm) to the end.
  const early = memory[Math.min(1, memory.length - 1)]!.heapUsedBytes;
  const late = memory.at(-1)!.heapUsedBytes;
  return {
    path, ticks: tickCount, ticksPerSecond: Math.round(tickCount / (busyMs / 1000)),
    tickP50Us: percentile(sortedTicks, 50)!, tickP99Us: percentile(sortedTicks, 99)!, tickMaxUs: sortedTicks.at(-1)!,
    queued: queuedCount, queuedP99Us: percentile(sortedQueued, 99), barsPublished, alertsFired, strategyActions,
    memory, heapGrowthRatio: late / early,
  };
}

export function runMarketBench(params: MarketBenchParams, master: SymbolMaster, now: () => number): MarketBenchReport {
  const started = now();
  const rows = (['feed', 'bridge_frame'] as const).map((path) => runOnce(params, master, path, now));
  const real = rows.find((r) => r.path === 'bridge_frame')!;
  const goals = [
    { goal: '≥ 50,000 ticks/s through core (bridge frame path)', measured: `${real.ticksPerSecond.toLocaleString('en-US')} ticks/s`, pass: real.ticksPerSecond >= 50_000 },
    { goal: 'p99 tick → notification queued < 5 ms', measured: `${((real.queuedP99Us ?? 0) / 1000).toFixed(3)} ms over ${real.queued} ticks`, pass: (real.queuedP99Us ?? Infinity) < 5_000 },
    { goal: 'memory flat (retained heapUsed at the end ≤ 1.1 × after the first sample interval)', measured: `× ${real.heapGrowthRatio.toFixed(3)}`, pass: real.heapGrowthRatio <= 1.1 },
  ];
  return {
    params, consumers: ['quote cache', 'bar builder', 'alert book (core/src/alerts)', 'strategy engine (core/src/strategies)'],
    rows, goals, runtimeMs: now() - started,
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const us = (v: number | null) => (v === null ? '-' : v.toFixed(1));

export function formatMarketReport(report: MarketBenchReport): string {
  const p = report.params;
  const lines = [
    `${p.symbolCount} symbols × ${p.ticksPerSymbolPerSecond} ticks/s over ${p.durationMs / 60_000} simulated minutes (run as fast as possible), ` +
      `${p.alertCount.toLocaleString('en-US')} alerts, ${p.strategyCount} strategies, seed ${p.seed}. Consumers: ${report.consumers.join(', ')}. ` +
      'Times per tick in µs, measured around the tick\'s way through core; memory sampled after a full GC every ' + `${p.memorySampleIntervalMs / 1000} simulated s.`,
    '',
    '| tick path | ticks | ticks/s | p50 µs | p99 µs | max µs | ticks that queued | p99 tick→queued µs | bars | alerts fired | strategy actions | heapUsed MB (first → last, max) | rss MB (first → last, max) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...report.rows.map((r) => {
      const heap = r.memory.map((s) => s.heapUsedBytes);
      const rss = r.memory.map((s) => s.rssBytes);
      return `| ${r.path} | ${r.ticks.toLocaleString('en-US')} | ${r.ticksPerSecond.toLocaleString('en-US')} | ${us(r.tickP50Us)} | ${us(r.tickP99Us)} | ${us(r.tickMaxUs)} | ` +
        `${r.queued.toLocaleString('en-US')} | ${us(r.queuedP99Us)} | ${r.barsPublished.toLocaleString('en-US')} | ${r.alertsFired.toLocaleString('en-US')} | ${r.strategyActions.toLocaleString('en-US')} | ` +
        `${mb(heap[0]!)} → ${mb(heap.at(-1)!)}, ${mb(Math.max(...heap))} | ${mb(rss[0]!)} → ${mb(rss.at(-1)!)}, ${mb(Math.max(...rss))} |`;
    }),
    '',
    'Goals:',
    ...report.goals.map((g) => `- ${g.pass ? 'PASS' : 'FAIL'} ${g.goal}: measured ${g.measured}`),
  ];
  return lines.join('\n');
}

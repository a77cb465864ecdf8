import type { NotificationPayload } from '@tradedesk/contracts';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { parseCoreConfig } from '../../src/config.js';
import { CoreSignals } from '../../src/deps.js';
import { QuoteCache } from '../../src/market/quote-cache.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import type { BrokerGateway } from '../../src/ports/broker-gateway.js';
import type { JobScheduler } from '../../src/schedule/job-scheduler.js';
import { ScheduledMessages, type ScheduleDeps } from '../../src/schedule/scheduled-messages.js';
import { changeNotificationPrefs } from '../../src/store/notification-prefs-store.js';
import { insertChatLink } from '../../src/store/link-store.js';
import { insertUserWithPaperAccount } from '../../src/store/users-store.js';
import { openTestDb, testBackends, type TestDb } from '../support/test-db.js';

const symbols = SymbolMaster.fromCsvFile();
/** An instant at KST wall-clock time on a date (KST is UTC+9 all year). */
const kst = (day: string, hh: number, mm: number) => Date.parse(`${day}T00:00:00Z`) - 9 * 3_600_000 + (hh * 60 + mm) * 60_000;
const FRIDAY = '2026-11-20';

/** The scheduler seam as tests drive it: records what core asked for; the test fires it. */
class HandJobs implements JobScheduler {
  readonly daily_ = new Map<string, { minuteOfDay: number; fn: () => void }>();
  readonly once_ = new Map<string, { atMs: number; fn: () => void }>();
  daily(name: string, minuteOfDay: number, fn: () => void) { this.daily_.set(name, { minuteOfDay, fn }); }
  once(name: string, atMs: number, fn: () => void) { this.once_.set(name, { atMs, fn }); }
  nextRunMs(name: string) { return this.once_.get(name)?.atMs ?? null; }
  cancelAll() { this.daily_.clear(); this.once_.clear(); }
}

describe.each(testBackends())('scheduled messages on %s', (backend) => {
  let testDb: TestDb;
  let clock: ManualClock;
  let deps: ScheduleDeps;
  let userId: string;
  let accountId: string;

  const service = (jobs: JobScheduler = new HandJobs()) => new ScheduledMessages(deps, jobs);
  const notifications = async (kind: string) => testDb.db.query<{ payload: NotificationPayload; user_id: string; silent: boolean }>(
    'select payload, user_id, silent from notifications where kind = $1 order by created_at', [kind],
  );
  const clearRuns = async () => {
    await testDb.db.query('delete from notifications');
    await testDb.db.query('delete from scheduled_runs');
  };
  const runs = () => testDb.db.query<{ kind: string; late: boolean; recipients: number }>('select kind, late, recipients from scheduled_runs order by kind');

  const seedUser = async (name: string, withHolding: boolean) => {
    const ids = { id: crypto.randomUUID(), accountId: crypto.randomUUID() };
    await testDb.db.transaction(async (tx) => {
      await insertUserWithPaperAccount(tx, { ...ids, name, tier: 'premium', isOperator: false, nowMs: kst('2026-11-01', 12, 0) });
      await insertChatLink(tx, { userId: ids.id, platform: 'console', platformUserId: name, dmChatId: name, nowMs: kst('2026-11-01', 12, 0) });
    });
    if (withHolding) {
      await testDb.db.query(
        'insert into positions (account_id, user_id, symbol, qty_shares, avg_price_krw, realized_pnl_krw) values ($1, $2, $3, 10, 70000, 0)',
        [ids.accountId, ids.id, '005930'],
      );
    }
    return ids;
  };
  const addFill = async (side: 'buy' | 'sell', qty: number, priceKrw: number, atMs: number, costsKrw = 0) => {
    const orderId = crypto.randomUUID();
    await testDb.db.query(
      `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type, qty_shares,
         state, priority, filled_qty_shares, trading_day, created_at, updated_at)
       values ($1, $2, $3, $4, $4, 'h', '005930', $5, 'market', $6, 'filled', 'normal', $6, $7::date, $8, $8)`,
      [orderId, userId, accountId, `c-${orderId}`, side, qty, new Date(atMs + 9 * 3_600_000).toISOString().slice(0, 10), new Date(atMs)],
    );
    await testDb.db.query(
      `insert into fills (order_id, user_id, account_id, broker_fill_id, symbol, side, qty_shares, price_krw, commission_krw, filled_at)
       values ($1, $2, $3, $4, '005930', $5, $6, $7, $8, $9)`,
      [orderId, userId, accountId, `f-${orderId}`, side, qty, priceKrw, costsKrw, new Date(atMs)],
    );
  };

  beforeEach(async () => {
    testDb = await openTestDb(backend);
    clock = new ManualClock(kst(FRIDAY, 8, 0));
    const quotes = new QuoteCache();
    deps = {
      db: testDb.db, clock, symbols, quotes, signals: new CoreSignals(), config: parseCoreConfig({}), log: pino({ level: 'silent' }),
      // The bridge is down: prices come from the same-day quote cache, as in production during an outage.
      broker: { isReady: false } as BrokerGateway,
    };
    ({ id: userId, accountId } = await seedUser('mina', true));
    quotes.put({ symbol: '005930', lastKrw: 72_000, prevCloseKrw: 71_000, openKrw: 71_000, highKrw: 72_500, lowKrw: 70_500, volumeShares: 1_000, upperLimitKrw: 92_300, lowerLimitKrw: 49_700, at: kst(FRIDAY, 8, 0) });
  });
  afterEach(async () => {
    await testDb.dispose();
  });

  it('SCHED-2: sends the pre-open brief once at 08:50 KST, and a restart after it sends nothing again', async () => {
    const jobs = new HandJobs();
    const first = service(jobs);
    await first.start();
    expect(jobs.daily_.get('pre_open_brief')?.minuteOfDay).toBe(8 * 60 + 50);
    expect(jobs.once_.get('pre_open_brief:due')?.atMs).toBe(kst(FRIDAY, 8, 50));
    clock.set(kst(FRIDAY, 8, 50));
    expect(await first.tick('pre_open_brief')).toMatchObject({ outcome: 'sent', late: false, recipients: 1 });
    await first.stop();

    clock.set(kst(FRIDAY, 8, 52));
    const restarted = service();
    const outcomes = await restarted.start();
    expect(outcomes.find((o) => o.kind === 'pre_open_brief')).toMatchObject({ outcome: 'already_sent' });
    expect(await restarted.tick('pre_open_brief')).toMatchObject({ outcome: 'already_sent' });
    const sent = await notifications('pre_open_brief');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({ kind: 'pre_open_brief', brief: { tradingDay: FRIDAY, opensAt: '09:00', positionsTotal: 1, positions: [{ symbol: '005930', lastKrw: 72_000 }] } });
  });

  it('the brief lists strategies on and alerts armed (price and percent levels) read from their tables', async () => {
    await testDb.db.query(
      `insert into price_alerts (user_id, symbol, direction, threshold_krw, percent_bp, state) values
         ($1, '005930', 'above', 80000, null, 'armed'), ($1, '000660', 'below', null, -500, 'armed'), ($1, '005930', 'below', 60000, null, 'triggered')`,
      [userId],
    );
    await testDb.db.query(
      `insert into strategies (user_id, account_id, kind, symbol, enabled) values ($1, $2, 'rsi', '005930', true), ($1, $2, 'dca', '000660', false)`,
      [userId, accountId],
    );
    clock.set(kst(FRIDAY, 8, 50));
    expect(await service().tick('pre_open_brief')).toMatchObject({ outcome: 'sent' });
    const [row] = await notifications('pre_open_brief');
    expect(row!.payload).toMatchObject({
      kind: 'pre_open_brief',
      brief: {
        strategiesTotal: 1, strategies: [{ kind: 'rsi', symbol: '005930', name: '삼성전자' }],
        alertsTotal: 2,
        // Both rows were inserted in one statement (same created_at): their order is not defined.
        alerts: expect.arrayContaining([
          expect.objectContaining({ symbol: '005930', direction: 'above', thresholdKrw: 80_000, percentBp: null }),
          expect.objectContaining({ symbol: '000660', direction: 'below', thresholdKrw: null, percentBp: -500 }),
        ]),
      },
    });
  });

  it('SCHED-2: two cores firing at once send one brief (the claim is in the notifications transaction)', async () => {
    clock.set(kst(FRIDAY, 8, 50));
    const outcomes = await Promise.all([service().tick('pre_open_brief'), service().tick('pre_open_brief')]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already_sent', 'sent']);
    expect(await notifications('pre_open_brief')).toHaveLength(1);
  });

  it('catches up a brief missed while core was down, marked late, until 09:00 and not from 09:00', async () => {
    clock.set(kst(FRIDAY, 8, 59));
    expect((await service().start()).find((o) => o.kind === 'pre_open_brief')).toMatchObject({ outcome: 'sent', late: true });
    expect(await runs()).toEqual([{ kind: 'pre_open_brief', late: true, recipients: 1 }]);

    await clearRuns();
    clock.set(kst(FRIDAY, 9, 0));
    expect((await service().start()).find((o) => o.kind === 'pre_open_brief')).toMatchObject({ outcome: 'past_deadline' });
    expect(await notifications('pre_open_brief')).toHaveLength(0);
  });

  it('catches up a missed close summary until 18:00 the same day and not from 18:00', async () => {
    clock.set(kst(FRIDAY, 17, 59));
    expect(await service().tick('close_summary')).toMatchObject({ outcome: 'sent', late: true });
    await clearRuns();
    clock.set(kst(FRIDAY, 18, 0));
    expect(await service().tick('close_summary')).toMatchObject({ outcome: 'past_deadline' });
    expect(await runs()).toEqual([]);
  });

  it('sends nothing on a weekend or a KRX holiday', async () => {
    clock.set(kst('2026-11-21', 8, 50));
    expect(await service().tick('pre_open_brief')).toMatchObject({ outcome: 'market_closed' });
    clock.set(kst('2026-12-25', 15, 40));
    expect(await service().tick('close_summary')).toMatchObject({ outcome: 'market_closed' });
    expect(await runs()).toEqual([]);
  });

  it('waits for a later close on an operator-shifted session (CSAT: closes 16:30, summary 16:40)', async () => {
    // The migration ships the 2026 CSAT override.
    const jobs = new HandJobs();
    clock.set(kst('2026-11-19', 15, 40));
    expect(await service(jobs).tick('close_summary')).toMatchObject({ outcome: 'waiting' });
    expect(jobs.once_.get('close_summary:due')?.atMs).toBe(kst('2026-11-19', 16, 40));
  });

  it('close summary: the day\'s fills, realized P&L net of costs, unrealized P&L, and a portfolio chart PNG', async () => {
    await addFill('buy', 10, 70_000, kst('2026-11-19', 10, 0));
    await addFill('sell', 4, 71_000, kst(FRIDAY, 10, 0), 500);
    await addFill('buy', 2, 71_500, kst(FRIDAY, 11, 0), 100);
    clock.set(kst(FRIDAY, 15, 40));
    expect(await service().tick('close_summary')).toMatchObject({ outcome: 'sent', late: false, recipients: 1 });
    const [row] = await notifications('close_summary');
    const payload = row!.payload;
    if (payload.kind !== 'close_summary') throw new Error('wrong kind');
    const { report } = payload;
    expect(report.fills.map((f) => [f.side, f.qtyShares, f.priceKrw])).toEqual([['sell', 4, 71_000], ['buy', 2, 71_500]]);
    expect(report.fillsTotal).toBe(2);
    // (71,000 - 70,000) x 4 - 500 sell costs - 100 buy costs.
    expect(report.realizedPnlKrw).toBe(3_400);
    // The seeded position: 10 at 70,000, valued at 72,000.
    expect(report.unrealizedPnlKrw).toBe(20_000);
    const png = Buffer.from(report.chart!.pngBase64, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('respects notify: a user with the close summary off gets none; silent arrives silent; users with nothing to report get none', async () => {
    const { id: quietId } = await seedUser('jun', true);
    const { id: emptyId } = await seedUser('hana', false);
    await changeNotificationPrefs(testDb.db, userId, { mode: { kind: 'close', mode: 'off' } }, clock.now());
    await changeNotificationPrefs(testDb.db, quietId, { mode: { kind: 'close', mode: 'silent' } }, clock.now());
    clock.set(kst(FRIDAY, 15, 40));
    expect(await service().tick('close_summary')).toMatchObject({ outcome: 'sent', recipients: 1 });
    const sent = await notifications('close_summary');
    expect(sent.map((n) => [n.user_id, n.silent])).toEqual([[quietId, true]]);
    expect(sent.some((n) => n.user_id === emptyId)).toBe(false);
  });
});

import { notificationPayloadSchema, type NotificationPayload } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { loadKrxCalendar } from '../calendar/calendar-overrides-store.js';
import type { SessionHours } from '../calendar/krx-sessions.js';
import { kstInstant, kstWallClock } from '../calendar/kst-time.js';
import type { CoreDeps } from '../deps.js';
import { findNotificationPrefs } from '../store/notification-prefs-store.js';
import { insertNotifications } from '../store/notifications-store.js';
import { defaultAccountOf } from '../store/users-store.js';
import { listLinkedUserIds } from './brief-store.js';
import { buildDailyReport } from './build-daily-report.js';
import { buildPreOpenBrief } from './build-pre-open-brief.js';
import type { JobScheduler } from './job-scheduler.js';
import { memoPriceLookup, type PriceLookup } from '../services/price-lookup.js';
import { decide, SCHEDULE_POLICY, SCHEDULED_KINDS, type ScheduledKind } from './schedule-policy.js';
import { claimRun, hasRun, setRecipients } from './scheduled-runs-store.js';

export type ScheduleDeps = Pick<CoreDeps, 'db' | 'clock' | 'symbols' | 'quotes' | 'broker' | 'signals' | 'config'> & { log: Logger };

/** Recipients per run at most (the deployment's user bound is far lower). */
const RECIPIENTS_MAX = 1_000;

export type RunOutcome =
  | { kind: ScheduledKind; tradingDay: string; outcome: 'sent'; late: boolean; recipients: number }
  | { kind: ScheduledKind; tradingDay: string; outcome: 'already_sent' | 'market_closed' | 'past_deadline' | 'waiting' };

const NOTIFY_SETTING: Record<ScheduledKind, 'pre_open' | 'close'> = { pre_open_brief: 'pre_open', close_summary: 'close' };

/**
 * The pre-open brief and the close summary. Each wakes daily through the {@link JobScheduler} and
 * once at start-up (the catch-up), then decides from the injected clock and the KRX calendar
 * (schedule-policy.ts): skip a closed day, wait for a later due time, run, or skip past the
 * catch-up deadline. A run claims (kind, trading day) in `scheduled_runs` in the same transaction
 * as its notifications, so it is sent at most once whatever restarts or other cores do.
 */
export class ScheduledMessages {
  readonly #deps: ScheduleDeps;
  readonly #jobs: JobScheduler;
  /** One tick at a time per kind: a firing and a catch-up never build the same run side by side. */
  readonly #inFlight = new Map<ScheduledKind, Promise<RunOutcome>>();

  constructor(deps: ScheduleDeps, jobs: JobScheduler) {
    this.#deps = deps;
    this.#jobs = jobs;
  }

  /** Schedules the daily wake-ups and runs the catch-up for each kind; resolves when the catch-up is done. */
  async start(): Promise<RunOutcome[]> {
    for (const kind of SCHEDULED_KINDS) this.#jobs.daily(kind, SCHEDULE_POLICY[kind].wakeMinute, () => void this.tick(kind));
    return Promise.all(SCHEDULED_KINDS.map((kind) => this.tick(kind)));
  }

  async stop(): Promise<void> {
    this.#jobs.cancelAll();
    await Promise.allSettled(this.#inFlight.values());
  }

  /** Decides and, when due, sends `kind` for today (KST). Never throws: a failure is logged and retried at the next wake-up. */
  tick(kind: ScheduledKind): Promise<RunOutcome> {
    const previous = this.#inFlight.get(kind) ?? Promise.resolve(null);
    const next = previous.then(() => this.#tick(kind)).catch((error: unknown) => {
      this.#deps.log.error({ err: error, kind }, 'scheduled message failed; check the database, it is retried at the next wake-up or restart');
      return { kind, tradingDay: kstWallClock(this.#deps.clock.now()).day, outcome: 'waiting' } as RunOutcome;
    });
    this.#inFlight.set(kind, next);
    return next;
  }

  async #tick(kind: ScheduledKind): Promise<RunOutcome> {
    const nowMs = this.#deps.clock.now();
    const { day: tradingDay, minuteOfDay } = kstWallClock(nowMs);
    const krxDay = (await loadKrxCalendar(this.#deps.db, tradingDay)).dayOf(tradingDay);
    const decision = decide(kind, krxDay, minuteOfDay);
    if (decision.action === 'skip') return { kind, tradingDay, outcome: decision.why };
    if (decision.action === 'wait') {
      this.#jobs.once(`${kind}:due`, kstInstant(tradingDay, decision.untilMinute), () => void this.tick(kind));
      return { kind, tradingDay, outcome: 'waiting' };
    }
    if (!krxDay.open) throw new Error('unreachable: decided to run on a closed day');
    if (await hasRun(this.#deps.db, kind, tradingDay)) return { kind, tradingDay, outcome: 'already_sent' };
    const payloads = await this.#build(kind, tradingDay, krxDay.session);
    const recipients = await this.#deps.db.transaction(async (tx) => {
      if (!(await claimRun(tx, { kind, tradingDay, nowMs, late: decision.late }))) return null;
      let count = 0;
      for (const { userId, payload } of payloads) {
        count += (await insertNotifications(tx, userId, `${kind}:${tradingDay}:${userId}`, payload, nowMs)) > 0 ? 1 : 0;
      }
      await setRecipients(tx, kind, tradingDay, count);
      return count;
    });
    if (recipients === null) return { kind, tradingDay, outcome: 'already_sent' };
    this.#deps.signals.emit('notifications-created');
    this.#deps.log.info({ kind, tradingDay, recipients, late: decision.late }, 'scheduled message sent');
    return { kind, tradingDay, outcome: 'sent', late: decision.late, recipients };
  }

  /**
   * One payload per user who wants this kind and has something in it (a brief without holdings,
   * strategies or alerts, or a summary without fills or holdings, is not sent). One user's failure
   * is logged and skips that user only.
   */
  async #build(kind: ScheduledKind, tradingDay: string, session: SessionHours): Promise<Array<{ userId: string; payload: NotificationPayload }>> {
    const priceOf = memoPriceLookup(this.#deps);
    const out: Array<{ userId: string; payload: NotificationPayload }> = [];
    for (const userId of await listLinkedUserIds(this.#deps.db, RECIPIENTS_MAX)) {
      try {
        if ((await findNotificationPrefs(this.#deps.db, userId)).modes[NOTIFY_SETTING[kind]] === 'off') continue;
        const payload = await this.#payloadFor(kind, userId, tradingDay, session, priceOf);
        if (payload) out.push({ userId, payload: notificationPayloadSchema.parse(payload) });
      } catch (error) {
        this.#deps.log.error({ err: error, kind, userId }, 'scheduled message not built for a user; the others are sent');
      }
    }
    return out;
  }

  async #payloadFor(kind: ScheduledKind, userId: string, tradingDay: string, session: SessionHours, priceOf: PriceLookup): Promise<NotificationPayload | null> {
    if (kind === 'pre_open_brief') {
      const brief = await buildPreOpenBrief(this.#deps, userId, tradingDay, session, priceOf);
      return brief.positionsTotal + brief.strategiesTotal + brief.alertsTotal === 0 ? null : { kind, brief };
    }
    const account = await defaultAccountOf(this.#deps.db, userId);
    if (!account) return null;
    const report = await buildDailyReport(this.#deps, account, tradingDay, priceOf);
    return report.fillsTotal + report.positionsTotal === 0 ? null : { kind, report };
  }
}

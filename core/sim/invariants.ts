import type { OrderState } from '@tradedesk/contracts';
import type { SqlClient } from '../src/db/sql-client.js';
import { canReach } from '../src/domain/order-state.js';

interface OrderSnapshot { id: string; state: OrderState; priority: string; createdAtMs: number; clientOrderId: string }

/** What the broker knows, for comparing with core's records. */
export interface BrokerView {
  clientOrderIds: ReadonlySet<string>;
  /** Orders the broker holds without a client order id (a broker without them, IDEM-11); absent: none. */
  unattributed?: number;
  /** Shares held per `account/symbol` at the broker. */
  positions: ReadonlyMap<string, number>;
}

/**
 * The safety properties of SIM-4, checked after every simulated step against the database (the
 * truth) and the broker. Returns human-readable violations; empty means all hold.
 */
export class InvariantChecker {
  private previous = new Map<string, OrderSnapshot>();

  constructor(private readonly tradesPerDayOf: (tier: string) => number) {}

  async check(db: SqlClient, broker: BrokerView): Promise<string[]> {
    const violations: string[] = [];
    const orders = await db.query<{ id: string; state: OrderState; priority: string; created_at: Date; client_order_id: string }>(
      'select id, state, priority, created_at, client_order_id from orders');
    const current = new Map(orders.map((o) => [o.id, {
      id: o.id, state: o.state, priority: o.priority, createdAtMs: o.created_at.getTime(), clientOrderId: o.client_order_id,
    }]));
    this.checkTransitions(current, violations);
    this.checkVipRule(current, violations);
    const known = new Set(orders.map((o) => o.client_order_id));
    for (const id of broker.clientOrderIds) if (!known.has(id)) violations.push(`(c) broker order ${id} has no persisted intent`);
    violations.push(...await checkFillsAndCaps(db, this.tradesPerDayOf));
    this.previous = current;
    return violations;
  }

  /** (f): every state change is one the state machine allows, over any number of steps (terminal states absorb). */
  private checkTransitions(current: ReadonlyMap<string, OrderSnapshot>, violations: string[]): void {
    for (const [id, now] of current) {
      const before = this.previous.get(id);
      if (before && before.state !== now.state && !canReach(before.state, now.state)) {
        violations.push(`(f) order ${id} moved ${before.state} -> ${now.state}`);
      }
    }
  }

  /** (h): no normal order leaves the queue while a VIP order that arrived before it still waits. */
  private checkVipRule(current: ReadonlyMap<string, OrderSnapshot>, violations: string[]): void {
    const waitingVip = [...current.values()].filter((o) => o.state === 'queued' && o.priority === 'vip');
    for (const [id, now] of current) {
      const before = this.previous.get(id);
      const leftQueue = before?.state === 'queued' && !['queued', 'cancelled', 'expired'].includes(now.state);
      if (!leftQueue || now.priority !== 'normal') continue;
      const overtaken = waitingVip.find((v) => v.createdAtMs < now.createdAtMs && this.previous.get(v.id)?.state === 'queued');
      if (overtaken) violations.push(`(h) normal order ${id} was sent while VIP order ${overtaken.id}, older, waited`);
    }
  }
}

/**
 * (b) fills never exceed the order, (i) positions equal the sum of fills plus the recorded
 * adjustments to the broker's quantity (RECON-8), (d) daily caps hold.
 */
async function checkFillsAndCaps(db: SqlClient, tradesPerDayOf: (tier: string) => number): Promise<string[]> {
  const violations: string[] = [];
  const overfilled = await db.query<{ id: string }>(
    `select o.id from orders o join fills f on f.order_id = o.id group by o.id, o.qty_shares, o.filled_qty_shares
      having sum(f.qty_shares) > o.qty_shares or sum(f.qty_shares) <> o.filled_qty_shares`);
  for (const o of overfilled) violations.push(`(b) order ${o.id}: fills and filled quantity disagree or exceed the order`);
  const positions = await db.query<{ account_id: string; symbol: string; held: number; from_fills: number; adjusted: number }>(
    `select p.account_id, p.symbol, p.qty_shares as held,
            coalesce((select sum(case when f.side = 'buy' then f.qty_shares else -f.qty_shares end)
                        from fills f where f.account_id = p.account_id and f.symbol = p.symbol), 0)::int as from_fills,
            coalesce((select sum(a.delta_shares) from position_adjustments a
                       where a.account_id = p.account_id and a.symbol = p.symbol), 0)::int as adjusted
       from positions p`);
  for (const p of positions) {
    if (p.held !== p.from_fills + p.adjusted) violations.push(`(i) position ${p.account_id}/${p.symbol}: ${p.held} held, ${p.from_fills} from fills, ${p.adjusted} adjusted`);
  }
  const caps = await db.query<{ user_id: string; tier: string; trading_day: string; admitted: number }>(
    `select o.user_id, u.tier, o.trading_day::text as trading_day, count(*)::int as admitted
       from orders o join users u on u.id = o.user_id
      -- orders that gave their trade back do not count: rejected, and cancelled or expired before sending
      where o.source <> 'external' and o.state <> 'rejected' and not (o.state in ('cancelled', 'expired') and o.sent_at is null)
      group by o.user_id, u.tier, o.trading_day`);
  for (const c of caps) {
    if (c.admitted > tradesPerDayOf(c.tier)) violations.push(`(d) user ${c.user_id} has ${c.admitted} orders on ${c.trading_day}, cap ${tradesPerDayOf(c.tier)}`);
  }
  const fillNotes = await db.query<{ dedupe_key: string }>(
    `select n.dedupe_key from notifications n where n.kind = 'order_filled'
        and not exists (select 1 from fills f where n.dedupe_key like 'fill:' || f.id::text || ':%')`);
  for (const n of fillNotes) violations.push(`(g) fill notification ${n.dedupe_key} has no fill`);
  const duplicateNotes = await db.query<{ dedupe_key: string }>(
    `select split_part(dedupe_key, ':', 2) as dedupe_key from notifications where kind = 'order_filled'
      group by split_part(dedupe_key, ':', 2), chat_link_id having count(*) > 1`);
  for (const n of duplicateNotes) violations.push(`(g) fill ${n.dedupe_key} notified more than once`);
  return violations;
}

import type { AccountKind, Broker, BrokerEnvironment, ConnectInput, OrderPriority, OrderSide, OrderState, OrderType, Tier, Locale } from '@tradedesk/contracts';

/** Row shapes as the database returns them (snake_case; bigint as number; timestamptz as Date). */
export interface UserRow {
  id: string;
  name: string;
  tier: Tier;
  is_operator: boolean;
  locale: Locale | null;
  paused: boolean;
}

/** A broker a user connects with their own credentials. */
export type ConnectableBroker = ConnectInput['broker'];

export interface BrokerAccountRow {
  id: string;
  user_id: string;
  broker: Broker;
  environment: BrokerEnvironment;
  label: string;
}

export interface OrderRow {
  id: string;
  user_id: string;
  account_id: string;
  client_order_id: string;
  idempotency_key: string;
  request_hash: string;
  symbol: string;
  side: OrderSide;
  order_type: OrderType;
  qty_shares: number;
  price_krw: number | null;
  state: OrderState;
  priority: OrderPriority;
  broker_order_id: string | null;
  filled_qty_shares: number;
  avg_fill_price_krw: number | null;
  reject_reason: string | null;
  not_found_count: number;
  /** The KST date (YYYY-MM-DD) whose trade count this order used. */
  trading_day: string;
  /** Who placed it: a person, a strategy (strategy_id, null once the strategy is removed), or found at the broker. */
  source: 'manual' | 'strategy' | 'external';
  strategy_id: string | null;
  created_at: Date;
  updated_at: Date;
  /** When it was last handed to the broker; null while it has never been sent. */
  sent_at: Date | null;
  /** An operator's answer for an ambiguous order (IDEM-11): a broker order number, or `not_placed`. */
  resolve_as: string | null;
}

/** An order with what every view of it needs: the account kind. */
export interface OrderWithAccount extends OrderRow {
  broker: Broker;
  environment: BrokerEnvironment;
}

export type { AccountKind };

import { EventEmitter } from 'node:events';
import type { ChatIdentity } from '@tradedesk/contracts';
import type { AlertService } from './alerts/alert-service.js';
import type { CoreConfig } from './config.js';
import type { SqlClient } from './db/sql-client.js';
import type { CoreLoggers } from './logger.js';
import type { MarketFeed } from './market/market-feed.js';
import type { QuoteCache } from './market/quote-cache.js';
import type { SymbolMaster } from './market/symbol-master.js';
import type { BrokerGateway } from './ports/broker-gateway.js';
import type { Clock } from './ports/clock.js';
import type { IdSource } from './ports/id-source.js';
import type { BarHistory, QuoteSubscriptions } from './ports/market-data.js';
import type { SessionView } from './ports/session-view.js';
import type { UserRow } from './store/rows.js';

/**
 * In-process signals between core's parts: `orders-queued` wakes the dispatcher,
 * `notifications-created` wakes the event stream. The database stays the truth; a missed
 * signal only delays work until the next poll.
 */
export class CoreSignals extends EventEmitter<{ 'orders-queued': []; 'notifications-created': [] }> {}

/** Everything a command or service needs, built once by the composition root (app.ts). */
export interface CoreDeps {
  config: CoreConfig;
  db: SqlClient;
  clock: Clock;
  ids: IdSource;
  log: CoreLoggers;
  symbols: SymbolMaster;
  quotes: QuoteCache;
  /** The shared real-time feed: quotes from the bridge and 1-minute bars, for in-process consumers. */
  feed: MarketFeed;
  /** Reference-counted quote subscriptions at the bridge (owners `alert:<id>`, `strategy:<id>`, `price:<symbol>`). */
  subscriptions: QuoteSubscriptions;
  /** Finished 1-minute bars built from the feed (recent in memory, older from the database). */
  bars: BarHistory;
  broker: BrokerGateway;
  masterKey: Uint8Array;
  signals: CoreSignals;
  /**
   * The order dispatcher's view of broker sessions. Optional because a process that builds deps
   * without a dispatcher (or before wiring one) has no sessions to show; `queue` then answers null.
   */
  sessions?: SessionView;
  /** Price alerts at run time; absent where no alert service runs (the order simulator): `alert` answers NOT_AVAILABLE_YET. */
  alerts?: AlertService;
}

/** Who is asking: the chat identity, and the user it is linked to (null for `link`). */
export interface CommandContext {
  identity: ChatIdentity;
  user: UserRow | null;
  idempotencyKey: string | undefined;
}

export interface UserCommandContext extends CommandContext {
  user: UserRow;
}

import type { Locale } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { InboundHandlers } from '../platform-adapter.js';

/** What the interaction handlers need from the adapter. */
export interface InteractionDeps {
  handlers: InboundHandlers;
  logger: Logger;
  /** The language for adapter-level texts when Discord's locale is neither Korean nor English. */
  defaultLocale: Locale;
  /** How long autocomplete waits for suggestions; Discord drops answers after 3 s and has no defer. */
  autocompleteBudgetMs: number;
  /** Resolves after `ms` unless `signal` aborts first (then it rejects or resolves; either is fine). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { CoreClient } from '../core-client.js';
import type { ActionStore } from './action-store.js';

/** What a command handler gets besides its arguments: who asked, in which language, core, and the button store. */
export interface CommandContext {
  core: CoreClient;
  identity: ChatIdentity;
  locale: Locale;
  /** The platform's delivery id for this message; a redelivery gets the first answer from core. */
  idempotencyKey: string;
  logger: Logger;
  /** Where confirmations and choices keep the state behind their buttons. */
  actions: ActionStore;
}

/** A chat message turned into a command: what adapters hand to the neutral layer. */
export interface ChatCommand {
  identity: ChatIdentity;
  idempotencyKey: string;
  name: string;
  args: string[];
}

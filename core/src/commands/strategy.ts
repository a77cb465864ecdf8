import type { CoreCommandOutput } from '@tradedesk/contracts';
import { AppError } from '../errors.js';

/**
 * Strategies: the input is checked against the contract (by the caller), then refused, because
 * core does not run strategies yet. Issue #5 replaces this with the real command.
 */
export function strategy(): CoreCommandOutput<'strategy'> {
  throw new AppError('NOT_AVAILABLE_YET', { command: 'strategy' });
}

import type { CoreCommandOutput } from '@tradedesk/contracts';
import { AppError } from '../errors.js';

/**
 * Price alerts: the input is checked against the contract (by the caller), then refused, because
 * core does not evaluate alerts yet. Issue #5 replaces this with the real command.
 */
export function alert(): CoreCommandOutput<'alert'> {
  throw new AppError('NOT_AVAILABLE_YET', { command: 'alert' });
}

import type { CoreCommandOutput } from '@tradedesk/contracts';
import { AppError } from '../errors.js';

/** The day's report: refused, because core does not build reports yet. Issue #5 replaces this with the real command. */
export function report(): CoreCommandOutput<'report'> {
  throw new AppError('NOT_AVAILABLE_YET', { command: 'report' });
}

import type { InboundHandlers } from '../platforms/platform-adapter.js';
import type { Clock } from './clock.js';
import { dispatchCommand, handleChatText, type CommandDeps } from './dispatch.js';
import { pressAction } from './press-action.js';
import { suggestSymbols } from './suggest-symbols.js';

/**
 * What every adapter calls: text lines, structured commands, button presses and symbol
 * autocomplete, all answered by the neutral command layer.
 * @example await adapter.start(createInboundHandlers(deps, systemClock));
 */
export function createInboundHandlers(deps: CommandDeps, clock: Pick<Clock, 'sleep'>): InboundHandlers {
  return {
    handleText: (message) => handleChatText(deps, message),
    handleCommand: (command) => dispatchCommand(deps, command),
    handleAction: (press) => pressAction(deps, press),
    suggestSymbols: (identity, query, limit) => suggestSymbols(deps, clock, identity, query, limit),
  };
}

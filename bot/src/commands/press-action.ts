import { t } from '../i18n/index.js';
import type { ChatActionPress } from '../platforms/platform-adapter.js';
import { commandContext, type CommandDeps } from './dispatch.js';
import { replyForError } from './render.js';
import { errorReply, type ChatReply } from './reply.js';

const REFUSALS = { expired: 'actionExpired', not_yours: 'actionNotYours', already_handled: 'actionAlreadyHandled' } as const;

/**
 * A button press (RELIABILITY BOT-3, BOT-9): refused when the button was made for someone else,
 * has expired, or was already pressed; otherwise its action runs once, as the person who pressed.
 * A refusal is marked `ephemeral`: it is for the presser only and must not replace the message.
 * Never throws.
 */
export async function pressAction(deps: CommandDeps, press: ChatActionPress): Promise<ChatReply> {
  const ctx = commandContext(deps, press.identity, press.idempotencyKey);
  const claim = deps.actions.claim(press.actionId, press.identity);
  if (!claim.ok) return { ...errorReply(t(ctx.locale, REFUSALS[claim.reason])), ephemeral: true };
  try {
    return await claim.choice.run(ctx, claim.groupId);
  } catch (err) {
    return replyForError(ctx.locale, err, { write: claim.choice.write ?? false, logger: deps.logger });
  }
}

import { ADMIN_COMMANDS, adminRequestSchema, type AdminActor, type AdminCommandName } from '@tradedesk/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { adminHalt } from '../commands/admin-halt.js';
import { adminInvite } from '../commands/admin-invite.js';
import { adminPause } from '../commands/admin-pause.js';
import { adminResolve } from '../commands/admin-resolve.js';
import { adminResume } from '../commands/admin-resume.js';
import { adminTier } from '../commands/admin-tier.js';
import { adminUsers } from '../commands/admin-users.js';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { writeAudit } from '../store/audit-store.js';
import { findUserByChat } from '../store/users-store.js';

/** Each operator command. `actor` names who asked, as in the audit log; `halt` records it as `halted_by`. */
const ADMIN_HANDLERS: Record<AdminCommandName, (deps: CoreDeps, input: never, actor: string) => Promise<unknown>> = {
  invite: (deps, input) => adminInvite(deps, input),
  halt: (deps, _input, actor) => adminHalt(deps, actor),
  resume: (deps, _input, actor) => adminResume(deps, actor),
  tier: (deps, input) => adminTier(deps, input),
  pause: (deps, input) => adminPause(deps, input),
  resolve: (deps, input) => adminResolve(deps, input),
  users: (deps) => adminUsers(deps),
};

/**
 * `POST /v1/admin/:name`: operator commands. The local admin CLI acts as `system`; a chat identity
 * must be linked to a user marked operator.
 */
export function adminPlugin(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { name: string } }>('/v1/admin/:name', async (request) => {
      const name = request.params.name as AdminCommandName;
      if (!Object.hasOwn(ADMIN_HANDLERS, name)) throw new AppError('UNKNOWN_COMMAND', { command: request.params.name });
      const body = adminRequestSchema.parse(request.body);
      const operatorId = await authorizeOperator(deps, body.actor);
      const actor = 'identity' in body.actor ? `${body.actor.identity.platform}:${body.actor.identity.platformUserId}` : 'admin-cli';
      let outcome = 'ok';
      try {
        const input = ADMIN_COMMANDS[name].input.parse(body.input ?? {});
        return ADMIN_COMMANDS[name].output.parse(await ADMIN_HANDLERS[name](deps, input as never, actor));
      } catch (error) {
        outcome = error instanceof AppError ? error.code : 'error';
        throw error;
      } finally {
        await writeAudit(deps.db, {
          userId: operatorId, platform: 'identity' in body.actor ? body.actor.identity.platform : null,
          actor, command: `admin ${name}`, outcome, nowMs: deps.clock.now(),
        }).catch((error: unknown) => request.log.warn({ err: error }, 'audit write failed'));
      }
    });
  };
}

async function authorizeOperator(deps: CoreDeps, actor: AdminActor): Promise<string | null> {
  if ('system' in actor) return null;
  const user = await findUserByChat(deps.db, actor.identity.platform, actor.identity.platformUserId);
  if (!user) throw new AppError('NOT_LINKED');
  if (!user.is_operator) throw new AppError('NOT_AUTHORIZED');
  return user.id;
}

import { CORE_COMMANDS, commandRequestSchema, type CoreCommandName } from '@tradedesk/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { balance } from '../commands/balance.js';
import { cancelOrder } from '../commands/cancel-order.js';
import { link } from '../commands/link.js';
import { listOrders } from '../commands/list-orders.js';
import { listPositions } from '../commands/list-positions.js';
import { me } from '../commands/me.js';
import { placeOrder } from '../commands/place-order.js';
import { price } from '../commands/price.js';
import { searchSymbols } from '../commands/search-symbols.js';
import type { CommandContext, CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { writeAudit } from '../store/audit-store.js';
import { findUserByChat } from '../store/users-store.js';

type Handler = (deps: CoreDeps, ctx: UserCommandContext, input: never) => unknown;

/**
 * Each command: who may call it and what runs. `account` commands show or change a person's
 * account, so they are answered only in a private chat.
 */
const COMMANDS: Record<CoreCommandName, { linked: boolean; account: boolean; run: Handler }> = {
  link: { linked: false, account: false, run: (deps, ctx, input) => link(deps, ctx, input) },
  symbols: { linked: false, account: false, run: (deps, _ctx, input) => searchSymbols(deps, input) },
  price: { linked: true, account: false, run: (deps, _ctx, input) => price(deps, input) },
  me: { linked: true, account: true, run: (deps, ctx) => me(deps, ctx) },
  place_order: { linked: true, account: true, run: (deps, ctx, input) => placeOrder(deps, ctx, input) },
  cancel_order: { linked: true, account: true, run: (deps, ctx, input) => cancelOrder(deps, ctx, input) },
  orders: { linked: true, account: true, run: (deps, ctx) => listOrders(deps, ctx) },
  positions: { linked: true, account: true, run: (deps, ctx) => listPositions(deps, ctx) },
  balance: { linked: true, account: true, run: (deps, ctx) => balance(deps, ctx) },
};

/** `POST /v1/commands/:name`: one route per command of the contract; input and output parsed with it. */
export function commandsPlugin(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { name: string } }>('/v1/commands/:name', async (request) => {
      const name = request.params.name as CoreCommandName;
      const spec = COMMANDS[name];
      if (!Object.hasOwn(COMMANDS, name) || !spec) throw new AppError('UNKNOWN_COMMAND', { command: request.params.name });
      const body = commandRequestSchema.parse(request.body);
      const ctx: CommandContext = {
        identity: body.identity,
        idempotencyKey: body.idempotencyKey,
        user: await findUserByChat(deps.db, body.identity.platform, body.identity.platformUserId),
      };
      let outcome = 'ok';
      try {
        if (spec.linked && !ctx.user) throw new AppError('NOT_LINKED');
        if (spec.account && !body.identity.isPrivateChat) throw new AppError('PRIVATE_CHAT_REQUIRED');
        const input = CORE_COMMANDS[name].input.parse(body.input ?? {});
        const output = await spec.run(deps, ctx as UserCommandContext, input as never);
        return CORE_COMMANDS[name].output.parse(output);
      } catch (error) {
        outcome = error instanceof AppError ? error.code : 'error';
        throw error;
      } finally {
        await writeAudit(deps.db, {
          userId: ctx.user?.id ?? null, platform: body.identity.platform, actor: `${body.identity.platform}:${body.identity.platformUserId}`,
          command: name, outcome, nowMs: deps.clock.now(),
        }).catch((error: unknown) => request.log.warn({ err: error }, 'audit write failed'));
      }
    });
  };
}


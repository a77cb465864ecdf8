import { CORE_COMMANDS, commandRequestSchema, type CoreCommandName } from '@tradedesk/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { ZodError } from 'zod';
import { alert } from '../commands/alert.js';
import { balance } from '../commands/balance.js';
import { cancelOrder } from '../commands/cancel-order.js';
import { chart } from '../commands/chart.js';
import { connect } from '../commands/connect.js';
import { lang } from '../commands/lang.js';
import { link } from '../commands/link.js';
import { listOrders } from '../commands/list-orders.js';
import { listPositions } from '../commands/list-positions.js';
import { me } from '../commands/me.js';
import { notify } from '../commands/notify.js';
import { placeOrder } from '../commands/place-order.js';
import { price } from '../commands/price.js';
import { queue } from '../commands/queue.js';
import { report } from '../commands/report.js';
import { searchSymbols } from '../commands/search-symbols.js';
import { strategy } from '../commands/strategy.js';
import { unlink } from '../commands/unlink.js';
import type { CommandContext, CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { writeAudit } from '../store/audit-store.js';
import type { UserRow } from '../store/rows.js';
import { findUserByChat } from '../store/users-store.js';
import { CommandRateLimiter } from './command-rate-limiter.js';

type Handler = (deps: CoreDeps, ctx: UserCommandContext, input: never) => unknown;

/**
 * Each command: who may call it and what runs. `account` commands show or change a person's
 * account, so they are answered only in a private chat. `lookup` marks a read of public data that
 * the bot makes on its own while someone types (Discord autocomplete, resolving a name inside
 * /buy): it is neither a command of its own in the audit log nor counted against the person's budget.
 */
const COMMANDS: Record<CoreCommandName, { linked: boolean; account: boolean; lookup?: true; run: Handler }> = {
  link: { linked: false, account: false, run: (deps, ctx, input) => link(deps, ctx, input) },
  symbols: { linked: false, account: false, lookup: true, run: (deps, _ctx, input) => searchSymbols(deps, input) },
  price: { linked: true, account: false, run: (deps, _ctx, input) => price(deps, input) },
  me: { linked: true, account: true, run: (deps, ctx) => me(deps, ctx) },
  place_order: { linked: true, account: true, run: (deps, ctx, input) => placeOrder(deps, ctx, input) },
  cancel_order: { linked: true, account: true, run: (deps, ctx, input) => cancelOrder(deps, ctx, input) },
  orders: { linked: true, account: true, run: (deps, ctx) => listOrders(deps, ctx) },
  positions: { linked: true, account: true, run: (deps, ctx) => listPositions(deps, ctx) },
  balance: { linked: true, account: true, run: (deps, ctx) => balance(deps, ctx) },
  unlink: { linked: true, account: true, run: (deps, ctx) => unlink(deps, ctx) },
  lang: { linked: true, account: true, run: (deps, ctx, input) => lang(deps, ctx, input) },
  queue: { linked: true, account: true, run: (deps, ctx) => queue(deps, ctx) },
  connect: { linked: true, account: true, run: (deps, ctx, input) => connect(deps, ctx, input) },
  notify: { linked: true, account: true, run: (deps, ctx, input) => notify(deps, ctx, input) },
  alert: { linked: true, account: true, run: (deps, ctx, input) => alert(deps, ctx, input) },
  strategy: { linked: true, account: true, run: (deps, ctx, input) => strategy(deps, ctx, input) },
  report: { linked: true, account: true, run: (deps, ctx) => report(deps, ctx) },
  help: { linked: false, account: false, run: () => ({}) },
  chart: { linked: true, account: false, run: (deps, _ctx, input) => chart(deps, input) },
};

/**
 * `POST /v1/commands/:name`: one route per command of the contract; input and output parsed with it.
 * A linked user's commands are limited per minute by their tier (BOT-13) before anything runs. Every
 * command is audited by name and outcome only: inputs (credentials, link codes) never reach the audit.
 */
export function commandsPlugin(deps: CoreDeps): FastifyPluginAsync {
  const limiter = new CommandRateLimiter(deps.clock);
  return async (app) => {
    app.post<{ Params: { name: string } }>('/v1/commands/:name', async (request, reply) => {
      const name = request.params.name as CoreCommandName;
      const spec = COMMANDS[name];
      if (!Object.hasOwn(COMMANDS, name) || !spec) throw new AppError('UNKNOWN_COMMAND', { command: request.params.name });
      const body = commandRequestSchema.parse(request.body);
      const ctx: CommandContext = {
        identity: body.identity,
        idempotencyKey: body.idempotencyKey,
        user: await findUserByChat(deps.db, body.identity.platform, body.identity.platformUserId),
      };
      // The language the user chose with `lang` wins over the chat client's; the bot reads it from here.
      if (ctx.user?.locale) void reply.header('content-language', ctx.user.locale);
      let outcome = 'ok';
      try {
        if (spec.linked && !ctx.user) throw new AppError('NOT_LINKED');
        if (ctx.user && !spec.lookup) admitUnderRateLimit(deps, limiter, ctx.user);
        if (spec.account && !body.identity.isPrivateChat) throw new AppError('PRIVATE_CHAT_REQUIRED');
        const input = CORE_COMMANDS[name].input.parse(body.input ?? {});
        const output = await spec.run(deps, ctx as UserCommandContext, input as never);
        if (name === 'lang') void reply.header('content-language', (output as { locale: string }).locale);
        return CORE_COMMANDS[name].output.parse(output);
      } catch (error) {
        outcome = error instanceof AppError ? error.code : error instanceof ZodError ? 'VALIDATION_FAILED' : 'error';
        throw error;
      } finally {
        if (!spec.lookup) await writeAudit(deps.db, {
          userId: ctx.user?.id ?? null, platform: body.identity.platform, actor: `${body.identity.platform}:${body.identity.platformUserId}`,
          command: name, outcome, nowMs: deps.clock.now(),
        }).catch((error: unknown) => request.log.warn({ err: error }, 'audit write failed'));
      }
    });
  };
}

/** Refuses the command (COMMAND_RATE_LIMITED) when the user already used their tier's commands this minute. */
function admitUnderRateLimit(deps: CoreDeps, limiter: CommandRateLimiter, user: UserRow): void {
  const limitPerMinute = deps.config.tierLimits[user.tier].commandsPerMinute;
  const taken = limiter.take(user.id, limitPerMinute);
  if (!taken.admitted) {
    throw new AppError('COMMAND_RATE_LIMITED', { limitPerMinute, retryAfterSec: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) });
  }
}

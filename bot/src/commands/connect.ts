import { brokerEnvironmentSchema, CONNECTABLE_BROKERS } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { choiceArg, secretArg } from './args.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';

/**
 * `/connect BROKER ENVIRONMENT APP_KEY APP_SECRET ACCOUNT`: hands the user's broker credentials to
 * core, which stores them encrypted. The key, secret and account number are never echoed: a
 * malformed one is named without its value, and the answer shows only core's masked account.
 */
export const connectCommand = defineCommand({
  name: 'connect',
  params: ['broker', 'environment', 'app_key', 'app_secret', 'account'],
  required: 5,
  write: true,
  schema: z.object({
    broker: choiceArg(CONNECTABLE_BROKERS, 'brokerInvalid'),
    environment: choiceArg(brokerEnvironmentSchema.options, 'environmentInvalid'),
    app_key: secretArg(/^\S{8,256}$/, 'appKeyInvalid'),
    app_secret: secretArg(/^\S{8,512}$/, 'appSecretInvalid'),
    account: secretArg(/^\d{8}-?\d{2}$/, 'accountNumberInvalid'),
  }),
  async handle(ctx, args) {
    const out = await ctx.core.command('connect', {
      identity: ctx.identity,
      idempotencyKey: ctx.idempotencyKey,
      input: { broker: args.broker, environment: args.environment, appKey: args.app_key, appSecret: args.app_secret, accountNumber: args.account },
    });
    const { locale } = ctx;
    return {
      title: accountTitle(locale, out.accountKind, t(locale, 'connectedTitle')),
      text: t(locale, 'connected', { broker: dict(locale).brokerName[out.broker], account: out.accountNumberMasked }),
      tone: 'success',
    };
  },
});

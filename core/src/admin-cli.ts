import { parseArgs } from 'node:util';
import { ADMIN_COMMANDS, adminActorSchema, errorBodySchema, type AdminCommandName } from '@tradedesk/contracts';
import { cryptoIdSource } from './adapters/crypto-id-source.js';
import { systemClock } from './adapters/system-clock.js';
import { adminHalt } from './commands/admin-halt.js';
import { adminInvite } from './commands/admin-invite.js';
import { adminPause } from './commands/admin-pause.js';
import { adminResolve } from './commands/admin-resolve.js';
import { adminResume } from './commands/admin-resume.js';
import { adminTier } from './commands/admin-tier.js';
import { adminUsers } from './commands/admin-users.js';
import { loadDotenvFile, parseCoreConfig, type CoreConfig } from './config.js';
import { AppError } from './errors.js';
import { loadLocalSecrets } from './local-secrets.js';
import { installSymbolFile, SymbolFileError } from './market/symbol-master.js';
import { openCoreDatabase } from './runtime.js';

const USAGE = `usage:
  npm run admin -- invite --name NAME --tier free|basic|premium [--operator]
  npm run admin -- users
  npm run admin -- tier --name NAME --tier free|basic|premium
  npm run admin -- pause --name NAME [--resume]     (--resume lifts the pause)
  npm run admin -- halt                             (kill switch: no order is sent until resume)
  npm run admin -- resume
  npm run admin -- resolve --order ID (--broker-order NUMBER | --not-placed)
                                                    (an order left ambiguous at a broker without client order ids)
  npm run admin -- symbols --file PATH               (validate a KRX listing CSV and install it for core's next start)`;

/**
 * `npm run admin`: operator commands from the machine core runs on. Asks the running core over HTTP;
 * when core is not running, opens the database directly. `invite` prints the one-time link code alone
 * on the last line of stdout, so scripts can take it with `tail -n 1`.
 */
async function main(): Promise<number> {
  loadDotenvFile();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' }, tier: { type: 'string' },
      operator: { type: 'boolean', default: false }, resume: { type: 'boolean', default: false },
      file: { type: 'string' }, order: { type: 'string' }, 'broker-order': { type: 'string' },
      'not-placed': { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'symbols') return installSymbols(values.file);
  const command = positionals[0] as AdminCommandName | undefined;
  if (!command || !Object.hasOwn(ADMIN_COMMANDS, command)) {
    console.error(USAGE);
    return 2;
  }
  const parsed = ADMIN_COMMANDS[command].input.safeParse(inputOf(command, values));
  if (!parsed.success) {
    console.error(`invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE}`);
    return 2;
  }
  const config = parseCoreConfig();
  const output = await viaRunningCore(config, command, parsed.data) ?? await viaDatabase(config, command, parsed.data);
  print(command, output);
  return 0;
}

/**
 * `symbols --file PATH`: a local file operation (no core needed). The CSV is validated row by row
 * and written atomically to DATA_DIR/krx-symbols.csv, which core loads at its next start.
 */
function installSymbols(file: string | undefined): number {
  if (!file) {
    console.error(`--file is required\n${USAGE}`);
    return 2;
  }
  const config = parseCoreConfig();
  try {
    const { path, count } = installSymbolFile(file, config.dataDir);
    console.log(`Installed ${count} symbols as ${path}. Restart core to use them.`);
    return 0;
  } catch (error) {
    if (error instanceof SymbolFileError) {
      console.error(`${error.message}\nNothing was changed.`);
      return 1;
    }
    throw error;
  }
}

/** The command's input from the flags; flags a command does not take are ignored. */
function inputOf(command: AdminCommandName, values: {
  name?: string | undefined; tier?: string | undefined; operator?: boolean | undefined; resume?: boolean | undefined;
  order?: string | undefined; 'broker-order'?: string | undefined; 'not-placed'?: boolean | undefined;
}): unknown {
  switch (command) {
    // Exactly one of the two: neither or both leave brokerOrderId undefined, which the schema refuses.
    case 'resolve': return { order: values.order, brokerOrderId: values['not-placed'] ? (values['broker-order'] === undefined ? null : undefined) : values['broker-order'] };
    case 'invite': return { name: values.name, tier: values.tier, operator: values.operator };
    case 'tier': return { name: values.name, tier: values.tier };
    case 'pause': return { name: values.name, paused: !values.resume };
    default: return {};
  }
}

async function viaRunningCore(config: CoreConfig, command: AdminCommandName, input: unknown): Promise<unknown> {
  const secrets = loadLocalSecrets(config.dataDir, config);
  const url = process.env['CORE_URL'] ?? `http://${config.CORE_HOST}:${config.CORE_PORT}`;
  let response: Response;
  try {
    response = await fetch(`${url}/v1/admin/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.coreToken}` },
      body: JSON.stringify({ actor: adminActorSchema.parse({ system: 'admin-cli' }), input }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return null; // core is not running here
  }
  const body: unknown = await response.json();
  if (!response.ok) {
    const error = errorBodySchema.parse(body).error;
    throw new AppError(error.code, error.params);
  }
  return ADMIN_COMMANDS[command].output.parse(body);
}

async function viaDatabase(config: CoreConfig, command: AdminCommandName, input: unknown): Promise<unknown> {
  const secrets = loadLocalSecrets(config.dataDir, config);
  const { db, close } = await openCoreDatabase(config);
  try {
    const deps = { db, clock: systemClock, ids: cryptoIdSource, config, masterKey: secrets.masterKey };
    switch (command) {
      case 'invite': return await adminInvite(deps, input as never);
      case 'halt': return await adminHalt(deps, 'admin-cli');
      case 'resume': return await adminResume(deps, 'admin-cli');
      case 'tier': return await adminTier(deps, input as never);
      case 'pause': return await adminPause(deps, input as never);
      case 'resolve': return await adminResolve(deps, input as never);
      case 'users': return await adminUsers(deps);
    }
  } finally {
    await close();
  }
}

function print(command: AdminCommandName, output: unknown): void {
  switch (command) {
    case 'invite': {
      const { userName, expiresAt, code } = ADMIN_COMMANDS.invite.output.parse(output);
      console.log(`Invited ${userName}. Give them this one-time code to send as /link CODE (valid until ${new Date(expiresAt).toISOString()}):`);
      console.log(code);
      return;
    }
    case 'halt': return console.log('Trading halted: new orders are refused and no queued order is sent until `npm run admin -- resume`. Cancels still go through.');
    case 'resume': return console.log('Trading resumed: queued orders are being sent.');
    case 'tier': {
      const { userName, tier } = ADMIN_COMMANDS.tier.output.parse(output);
      return console.log(`${userName} is now ${tier}; the new limits apply from their next order.`);
    }
    case 'pause': {
      const { userName, paused } = ADMIN_COMMANDS.pause.output.parse(output);
      return console.log(paused ? `${userName} is paused: their new orders are refused and queued ones wait.` : `${userName} may trade again.`);
    }
    case 'resolve': {
      const { orderId, userName, brokerOrderId } = ADMIN_COMMANDS.resolve.output.parse(output);
      return console.log(brokerOrderId === null
        ? `Order ${orderId} of ${userName} is recorded as never placed; core sends it again at its next look at the broker.`
        : `Order ${orderId} of ${userName} is recorded as broker order ${brokerOrderId}; core takes it over at its next look at the broker.`);
    }
    case 'users':
      for (const u of ADMIN_COMMANDS.users.output.parse(output).users) {
        console.log(`${u.userName}\t${u.tier}${u.isOperator ? ' operator' : ''}\tchats=${u.linkedChats}\ttrades today=${u.tradesUsedToday}`);
      }
  }
}

/** What an operator reads when core refuses; the codes come from the contract. */
function explain(error: AppError): string {
  const p = error.params;
  switch (error.code) {
    case 'USER_EXISTS': return `${String(p['name'])} already exists with tier ${String(p['tier'])}; inviting again with the same tier issues a new code (change a tier with: npm run admin -- tier --name ${String(p['name'])} --tier TIER).`;
    case 'ORDER_NOT_FOUND': return `no order starting with ${String(p['orderId'])} is waiting for an operator's answer (only orders left ambiguous are).`;
    case 'ORDER_ID_AMBIGUOUS': return `more than one order starts with ${String(p['orderId'])}; give more of the id.`;
    case 'USER_NOT_FOUND': return `there is no user named ${String(p['name'])} (npm run admin -- users lists them).`;
    case 'ACTIVE_USERS_LIMIT': return `cannot invite a new user: all ${String(p['max'])} places are taken (ACTIVE_USERS_MAX).`;
    case 'VALIDATION_FAILED': return `invalid arguments (${String(p['field'] ?? '')}).\n${USAGE}`;
    case 'UNAUTHENTICATED': return 'core refused the service token: CORE_TOKEN here differs from the running core\'s.';
    default: return `refused: ${error.code} ${JSON.stringify(p)}`;
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof AppError ? explain(error) : error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { startBot } from '../src/bot.js';
import { createBotLogger } from '../src/logger.js';
import { DiscordChat } from '../src/platforms/discord/index.js';
import { TelegramChat } from '../src/platforms/telegram/telegram-chat.js';
import { discordOptions, interactionRoutes } from '../test/support/fake-discord/discord-harness.js';
import {
  FAKE_APPLICATION_ID, FAKE_GUILD_ID, FakeDiscord, slashCommand, type ApiOption, type RecordedRestRequest,
} from '../test/support/fake-discord/index.js';
import { FAKE_BOT_INFO, FakeTelegramApi, telegramUser, type ApiCall } from '../test/support/fake-telegram-api.js';
import { startCoreSystem } from '../test/support/core-system.js';
import { deferralVerdict, formatTable, latencyStats, parseBenchArgs, type LatencyRow } from './latency-stats.js';
import { ReplyWatch } from './reply-watch.js';

/**
 * `npm run bench:bot [-- --n 200] [-- --warmup 5] [-- --pause-ms 50] [-- --out FILE]`: command →
 * core → reply latency on loopback. A real core (all-in-one, PGlite, paper bridge) runs as a child
 * process; the bot runs here with its real Telegram and Discord adapters against the loopback fakes.
 * Each sample runs from handing the platform the user's command to the fake recording the bot's
 * answer: Telegram's sendMessage, Discord's edit of @original (and, separately, its deferral).
 * Prints a markdown table; writes it with the machine and settings as JSON (default bench-results/bot-latency.json).
 */

/** Far above the sample count: premium's default 60 commands/min would refuse most of the run. */
const COMMANDS_PER_MINUTE = 1_000_000;
const TIER_LIMITS_JSON = JSON.stringify({ premium: { commandsPerMinute: COMMANDS_PER_MINUTE } });
const REPLY_TIMEOUT_MS = 10_000;

interface Probe {
  command: string;
  telegramText: string;
  discord: { name: string; options: ApiOption[] };
  /** Text the successful reply holds (an error reply would not), given the linked user's name. */
  expect: (userName: string) => string;
}

const PROBES: readonly Probe[] = [
  // A read that reaches core's quote cache (and the symbol lookup before it).
  { command: 'price 005930', telegramText: '/price 005930', discord: { name: 'price', options: [{ type: 3, name: 'symbol', value: '005930' }] }, expect: () => '(005930 · ' },
  // A read of the user's rows in the database.
  { command: 'me', telegramText: '/me', discord: { name: 'me', options: [] }, expect: (userName) => `${userName}님의 정보` },
];

interface Sample { replyMs: number; deferMs?: number }

/** One platform's user, linked, able to send a command and time its reply. */
interface Channel {
  platform: LatencyRow['platform'];
  userName: string;
  send(probe: Pick<Probe, 'telegramText' | 'discord'>, expect: string): Promise<Sample>;
}

function telegramChannel(fake: FakeTelegramApi, userName: string): Channel {
  const watch = new ReplyWatch<ApiCall>(fake.calls);
  const user = telegramUser(8_100_001, 'ko', userName);
  const chat = fake.privateChat(user);
  return {
    platform: 'telegram',
    userName,
    async send(probe, expect) {
      const reply = watch.next((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chat.id, `Telegram reply to ${probe.telegramText}`, REPLY_TIMEOUT_MS);
      const sentAt = performance.now();
      fake.userSends(user, chat, probe.telegramText);
      const { item, atMs } = await reply;
      const text = String(item.payload.text ?? '');
      if (item.status !== 200 || !text.includes(expect)) throw new Error(`unexpected Telegram reply to ${probe.telegramText} (${item.status}): ${text}`);
      return { replyMs: atMs - sentAt };
    },
  };
}

function discordChannel(fake: FakeDiscord, userName: string): Channel {
  const watch = new ReplyWatch<RecordedRestRequest>(fake.rest.requests);
  const userId = '781000000000000001';
  return {
    platform: 'discord',
    userName,
    async send(probe, expect) {
      const interaction = slashCommand(FAKE_APPLICATION_ID, { userId, where: 'dm', locale: 'ko' }, probe.discord.name, probe.discord.options);
      const routes = interactionRoutes(interaction);
      const what = `/${probe.discord.name}`;
      const deferral = watch.next((r) => r.method === 'POST' && routes.callback.test(r.path), `Discord deferral of ${what}`, REPLY_TIMEOUT_MS);
      const edit = watch.next((r) => r.method === 'PATCH' && routes.original.test(r.path), `Discord reply edit of ${what}`, REPLY_TIMEOUT_MS);
      const sentAt = performance.now();
      fake.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
      const [deferred, edited] = await Promise.all([deferral, edit]);
      const body = JSON.stringify(edited.item.body);
      if (!body.includes(expect)) throw new Error(`unexpected Discord reply to ${what}: ${body}`);
      return { replyMs: edited.atMs - sentAt, deferMs: deferred.atMs - sentAt };
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(channel: Channel, probe: Probe, n: number, warmup: number, pauseMs: number): Promise<LatencyRow> {
  const expect = probe.expect(channel.userName);
  for (let i = 0; i < warmup; i++) {
    await channel.send(probe, expect);
    await pause(pauseMs);
  }
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    samples.push(await channel.send(probe, expect));
    await pause(pauseMs);
  }
  const defers = samples.flatMap((s) => (s.deferMs === undefined ? [] : [s.deferMs]));
  return {
    platform: channel.platform,
    command: probe.command,
    reply: latencyStats(samples.map((s) => s.replyMs)),
    ...(defers.length > 0 ? { defer: latencyStats(defers) } : {}),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  const startedAt = performance.now();
  // Undone in reverse order, on success, failure or Ctrl-C: the bot, the fakes, then core and its DATA_DIR.
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const undo of cleanups.splice(0).reverse()) {
      await undo().catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
    }
  };
  const onSignal = () => { void cleanUp().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  try {
    process.stderr.write('starting core (all-in-one, PGlite, paper bridge)…\n');
    const system = await startCoreSystem({ tierLimitsJson: TIER_LIMITS_JSON });
    cleanups.push(() => system.stop());
    const telegramCode = await system.invite('bench-tg', 'premium');
    const discordCode = await system.invite('bench-dc', 'premium');

    // The fake's flood limits (1 message/s per chat) would time Telegram's 429s and retries, not the
    // bot: commands here are sequential and each gets one reply, so they are switched off.
    const telegram = await new FakeTelegramApi({ perChatIntervalMs: 0, globalPerSecond: Number.MAX_SAFE_INTEGER }).start();
    cleanups.push(() => telegram.stop());
    const discord = await new FakeDiscord().start();
    cleanups.push(() => discord.stop());

    const bot = await startBot({
      coreUrl: system.url,
      coreToken: system.token,
      locale: 'ko',
      logger: createBotLogger({ level: 'warn', destination: pino.destination(2) }),
      adapters: [
        new TelegramChat({ token: telegram.token, apiRoot: telegram.url, botInfo: FAKE_BOT_INFO }),
        new DiscordChat(discordOptions(discord, { guildId: FAKE_GUILD_ID })),
      ],
    });
    cleanups.push(() => bot.stop());

    const channels = [telegramChannel(telegram, 'bench-tg'), discordChannel(discord, 'bench-dc')];
    const link = (code: string) => ({ telegramText: `/link ${code}`, discord: { name: 'link', options: [{ type: 3, name: 'code', value: code }] } });
    await channels[0]!.send(link(telegramCode), '연결 완료');
    await channels[1]!.send(link(discordCode), '연결 완료');

    const rows: LatencyRow[] = [];
    for (const channel of channels) {
      for (const probe of PROBES) {
        process.stderr.write(`${channel.platform} ${probe.command}: ${args.warmup} warm-up + ${args.n} timed…\n`);
        rows.push(await measure(channel, probe, args.n, args.warmup, args.pauseMs));
      }
    }

    const settings = {
      n: args.n, warmup: args.warmup, pauseMs: args.pauseMs,
      tierLimitsJson: TIER_LIMITS_JSON,
      fakeTelegramFloodLimits: 'off',
      percentiles: 'nearest rank',
    };
    const machine = { node: process.version, platform: `${os.platform()} ${os.release()}`, arch: os.arch(), cpuCount: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' };
    process.stdout.write([
      `Command → core → reply latency on loopback, ms. One linked premium user per platform; commands one at a time, ${args.pauseMs} ms apart`,
      `(keeps discord.js under its 50 requests/s global limit); ${args.warmup} untimed warm-up commands each. core: all-in-one child process`,
      `(PGlite, paper bridge) with TIER_LIMITS_JSON=${TIER_LIMITS_JSON} so the per-user command rate limit refuses nothing;`,
      'the fake Telegram API\'s flood limits are off. Telegram: update queued → sendMessage recorded. Discord: INTERACTION_CREATE',
      'dispatched → PATCH @original recorded (defer: → interaction callback recorded; Discord allows 3 s).',
      '',
      formatTable(rows),
      '',
      deferralVerdict(rows),
      '',
    ].join('\n'));

    const runtimeMs = performance.now() - startedAt;
    const outPath = resolve(args.out);
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, settings, rows, runtimeMs }, null, 2)}\n`);
    process.stdout.write(`JSON: ${outPath} (node ${machine.node}, ${machine.cpuCount} CPUs, ${(runtimeMs / 1000).toFixed(1)} s)\n`);
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

await main(process.argv.slice(2));

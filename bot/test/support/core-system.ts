import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bot/test/support → ../../..): the scripts below are run from there, as npm does. */
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A real core (all-in-one: core on PGlite + the in-process paper bridge, chat only if `env` turns a platform on) in a child process. */
export interface CoreSystem {
  url: string;
  /** core's service token, read from DATA_DIR/service-token. */
  token: string;
  /** Creates a user with `admin-cli invite`; returns its one-time link code. */
  invite(name: string, tier: 'free' | 'basic' | 'premium'): Promise<string>;
  /** Stops the child (SIGTERM, then SIGKILL) and removes its data directory. Idempotent. */
  stop(): Promise<void>;
}

export interface CoreSystemOptions {
  /** TIER_LIMITS_JSON for core, e.g. to lift the per-user command rate limit. */
  tierLimitsJson?: string;
  startTimeoutMs?: number;
  /** More variables for the system, e.g. a chat platform's token and API root. */
  env?: NodeJS.ProcessEnv;
}

/** Runs one of the repository's scripts the way npm does: node with the source condition and tsx. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // stdin ignored: not a TTY, so all-in-one starts no terminal chat.
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Output of a child: stdout alone, and stdout and stderr interleaved (for error messages). */
function collect(child: ChildProcess): { stdout: () => string; text: () => string; exit: Promise<number | null> } {
  let stdout = '';
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); out += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return { stdout: () => stdout, text: () => out, exit };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the system and waits until core answers /health with its bridge connected. */
export async function startCoreSystem(options: CoreSystemOptions = {}): Promise<CoreSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'td-bot-system-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // PGlite in the fresh DATA_DIR and a token of its own: nothing from the caller's environment.
  for (const name of ['DATABASE_URL', 'CORE_TOKEN', 'BRIDGE_URL', 'LOG_FILE']) delete env[name];
  Object.assign(env, {
    DATA_DIR: dataDir, CORE_PORT: String(port), CORE_URL: url, LOG_LEVEL: 'warn', DEFAULT_LOCALE: 'ko',
    // Empty, not unset: a repository .env never overrides a variable that is set.
    DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '',
    ...(options.tierLimitsJson ? { TIER_LIMITS_JSON: options.tierLimitsJson } : {}),
    ...options.env,
  });

  const child = runScript('core/src/all-in-one.ts', [], env);
  const output = collect(child);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await output.exit;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      const health = await fetch(`${url}/health`).then((r) => r.json() as Promise<{ bridgeConnected?: boolean }>, () => null);
      if (health?.bridgeConnected === true) break;
      if (child.exitCode !== null) throw new Error(`core exited with ${child.exitCode}:\n${output.text()}`);
      if (Date.now() > deadline) throw new Error(`core did not become healthy in time:\n${output.text()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = readFileSync(join(dataDir, 'service-token'), 'utf8').trim();
    const invite = async (name: string, tier: 'free' | 'basic' | 'premium') => {
      const run = collect(runScript('core/src/admin-cli.ts', ['invite', '--name', name, '--tier', tier], env));
      const code = await run.exit;
      const last = run.stdout().trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/.test(last)) throw new Error(`admin-cli invite failed (${code}):\n${run.text()}`);
      return last;
    };
    return { url, token, invite, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

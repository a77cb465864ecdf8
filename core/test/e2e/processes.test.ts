import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { testBackends } from '../support/test-db.js';

/** Runs one of the README's scripts the way npm does: node with the source condition and tsx. */
function run(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { text: () => string; exit: Promise<number | null> } {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  return { text: () => out, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.each(testBackends())('the whole system as separate processes on %s', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'td-e2e-'));
  let env: NodeJS.ProcessEnv;
  let system: ChildProcess;
  let systemOutput: ReturnType<typeof collect>;
  let databaseName: string | null = null;

  beforeAll(async () => {
    const port = await freePort();
    env = { DATA_DIR: dataDir, CORE_PORT: String(port), CORE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', PAPER_TICK_INTERVAL_MS: '200', DEFAULT_LOCALE: 'ko' };
    if (backend === 'postgres') {
      const serverUrl = process.env['TEST_DATABASE_URL']!;
      databaseName = `td_e2e_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database "${databaseName}"`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${databaseName}`;
      env['DATABASE_URL'] = url.toString();
    }
    system = run('core/src/all-in-one.ts', [], env);
    systemOutput = collect(system);
    await until(async () => {
      const health = await fetch(`${env['CORE_URL']}/health`).then((r) => r.json() as Promise<{ bridgeConnected: boolean }>, () => null);
      return health?.bridgeConnected === true;
    }, `core and its bridge to start:\n${systemOutput?.text()}`, 60_000);
  }, 90_000);

  afterAll(async () => {
    system?.kill('SIGTERM');
    await systemOutput?.exit;
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseName) {
      const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
      await admin.connect();
      await admin.query(`drop database if exists "${databaseName}" with (force)`);
      await admin.end();
    }
  });

  it('invite → link → buy → fill notification → position and balance, then a graceful stop', async () => {
    const invite = collect(run('core/src/admin-cli.ts', ['invite', '--name', 'alice', '--tier', 'premium'], env));
    expect(await invite.exit).toBe(0);
    const code = invite.text().trim().split('\n').at(-1)!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);

    const chatProcess = run('bot/src/chat-cli.ts', ['--as', 'alice', '--linger-ms', '300'], env);
    const chat = collect(chatProcess);
    // `1` presses the draft's first button: Confirm (the console shows buttons as numbered choices).
    chatProcess.stdin!.write(`/link ${code}\n/buy 005930 3\n1\n`);
    await until(() => chat.text().includes('체결 완료'), `the fill notification in:\n${chat.text()}`);
    chatProcess.stdin!.end('/positions\n/balance\n/link WRONG-CODE\n');
    expect(await chat.exit).toBe(0);
    const out = chat.text();
    expect(out).toContain('연결 완료');
    expect(out).toContain('[페이퍼] 매수 주문 확인');
    expect(out).toMatch(/삼성전자\(005930\) 3주/);
    expect(out).toContain('예수금');
    expect(out).toContain('[페이퍼]');
    // A wrong code after linking: a clear refusal, nothing else.
    expect(out).toMatch(/코드|code/i);

    system.kill('SIGTERM');
    expect(await systemOutput.exit).toBe(0);
  }, 90_000);
});

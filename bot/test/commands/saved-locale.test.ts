import { afterEach, beforeEach, expect, it } from 'vitest';
import { FakeCore } from '../support/fake-core.js';
import { runLine, testDeps } from '../support/harness.js';

// The language a user chose with /lang wins over their chat client's: core reports it in
// `content-language` on every answer for that user, and the reply is rendered in it.
let core: FakeCore;
beforeEach(async () => { core = await new FakeCore().start(); });
afterEach(async () => { await core.stop(); });

const BALANCE = { accountKind: 'paper', cashKrw: 1_000_000, positionsValueKrw: 0, totalKrw: 1_000_000 };

it("should answer in the language core reports for the user, not the chat client's", async () => {
  core.on('balance', () => ({ status: 200, body: BALANCE, headers: { 'content-language': 'en' } }));
  const reply = await runLine(core, '/balance', 'ko');
  expect(reply?.title).toMatch(/\] Balance$/);
});

it("should keep the chat client's language when core reports none", async () => {
  core.ok('balance', BALANCE);
  const reply = await runLine(core, '/balance', 'ko');
  expect(reply?.title).toMatch(/\] 잔고$/);
});

it('should use the saved language for errors too, and remember it for the next command', async () => {
  const deps = testDeps(core);
  core.on('balance', () => ({ status: 403, body: { error: { code: 'PRIVATE_CHAT_REQUIRED', params: {} } }, headers: { 'content-language': 'en' } }));
  const refused = await runLine(core, '/balance', 'ko', { deps });
  expect(refused?.text).toContain('private chat');
  const help = await runLine(core, '/help', 'ko', { deps });
  expect(help?.title).toBe('Tradedesk commands');
});

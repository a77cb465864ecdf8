import { FakeDiscordGateway } from './fake-discord-gateway.js';
import { FakeDiscordRest } from './fake-discord-rest.js';

export * from './fake-discord-gateway.js';
export * from './fake-discord-rest.js';
export * from './interaction-payloads.js';

export const FAKE_APPLICATION_ID = '940000000000000001';
export const FAKE_DISCORD_TOKEN = 'fake-discord-bot-token.0123456789';

/** A fake Discord on loopback: REST (gateway discovery points at the fake gateway) plus the gateway. */
export class FakeDiscord {
  readonly rest = new FakeDiscordRest();
  readonly gateway = new FakeDiscordGateway();

  async start(): Promise<this> {
    await Promise.all([this.rest.start(), this.gateway.start()]);
    this.rest.gatewayUrl = this.gateway.url;
    this.gateway.applicationId = FAKE_APPLICATION_ID;
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway.stop(), this.rest.stop()]);
  }
}

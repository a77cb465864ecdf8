import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_BOT_USER } from './fake-discord-rest.js';

export const FAKE_GUILD_ID = '910000000000000001';
export const FAKE_GUILD_CHANNEL_ID = '920000000000000001';

interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

/**
 * Discord's gateway on 127.0.0.1 (JSON encoding, no compression — what @discordjs/ws 1.x uses when
 * zlib-sync is absent): HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, and dispatches of
 * whatever the test sends (INTERACTION_CREATE).
 */
export class FakeDiscordGateway {
  readonly identifies: Array<{ token: string; intents: number }> = [];
  readonly connectionQueries: URLSearchParams[] = [];
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #sequence = 0;
  applicationId = '';
  url = '';

  constructor() {
    this.#server = createServer();
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket, req) => this.#onConnection(socket, new URL(req.url ?? '/', 'ws://x').searchParams));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  get connected(): number {
    return this.#sockets.size;
  }

  /** Sends a dispatch (op 0) with the next sequence number to every identified client. */
  dispatch(type: string, data: unknown): void {
    this.#sequence += 1;
    const frame = JSON.stringify({ op: 0, t: type, s: this.#sequence, d: data });
    for (const socket of this.#sockets) socket.send(frame);
  }

  #onConnection(socket: WebSocket, query: URLSearchParams): void {
    this.connectionQueries.push(query);
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as GatewayFrame;
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (frame.op === 2) this.#onIdentify(socket, frame.d as { token: string; intents: number });
    });
  }

  #onIdentify(socket: WebSocket, identify: { token: string; intents: number }): void {
    this.identifies.push({ token: identify.token, intents: identify.intents });
    const send = (t: string, d: unknown) => {
      this.#sequence += 1;
      socket.send(JSON.stringify({ op: 0, t, s: this.#sequence, d }));
    };
    send('READY', {
      v: 10, user: FAKE_BOT_USER, guilds: [{ id: FAKE_GUILD_ID, unavailable: true }], session_id: 'fake-session-1',
      resume_gateway_url: this.url, shard: [0, 1], application: { id: this.applicationId, flags: 0 }, user_settings: {},
      private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [],
    });
    send('GUILD_CREATE', {
      id: FAKE_GUILD_ID, name: 'Tradedesk test', icon: null, owner_id: '930000000000000001', afk_channel_id: null,
      afk_timeout: 300, verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0,
      roles: [{ id: FAKE_GUILD_ID, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 }],
      emojis: [], stickers: [], features: [], mfa_level: 0, application_id: null, system_channel_id: null, system_channel_flags: 0,
      rules_channel_id: null, vanity_url_code: null, description: null, banner: null, premium_tier: 0, preferred_locale: 'ko',
      public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
      joined_at: new Date().toISOString(), large: false, unavailable: false, member_count: 2, voice_states: [], members: [],
      channels: [{ id: FAKE_GUILD_CHANNEL_ID, type: 0, guild_id: FAKE_GUILD_ID, name: 'trading', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 }],
      threads: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    });
  }
}

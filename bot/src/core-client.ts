import {
  ADMIN_COMMANDS, CORE_COMMANDS, errorBodySchema, localeSchema,
  type AdminActor, type AdminCommandInput, type AdminCommandName, type AdminCommandOutput,
  type ChatIdentity, type CoreCommandInput, type CoreCommandName, type CoreCommandOutput,
  type ErrorCode, type ErrorParams, type Locale,
} from '@tradedesk/contracts';
import type { z } from 'zod';

/** An error core answered with: a contract code and its params, rendered by the bot per locale. */
export class CoreError extends Error {
  override name = 'CoreError';
  constructor(readonly code: ErrorCode, readonly params: ErrorParams = {}, readonly status = 0) {
    super(code);
  }
}

/**
 * core could not be reached or did not answer in time. After a timeout the outcome of a write is
 * unknown (the request may have been applied), so callers must not treat it as "not done".
 */
export class CoreUnavailableError extends Error {
  override name = 'CoreUnavailableError';
  constructor(readonly reason: 'unreachable' | 'timeout', options?: { cause?: unknown }) {
    super(`core ${reason}`, options);
  }
}

/** core answered something outside the contract (wrong version, a proxy's error page). */
export class CoreProtocolError extends Error {
  override name = 'CoreProtocolError';
  constructor(message: string, readonly status: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface CoreClientOptions {
  /** e.g. `http://127.0.0.1:8787`; a trailing slash is ignored. */
  baseUrl: string;
  token: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CommandCall<N extends CoreCommandName> {
  identity: ChatIdentity;
  idempotencyKey?: string;
  input: CoreCommandInput<N>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Chat accounts whose chosen language is remembered (about 100 users with a few chat accounts each, with room). */
const SAVED_LOCALES_MAX = 10_000;

/**
 * Typed client of core's HTTP API. Inputs are checked against the contract before sending, outputs
 * parsed with it; a non-2xx answer becomes a {@link CoreError}, a network failure or timeout a
 * {@link CoreUnavailableError}. The token is held privately and never logged.
 */
export class CoreClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  /** The language each chat account's user chose (`lang`), as core last reported it. Bounded. */
  readonly #savedLocales = new Map<string, Locale>();

  constructor(options: CoreClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Runs a chat command (`POST /v1/commands/<name>`) for a chat identity. */
  async command<N extends CoreCommandName>(name: N, call: CommandCall<N>): Promise<CoreCommandOutput<N>> {
    const spec = CORE_COMMANDS[name];
    const input: unknown = (spec.input as z.ZodType).parse(call.input);
    const body = { identity: call.identity, idempotencyKey: call.idempotencyKey, input };
    const raw = await this.#post(`/v1/commands/${name}`, body, (locale) => this.#rememberLocale(call.identity, locale));
    return parseOutput(spec.output, raw, name) as CoreCommandOutput<N>;
  }

  /** The language this chat account's user chose with `lang`, once core has answered for them. */
  savedLocaleOf(identity: Pick<ChatIdentity, 'platform' | 'platformUserId'>): Locale | undefined {
    return this.#savedLocales.get(`${identity.platform}:${identity.platformUserId}`);
  }

  #rememberLocale(identity: Pick<ChatIdentity, 'platform' | 'platformUserId'>, locale: Locale): void {
    const key = `${identity.platform}:${identity.platformUserId}`;
    this.#savedLocales.delete(key);
    this.#savedLocales.set(key, locale);
    if (this.#savedLocales.size > SAVED_LOCALES_MAX) this.#savedLocales.delete(this.#savedLocales.keys().next().value as string);
  }

  /** Runs an operator command (`POST /v1/admin/<name>`); core checks that `actor` is an operator. */
  async admin<N extends AdminCommandName>(
    name: N, actor: AdminActor, input: AdminCommandInput<N>,
  ): Promise<AdminCommandOutput<N>> {
    const spec = ADMIN_COMMANDS[name];
    const parsedInput: unknown = (spec.input as z.ZodType).parse(input);
    const raw = await this.#post(`/v1/admin/${name}`, { actor, input: parsedInput });
    return parseOutput(spec.output, raw, name) as AdminCommandOutput<N>;
  }

  async #post(path: string, body: unknown, onLocale?: (locale: Locale) => void): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      throw new CoreUnavailableError(isTimeout(err) ? 'timeout' : 'unreachable', { cause: err });
    }
    const saved = localeSchema.safeParse(response.headers.get('content-language'));
    if (saved.success) onLocale?.(saved.data);
    const json = await readJson(response);
    if (response.ok) return json.value;
    const parsed = errorBodySchema.safeParse(json.value);
    if (parsed.success) throw new CoreError(parsed.data.error.code, parsed.data.error.params, response.status);
    // Gateways answer 502-504 with their own pages while core is down or restarting.
    if (response.status >= 502 && response.status <= 504) throw new CoreUnavailableError('unreachable');
    throw new CoreProtocolError(`unexpected ${response.status} answer from core`, response.status);
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

async function readJson(response: Response): Promise<{ value: unknown }> {
  try {
    return { value: await response.json() };
  } catch (err) {
    if (isTimeout(err)) throw new CoreUnavailableError('timeout', { cause: err });
    return { value: undefined };
  }
}

function parseOutput(schema: z.ZodType, raw: unknown, name: string): unknown {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new CoreProtocolError(`core's answer to ${name} does not match the contract`, 200, { cause: parsed.error });
  }
  return parsed.data;
}

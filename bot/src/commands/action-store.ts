import { randomBytes } from 'node:crypto';
import type { Platform } from '@tradedesk/contracts';
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { CommandContext } from './context.js';
import type { ActionStyle, ChatReply, ReplyAction } from './reply.js';

/** How long a button works after it was shown (CHAT-PLATFORMS.md C1). */
export const ACTION_TTL_MS = 60_000;
/** Pending button groups kept at once; the oldest go first beyond this. */
export const ACTIONS_MAX = 10_000;
/** Buttons under one reply. */
export const CHOICES_PER_ACTION_MAX = 8;

/** Who may press: the person the buttons were made for. */
export interface ActionOwner {
  platform: Platform;
  platformUserId: string;
}

/** One button: what it shows and what pressing it does. */
export interface ActionChoice {
  label: string;
  style: ActionStyle;
  /** Whether pressing it changes something (a timeout then leaves the outcome unknown). */
  write?: boolean;
  /** Runs at most once for the whole group; `ctx.idempotencyKey` is the press's delivery id. */
  run(ctx: CommandContext, groupId: string): Promise<ChatReply>;
}

/** Button ids as adapters hand them back: `<group>.<index>`, ASCII, at most 64 bytes. */
export const actionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,40}\.[0-9]$/);

export type ActionClaim =
  | { ok: true; groupId: string; choice: ActionChoice }
  | { ok: false; reason: 'expired' | 'not_yours' | 'already_handled' };

interface ActionGroup {
  owner: ActionOwner;
  expiresAtMs: number;
  choices: readonly ActionChoice[];
  consumed: boolean;
}

export interface ActionStoreOptions {
  clock: Pick<Clock, 'now'>;
  /** A fresh unguessable id per group: 8-40 of `A-Za-z0-9_-` (default: 16 random bytes, base64url). */
  newId?: () => string;
  ttlMs?: number;
  maxGroups?: number;
}

/**
 * The state behind reply buttons (confirmations, symbol choices). A group of buttons is bound to
 * the person who asked and expires; pressing one consumes the whole group synchronously, so a
 * double press or a press on the sibling button never runs anything a second time. Bounded: beyond
 * `maxGroups` the oldest are forgotten (their buttons then answer "expired").
 */
export class ActionStore {
  readonly ttlMs: number;
  readonly #groups = new Map<string, ActionGroup>();
  readonly #clock: Pick<Clock, 'now'>;
  readonly #newId: () => string;
  readonly #maxGroups: number;

  constructor(options: ActionStoreOptions) {
    this.#clock = options.clock;
    this.#newId = options.newId ?? (() => randomBytes(16).toString('base64url'));
    this.ttlMs = options.ttlMs ?? ACTION_TTL_MS;
    this.#maxGroups = options.maxGroups ?? ACTIONS_MAX;
  }

  /** Registers a group of buttons for `owner` and returns them as reply actions. */
  register(owner: ActionOwner, choices: readonly ActionChoice[]): ReplyAction[] {
    if (choices.length === 0 || choices.length > CHOICES_PER_ACTION_MAX) throw new Error(`ActionStore: 1-${CHOICES_PER_ACTION_MAX} choices`);
    const groupId = this.#newId();
    if (!/^[A-Za-z0-9_-]{8,40}$/.test(groupId) || this.#groups.has(groupId)) throw new Error('ActionStore: id source gave an unusable id');
    this.#prune();
    this.#groups.set(groupId, {
      owner: { platform: owner.platform, platformUserId: owner.platformUserId },
      expiresAtMs: this.#clock.now() + this.ttlMs,
      choices,
      consumed: false,
    });
    return choices.map((c, i) => ({ id: `${groupId}.${i}`, label: c.label, style: c.style }));
  }

  /**
   * Claims a press: refuses another person (the group stays usable for its owner), an expired or
   * unknown id, and a group already pressed. On success the group is consumed before returning.
   */
  claim(actionId: string, presser: ActionOwner): ActionClaim {
    if (!actionIdSchema.safeParse(actionId).success) return { ok: false, reason: 'expired' };
    const [groupId, indexText] = actionId.split('.') as [string, string];
    const group = this.#groups.get(groupId);
    const choice = group?.choices[Number(indexText)];
    if (!group || !choice || this.#clock.now() >= group.expiresAtMs) return { ok: false, reason: 'expired' };
    if (group.owner.platform !== presser.platform || group.owner.platformUserId !== presser.platformUserId) {
      return { ok: false, reason: 'not_yours' };
    }
    if (group.consumed) return { ok: false, reason: 'already_handled' };
    group.consumed = true;
    return { ok: true, groupId, choice };
  }

  /** Groups held now (pending or pressed, until they expire). */
  get size(): number {
    return this.#groups.size;
  }

  #prune(): void {
    const nowMs = this.#clock.now();
    // Every group lives the same TTL, so insertion order is expiry order.
    for (const [id, group] of this.#groups) {
      if (group.expiresAtMs > nowMs) break;
      this.#groups.delete(id);
    }
    for (const id of this.#groups.keys()) {
      if (this.#groups.size < this.#maxGroups) break;
      this.#groups.delete(id);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { ActionStore, type ActionChoice } from '../../src/commands/action-store.js';
import { ManualClock } from '../support/manual-clock.js';

const noop: ActionChoice = { label: 'ok', style: 'confirm', run: async () => ({ text: 'ran' }) };
const KIM = { platform: 'telegram', platformUserId: '42' } as const;

function store(options: { maxGroups?: number } = {}) {
  const clock = new ManualClock();
  let n = 0;
  return { clock, actions: new ActionStore({ clock, newId: () => `group-${String(++n).padStart(4, '0')}`, ...options }) };
}

describe('ActionStore', () => {
  it('should make short ASCII ids, one per button, and use random ones by default', () => {
    const ids = new ActionStore({ clock: new ManualClock() }).register(KIM, [noop, noop]).map((a) => a.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}\.[01]$/);
    expect(ids[0]!.split('.')[0]).toBe(ids[1]!.split('.')[0]);
    const other = new ActionStore({ clock: new ManualClock() }).register(KIM, [noop])[0]!.id;
    expect(other.split('.')[0]).not.toBe(ids[0]!.split('.')[0]);
  });

  it('should consume the whole group on the first successful claim', () => {
    const { actions } = store();
    const [a, b] = actions.register(KIM, [noop, noop]);
    expect(actions.claim(a!.id, KIM)).toMatchObject({ ok: true, groupId: 'group-0001' });
    expect(actions.claim(a!.id, KIM)).toEqual({ ok: false, reason: 'already_handled' });
    expect(actions.claim(b!.id, KIM)).toEqual({ ok: false, reason: 'already_handled' });
  });

  it('should refuse another person without consuming, including the same user id on another platform', () => {
    const { actions } = store();
    const [a] = actions.register(KIM, [noop]);
    expect(actions.claim(a!.id, { platform: 'telegram', platformUserId: '43' })).toEqual({ ok: false, reason: 'not_yours' });
    expect(actions.claim(a!.id, { platform: 'discord', platformUserId: '42' })).toEqual({ ok: false, reason: 'not_yours' });
    expect(actions.claim(a!.id, KIM).ok).toBe(true);
  });

  it('should expire at the TTL, not a millisecond before', async () => {
    const { actions, clock } = store();
    const [a] = actions.register(KIM, [noop]);
    const [b] = actions.register(KIM, [noop]);
    await clock.advance(actions.ttlMs - 1);
    expect(actions.claim(a!.id, KIM).ok).toBe(true);
    await clock.advance(1);
    expect(actions.claim(b!.id, KIM)).toEqual({ ok: false, reason: 'expired' });
  });

  it('should stay within its bound, forgetting the oldest groups first and dropping expired ones', async () => {
    const { actions, clock } = store({ maxGroups: 3 });
    const ids = [1, 2, 3, 4].map(() => actions.register(KIM, [noop])[0]!.id);
    expect(actions.size).toBe(3);
    expect(actions.claim(ids[0]!, KIM)).toEqual({ ok: false, reason: 'expired' });
    expect(actions.claim(ids[3]!, KIM).ok).toBe(true);
    await clock.advance(actions.ttlMs);
    actions.register(KIM, [noop]);
    expect(actions.size).toBe(1);
  });

  it('should refuse an id source that gives unusable or repeated ids', () => {
    const clock = new ManualClock();
    expect(() => new ActionStore({ clock, newId: () => 'has space' }).register(KIM, [noop])).toThrow();
    const repeating = new ActionStore({ clock, newId: () => 'same-id-1' });
    repeating.register(KIM, [noop]);
    expect(() => repeating.register(KIM, [noop])).toThrow();
    expect(() => repeating.register(KIM, [])).toThrow();
  });
});

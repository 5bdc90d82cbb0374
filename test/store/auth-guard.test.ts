import { afterEach, describe, expect, it } from 'vitest';
import type { GuardSubject } from '../../src/store/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const user: GuardSubject = { scope: 'user', id: 'example.com:alice', maxFailures: 3 };
const source: GuardSubject = { scope: 'source', id: '198.51.100.7', maxFailures: 5 };
const policy = { windowMs: 60_000, lockoutMs: 400 };

describe.each(STORE_KINDS)('auth guard store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('locks a user after maxFailures and releases after the lockout', async () => {
    s = await makeStore(kind);
    const g = s.store.guard;
    expect(await g.recordFailure([user, source], policy)).toEqual([]);
    expect(await g.recordFailure([user, source], policy)).toEqual([]);
    expect(await g.lockedOut([user, source])).toBeUndefined();
    expect(await g.recordFailure([user, source], policy)).toEqual([user]);
    const lock = await g.lockedOut([user, source]);
    expect(lock?.subject).toEqual(user);
    expect(lock!.remainingMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    s.advance(500);
    expect(await g.lockedOut([user, source])).toBeUndefined();
  });

  it('success clears the user count but not the source count', async () => {
    s = await makeStore(kind);
    const g = s.store.guard;
    expect(await g.hasFailures(user)).toBe(false);
    for (let i = 0; i < 2; i++) await g.recordFailure([user, source], policy);
    expect(await g.hasFailures(user)).toBe(true);
    await g.recordSuccess(user);
    expect(await g.hasFailures(user)).toBe(false);
    for (let i = 0; i < 2; i++) expect(await g.recordFailure([user, source], policy)).toEqual([]);
    expect(await g.recordFailure([user, source], policy)).toEqual([user, source]);
  });

  it('operator unlock clears a lockout', async () => {
    s = await makeStore(kind);
    const g = s.store.guard;
    const strict = { ...user, maxFailures: 1 };
    await g.recordFailure([strict], { windowMs: 60_000, lockoutMs: 60_000 });
    expect(await g.lockedOut([strict])).toBeDefined();
    await g.clear(strict);
    expect(await g.lockedOut([strict])).toBeUndefined();
  });

  it('lists the standing lockouts, soonest to end first, until unlocked', async () => {
    s = await makeStore(kind);
    const g = s.store.guard;
    expect(await g.lockouts()).toEqual([]);
    await g.recordFailure([{ ...source, maxFailures: 1 }], { windowMs: 60_000, lockoutMs: 120_000 });
    await g.recordFailure([{ ...user, maxFailures: 1 }], { windowMs: 60_000, lockoutMs: 60_000 });
    const listed = await g.lockouts();
    expect(listed.map((l) => [l.scope, l.id])).toEqual([
      ['user', 'example.com:alice'],
      ['source', '198.51.100.7'],
    ]);
    expect(listed[0]!.remainingMs).toBeGreaterThan(50_000);
    await g.clear(user);
    expect((await g.lockouts()).map((l) => l.id)).toEqual(['198.51.100.7']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { AuthQuery, GuardSubject } from '../../src/store/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const user: GuardSubject = { scope: 'user', id: 'example.com:alice', maxFailures: 2 };
const source: GuardSubject = { scope: 'source', id: '198.51.100.7', maxFailures: 5 };
const policy = { windowMs: 60_000, lockoutMs: 60_000 };

const T0 = 1_700_000_000_000;

function query(nc: string, fingerprint: string, account: AuthQuery['account'] = { realm: 'example.com', username: 'alice' }, atMs = T0): AuthQuery {
  return { account, subjects: [user, source], claim: { nonce: 'n-1', nc, fingerprint, atMs, ttlMs: 60_000 } };
}
const alice = { realm: 'example.com', username: 'alice' };

// The one-round-trip read (a Lua script on Redis) must answer exactly as the separate stores do.
describe.each(STORE_KINDS)('authentication snapshot (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('reads the subscriber, failures and lockouts, and claims the (nonce, nc) once', async () => {
    s = await makeStore(kind);
    await s.store.subscribers.put({ username: 'alice', realm: 'example.com', ha1: { MD5: 'a'.repeat(32) }, number: '201', cui: 'cui-alice', enabled: true });

    const first = await s.store.authSnapshot(query('00000001', 'req-1'));
    expect(first).toMatchObject({ lock: undefined, userHasFailures: false, claim: 'first', subscriber: { username: 'alice', number: '201' } });
    expect((await s.store.authSnapshot(query('00000001', 'req-1', alice, T0 + 32_000))).claim).toBe('retransmission');
    expect((await s.store.authSnapshot(query('00000001', 'req-1', alice, T0 + 32_001))).claim).toBe('replay');
    expect((await s.store.authSnapshot(query('00000001', 'req-2'))).claim).toBe('replay');
    expect(await s.store.nonces.claim({ nonce: 'n-1', nc: '00000002', fingerprint: 'x', atMs: T0, ttlMs: 60_000 })).toBe('first');
    expect((await s.store.authSnapshot(query('00000002', 'x', alice, T0 + 1_000))).claim).toBe('retransmission');
    expect((await s.store.authSnapshot(query('00000002', 'req-3'))).claim).toBe('replay');

    await s.store.guard.recordFailure([user, source], policy);
    expect((await s.store.authSnapshot(query('00000003', 'req-4'))).userHasFailures).toBe(true);
    await s.store.guard.recordFailure([user, source], policy);
    const locked = await s.store.authSnapshot(query('00000004', 'req-5'));
    expect(locked.lock?.subject.scope).toBe('user');
    expect(locked.lock?.remainingMs).toBeGreaterThan(0);
  });

  it('finds local phones by CUI, and answers unknown accounts with no subscriber', async () => {
    s = await makeStore(kind);
    await s.store.subscribers.put({ username: 'bob', realm: 'example.com', ha1: {}, number: '202', cui: 'cui-bob', enabled: true });
    expect((await s.store.authSnapshot(query('00000001', 'a', { cui: 'cui-bob' }))).subscriber?.username).toBe('bob');
    expect((await s.store.authSnapshot(query('00000002', 'b', { realm: 'example.com', username: 'nobody' }))).subscriber).toBeUndefined();
    expect((await s.store.authSnapshot(query('00000003', 'c', undefined))).subscriber).toBeUndefined();
  });
});

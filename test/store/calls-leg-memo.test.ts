// A leg's Interim and Stop skip the read when this instance recorded its Start (leg-keys-memo.ts);
// another instance, or a leg that changed under the memory, must still be recorded right.
import { afterEach, describe, expect, it } from 'vitest';
import { Keys, legShard, redisStore, type LegEvent, type Store } from '../../src/store/index.js';
import { makeStore, REDIS_KINDS, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

function ev(status: LegEvent['status'], over: Partial<LegEvent> = {}): LegEvent {
  return {
    status,
    sessionId: 'leg-m',
    callId: 'call-m@phone',
    firebrick: 'fb1',
    radiusSource: '127.0.0.1',
    called: '01632960123',
    calling: '201',
    startedAt: 1_700_000_000,
    receivedAt: Date.now(),
    ...over,
  };
}

describe.each(REDIS_KINDS)('remembered leg keys (%s)', (kind) => {
  let s: StoreUnderTest;
  let other: Store | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
    await s?.close();
  });

  it('records the Stop at a second instance that never saw the Start', async () => {
    s = await makeStore(kind);
    other = redisStore(s.redis!, s.prefix, TEST_CALL_POLICY);
    await s.store.calls.noteCaller('call-m@phone', ['example.com:alice'], 60_000);
    expect(await s.store.calls.record(ev('start'))).toBe('stored');
    expect(await other.calls.record(ev('interim', { sessionTime: 3 }))).toBe('stored');
    expect(await s.store.calls.record(ev('stop', { sessionTime: 30 }))).toBe('stored');
    expect(await other.calls.record(ev('stop', { sessionTime: 30 }))).toBe('duplicate');
    expect(await s.store.calls.activeCount('example.com:alice')).toBe(0);
    const [record] = await s.store.calls.records(0, 10);
    expect(record!.fields).toMatchObject({ session_id: 'leg-m', identities: 'example.com:alice', connected_seconds: '30', answered: '1' });
  });

  it('reads the leg again when it counts in other sets than the Start left it in', async () => {
    s = await makeStore(kind);
    await s.store.calls.noteCaller('call-m@phone', ['example.com:alice'], 60_000);
    expect(await s.store.calls.record(ev('start'))).toBe('stored');
    // As if another instance had recorded the leg for another caller: the remembered keys are wrong.
    const legKey = new Keys(s.prefix).leg(legShard('leg-m', TEST_CALL_POLICY.shards), 'leg-m');
    const leg = JSON.parse((await s.redis!.get(legKey))!) as Record<string, unknown>;
    await s.redis!.set(legKey, JSON.stringify({ ...leg, identities: ['example.com:bob'] }), 'PX', 60_000);
    expect(await s.store.calls.record(ev('stop', { sessionTime: 12 }))).toBe('stored');
    const [record] = await s.store.calls.records(0, 10);
    expect(record!.fields).toMatchObject({ session_id: 'leg-m', identities: 'example.com:bob' });
    expect(await s.store.calls.activeLegs()).toEqual([]);
  });
});

// Call duration limits in the call store (README → Call duration limits): a leg carries the limit
// noted for its Call-ID, is due once its Interim is that long past, is taken by exactly one sweeper,
// and its Stop records the cut. One contract, every store.
import { afterEach, describe, expect, it } from 'vitest';
import { redisStore, type LegEvent, type Store } from '../../src/store/index.js';
import { connectTest, makeStore, REDIS_KINDS, STORE_KINDS, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

const T0 = 1_800_000_000_000;
/** How long a claim is left to its sweeper before the leg may be taken again. */
const LEASE = 60_000;

function ev(status: LegEvent['status'], sessionId: string, receivedAt: number, over: Partial<LegEvent> = {}): LegEvent {
  return {
    status,
    sessionId,
    callId: `${sessionId}@phone`,
    firebrick: 'fb1',
    radiusSource: '127.0.0.1',
    nasIdentifier: 'fb1.example',
    called: '01632960123',
    calling: '201',
    receivedAt,
    ...over,
  };
}

/** Start at T0, Interim (connected) at T0 + 5 s: with a 60 s limit the leg is due at T0 + 65 s. */
async function answeredLeg(store: Store, sessionId: string, limitSeconds?: number): Promise<void> {
  if (limitSeconds !== undefined) await store.calls.noteLimit(`${sessionId}@phone`, limitSeconds, 60_000);
  expect(await store.calls.record(ev('start', sessionId, T0))).toBe('stored');
  expect(await store.calls.record(ev('interim', sessionId, T0 + 5_000, { sessionTime: 5 }))).toBe('stored');
}

async function recordOf(store: Store, sessionId: string): Promise<Record<string, string> | undefined> {
  return (await store.calls.records(0, 100)).find((r) => r.fields.session_id === sessionId)?.fields;
}

describe.each(STORE_KINDS)('duration limits in the call store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('makes an answered leg due at its limit after the Interim, hands it out once, and its Stop records the cut', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'cut-1', 60);
    expect(await s.store.calls.leg('cut-1')).toMatchObject({ maxDurationSeconds: 60, dueAt: T0 + 65_000 });
    expect(await s.store.calls.claimDue(T0 + 64_999, 10, LEASE)).toEqual([]);
    const [taken, ...more] = await s.store.calls.claimDue(T0 + 65_000, 10, LEASE);
    expect(more).toEqual([]);
    expect(taken).toMatchObject({ sessionId: 'cut-1', firebrick: 'fb1', radiusSource: '127.0.0.1', maxDurationSeconds: 60 });
    expect(await s.store.calls.claimDue(T0 + 70_000, 10, LEASE)).toEqual([]);
    expect(await s.store.calls.record(ev('stop', 'cut-1', T0 + 66_000, { sessionTime: 61, terminateCause: 6 }))).toBe('stored');
    expect(await recordOf(s.store, 'cut-1')).toMatchObject({ cut: 'max-duration', max_duration: '60', connected_seconds: '61', terminate_cause: '6' });
  });

  it('takes a leg again, once per lease, while its cut has not ended it (its sweeper died, or no Stop came)', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'lost-cut', 60);
    expect(await s.store.calls.claimDue(T0 + 65_000, 10, LEASE)).toHaveLength(1);
    expect(await s.store.calls.claimDue(T0 + 65_000 + LEASE - 1, 10, LEASE)).toEqual([]);
    expect((await s.store.calls.claimDue(T0 + 65_000 + LEASE, 10, LEASE)).map((l) => l.sessionId)).toEqual(['lost-cut']);
    expect(await s.store.calls.claimDue(T0 + 65_000 + LEASE + 1, 10, LEASE)).toEqual([]);
    await s.store.calls.record(ev('stop', 'lost-cut', T0 + 200_000, { sessionTime: 190 }));
    expect(await s.store.calls.claimDue(T0 + 10 * LEASE, 10, LEASE)).toEqual([]);
    expect(await recordOf(s.store, 'lost-cut')).toMatchObject({ cut: 'max-duration' });
  });

  it('takes a leg that stops before its limit out of the due set: it is never handed out, nor marked cut', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'in-time', 60);
    expect(await s.store.calls.record(ev('stop', 'in-time', T0 + 30_000, { sessionTime: 25 }))).toBe('stored');
    expect(await s.store.calls.claimDue(T0 + 3_600_000, 10, LEASE)).toEqual([]);
    const record = await recordOf(s.store, 'in-time');
    expect(record).toMatchObject({ max_duration: '60' });
    expect(record).not.toHaveProperty('cut');
  });

  it('never hands out a leg without a limit, nor one that has not connected', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'unlimited');
    await s.store.calls.noteLimit('ringing@phone', 10, 60_000);
    await s.store.calls.record(ev('start', 'ringing', T0));
    expect(await s.store.calls.claimDue(T0 + 3_600_000, 10, LEASE)).toEqual([]);
    expect(await s.store.calls.leg('unlimited')).not.toHaveProperty('maxDurationSeconds');
  });

  it('does not mark the Stop of a leg whose cut failed', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'nak', 60);
    expect(await s.store.calls.claimDue(T0 + 65_000, 10, LEASE)).toHaveLength(1);
    await s.store.calls.cutFailed('nak');
    await s.store.calls.record(ev('stop', 'nak', T0 + 90_000, { sessionTime: 85 }));
    expect(await recordOf(s.store, 'nak')).not.toHaveProperty('cut');
  });

  it('records the cut of a leg an Accounting-On closed while it was being cut', async () => {
    s = await makeStore(kind);
    await answeredLeg(s.store, 'restart', 60);
    expect(await s.store.calls.claimDue(T0 + 65_000, 10, LEASE)).toHaveLength(1);
    expect(await s.store.calls.closeAll('fb1', 'accounting-on', T0 + 66_000)).toBe(1);
    expect(await recordOf(s.store, 'restart')).toMatchObject({ cut: 'max-duration', terminate_cause: 'accounting-on' });
  });
});

describe.each(REDIS_KINDS)('duration limits over two instances on one Redis (%s)', (kind) => {
  let s: StoreUnderTest;
  let other: Store | undefined;
  afterEach(async () => {
    await other?.close();
    await s?.close();
  });

  it('hands each due leg to exactly one of the sweepers claiming at once', async () => {
    s = await makeStore(kind);
    other = redisStore(await connectTest(kind), s.prefix, TEST_CALL_POLICY);
    const sessions = Array.from({ length: 12 }, (_, i) => `due-${i}`);
    for (const id of sessions) await answeredLeg(s.store, id, 60);
    const claims = await Promise.all([s.store, other, s.store, other].map((st) => st.calls.claimDue(T0 + 65_000, 100, LEASE)));
    const taken = claims.flat().map((l) => l.sessionId);
    // Every leg taken, none twice.
    expect(taken.sort()).toEqual([...sessions].sort());
  });
});

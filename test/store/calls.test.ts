import { afterEach, describe, expect, it } from 'vitest';
import { showsAnswer, type LegEvent } from '../../src/store/index.js';
import { Cluster } from 'ioredis';
import { compareRecordIds } from '../../src/store/redis/calls.js';
import { scanKeys } from '../../src/store/index.js';
import { callRecordStreams, makeStore, STORE_KINDS, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

function ev(status: LegEvent['status'], over: Partial<LegEvent> = {}): LegEvent {
  return {
    status,
    sessionId: 'leg-1',
    callId: 'call-1@phone',
    firebrick: 'fb1',
    radiusSource: '127.0.0.1',
    nasIdentifier: 'fb1.example',
    called: '01632960123',
    calling: '201',
    startedAt: 1_700_000_000,
    receivedAt: Date.now(),
    ...over,
  };
}

describe('showsAnswer (spec §6.1)', () => {
  it.each([
    ['start', undefined, false],
    ['interim', undefined, true],
    ['interim', 0, true],
    ['stop', undefined, false],
    ['stop', 0, false],
    ['stop', 30, true],
  ] as const)('%s with Acct-Session-Time %s → %s', (status, sessionTime, answered) => {
    expect(showsAnswer({ status, sessionTime })).toBe(answered);
  });
});

describe.each(STORE_KINDS)('call store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('turns Start / Interim / Stop into one call record, ignoring retransmissions', async () => {
    s = await makeStore(kind);
    const calls = s.store.calls;
    await calls.noteCaller('call-1@phone', ['example.com:alice'], 60_000);
    expect(await calls.record(ev('start'))).toBe('stored');
    expect(await calls.record(ev('start'))).toBe('duplicate');
    expect(await calls.activeCount('example.com:alice')).toBe(1);
    expect(await calls.record(ev('interim', { sessionTime: 7 }))).toBe('stored');
    expect(await calls.record(ev('interim', { sessionTime: 7 }))).toBe('duplicate');
    const active = await calls.activeLegs();
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ sessionId: 'leg-1', answered: true, ringingSeconds: 7, identities: ['example.com:alice'] });
    expect(await calls.record(ev('stop', { sessionTime: 42, terminateCause: 1 }))).toBe('stored');
    expect(await calls.record(ev('stop', { sessionTime: 42, terminateCause: 1 }))).toBe('duplicate');
    expect(await calls.record(ev('interim', { sessionTime: 9 }))).toBe('duplicate');
    expect(await calls.activeCount('example.com:alice')).toBe(0);
    const records = await calls.records(0, 10);
    expect(records).toHaveLength(1);
    expect(records[0]!.fields).toMatchObject({
      session_id: 'leg-1',
      call_id: 'call-1@phone',
      firebrick: 'fb1',
      called: '01632960123',
      calling: '201',
      answered: '1',
      ringing_seconds: '7',
      connected_seconds: '42',
      terminate_cause: '1',
      identities: 'example.com:alice',
      started_at: '1700000000',
    });
  });

  it('records a Stop whose Start was lost, and a leg that never connected', async () => {
    s = await makeStore(kind);
    expect(await s.store.calls.record(ev('stop', { sessionId: 'lost-start', sessionTime: 0 }))).toBe('stored');
    const [r] = await s.store.calls.records(0, 10);
    expect(r!.fields).toMatchObject({ session_id: 'lost-start', answered: '0', connected_seconds: '0' });
  });

  // Spec §6.1: the Interim comes when the leg connects, and a Stop's Acct-Session-Time is the
  // connected time, so a Stop with connected time proves an answer even without an Interim.
  it('counts a leg as answered when its Stop has connected time but no Interim came (Start, Stop)', async () => {
    s = await makeStore(kind);
    const calls = s.store.calls;
    expect(await calls.record(ev('start'))).toBe('stored');
    expect(await calls.leg('leg-1')).toMatchObject({ answered: false });
    expect(await calls.record(ev('stop', { sessionTime: 30, terminateCause: 1 }))).toBe('stored');
    const [r] = await calls.records(0, 10);
    expect(r!.fields).toMatchObject({ session_id: 'leg-1', answered: '1', connected_seconds: '30' });
    // No Interim, so no ringing time was ever reported: the field is absent rather than a made-up 0.
    expect(r!.fields).not.toHaveProperty('ringing_seconds');
  });

  it('counts a leg as answered from a lone Stop with connected time (Stop only)', async () => {
    s = await makeStore(kind);
    expect(await s.store.calls.record(ev('stop', { sessionId: 'stop-only', sessionTime: 30 }))).toBe('stored');
    const [r] = await s.store.calls.records(0, 10);
    expect(r!.fields).toMatchObject({ session_id: 'stop-only', answered: '1', connected_seconds: '30' });
    expect(r!.fields).not.toHaveProperty('ringing_seconds');
  });

  it('keeps a leg unanswered when it ends with no Interim and no connected time (Start, Stop 0 s)', async () => {
    s = await makeStore(kind);
    await s.store.calls.record(ev('start'));
    await s.store.calls.record(ev('stop', { sessionTime: 0, terminateCause: 1 }));
    const [r] = await s.store.calls.records(0, 10);
    expect(r!.fields).toMatchObject({ answered: '0', connected_seconds: '0' });
    expect(r!.fields).not.toHaveProperty('ringing_seconds');
  });

  it('keeps a leg answered when the Interim came and the Stop says 0 s connected', async () => {
    s = await makeStore(kind);
    await s.store.calls.record(ev('start'));
    await s.store.calls.record(ev('interim', { sessionTime: 4 }));
    await s.store.calls.record(ev('stop', { sessionTime: 0 }));
    const [r] = await s.store.calls.records(0, 10);
    expect(r!.fields).toMatchObject({ answered: '1', ringing_seconds: '4', connected_seconds: '0' });
  });

  it('ages out a leg whose Stop never comes', async () => {
    s = await makeStore(kind);
    await s.store.calls.record(ev('start', { cui: 'cust-9' }));
    expect(await s.store.calls.activeCount('cui:cust-9')).toBe(1);
    s.advance(61_000);
    expect(await s.store.calls.activeCount('cui:cust-9')).toBe(0);
  });

  it('Accounting-On closes the open legs of that FireBrick only', async () => {
    s = await makeStore(kind);
    await s.store.calls.record(ev('start', { sessionId: 'a' }));
    await s.store.calls.record(ev('start', { sessionId: 'b', firebrick: 'fb2' }));
    expect(await s.store.calls.closeAll('fb1', 'accounting-on', Date.now())).toBe(1);
    expect((await s.store.calls.activeLegs()).map((l) => l.sessionId)).toEqual(['b']);
    const [r] = await s.store.calls.records(0, 10);
    expect(r!.fields).toMatchObject({ session_id: 'a', terminate_cause: 'accounting-on' });
    expect(await s.store.calls.record(ev('stop', { sessionId: 'a' }))).toBe('duplicate');
  });

  // Legs land in shards by Acct-Session-Id (keys.ts: legShard); what a caller, a FireBrick or the
  // operator asks about spans them all.
  describe('over several shards', () => {
    const sessions = Array.from({ length: 24 }, (_, i) => `spread-${i}`);

    it('counts a caller\'s legs in every shard, closes a FireBrick\'s legs in every shard', async () => {
      s = await makeStore(kind);
      const calls = s.store.calls;
      await calls.noteCaller('many@phone', ['example.com:dora'], 60_000);
      for (const sessionId of sessions) expect(await calls.record(ev('start', { sessionId, callId: 'many@phone' }))).toBe('stored');
      expect(await calls.record(ev('start', { sessionId: 'other-fb', firebrick: 'fb2' }))).toBe('stored');
      expect(await calls.activeCount('example.com:dora')).toBe(sessions.length);
      expect((await calls.activeLegs()).map((l) => l.sessionId).sort()).toEqual([...sessions, 'other-fb'].sort());
      expect(await calls.leg('spread-7')).toMatchObject({ sessionId: 'spread-7', identities: ['example.com:dora'] });
      expect(await calls.closeAll('fb1', 'accounting-off', Date.now())).toBe(sessions.length);
      expect(await calls.activeCount('example.com:dora')).toBe(0);
      expect((await calls.activeLegs()).map((l) => l.sessionId)).toEqual(['other-fb']);
      for (const sessionId of sessions) expect(await calls.record(ev('stop', { sessionId }))).toBe('duplicate');
    });

    it('reads the call records of every shard, oldest first, up to the count', async () => {
      s = await makeStore(kind);
      for (const sessionId of sessions) await s.store.calls.record(ev('stop', { sessionId, sessionTime: 3 }));
      const all = await s.store.calls.records(0, 100);
      expect(all.map((r) => r.fields.session_id).sort()).toEqual([...sessions].sort());
      expect(all.map((r) => r.id)).toEqual(all.map((r) => r.id).sort(compareRecordIds));
      const first = await s.store.calls.records(0, 5);
      expect(first.map((r) => r.id)).toEqual(all.slice(0, 5).map((r) => r.id));
    });

    if (kind !== 'memory') {
      it('keeps one call-record stream per shard, each listed by recordStreams()', async () => {
        s = await makeStore(kind);
        for (const sessionId of sessions) await s.store.calls.record(ev('stop', { sessionId }));
        const streams = s.store.calls.recordStreams();
        expect(streams).toEqual(Array.from({ length: TEST_CALL_POLICY.shards }, (_, i) => `${s.prefix}{acct:${i}}:cdr`));
        const lengths = await Promise.all(streams.map((k) => s.redis!.xlen(k)));
        expect(lengths.reduce((a, b) => a + b, 0)).toBe(sessions.length);
        expect(lengths.filter((n) => n > 0).length).toBeGreaterThan(1);
      });
    }

    if (kind === 'cluster') {
      it('spreads the shards over the Cluster\'s masters', async () => {
        s = await makeStore(kind);
        for (const sessionId of sessions) await s.store.calls.record(ev('stop', { sessionId }));
        const masters = (s.redis as Cluster).nodes('master');
        const streamsPerMaster = await Promise.all(masters.map((m) => scanKeys(m, `${s.prefix}{acct:*}:cdr`)));
        // The test policy's 4 shards hash to slots served by all three masters.
        expect(masters).toHaveLength(3);
        expect(streamsPerMaster.map((k) => k.length).every((n) => n > 0)).toBe(true);
      });
    }
  });
});

describe('call record streams (redis)', () => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('lists the streams that hold every call record', async () => {
    s = await makeStore('redis');
    for (let i = 0; i < 3; i++) await s.store.calls.record(ev('stop', { sessionId: `leg-${i}` }));
    const streams = s.store.calls.recordStreams();
    expect(streams).toEqual(callRecordStreams(s.prefix, TEST_CALL_POLICY.shards));
    let n = 0;
    for (const stream of streams) n += await s.redis!.xlen(stream);
    expect(n).toBe(3);
  });
});

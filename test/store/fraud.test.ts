// The fraud guard's counters, one contract for every store: sliding windows on the store's clock,
// concurrency that never leaks (a call without a Stop stops counting after the stale age), blocks
// and warnings set once per crossing, and clear forgetting one subject only.
import { afterEach, describe, expect, it } from 'vitest';
import type { FraudTarget } from '../../src/store/index.js';
import { DAY_BUCKETS, HOUR_BUCKET_MS, HOUR_BUCKETS } from '../../src/store/fraud.js';
import { Keys } from '../../src/store/keys.js';
import { makeStore, STORE_KINDS, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

const alice: FraudTarget = { subject: 'subscriber:example.com:alice', cls: 'international' };
const aliceMobile: FraudTarget = { subject: 'subscriber:example.com:alice', cls: 'mobile' };
const source: FraudTarget = { subject: 'source:192.0.2.7', cls: 'international' };

describe.each(STORE_KINDS)('fraud store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('counts authorised calls in a sliding minute, per subject and class', async () => {
    s = await makeStore(kind);
    const f = s.store.fraud;
    await f.callAuthorised('c1', [alice, source]);
    s.advance(30_000);
    await f.callAuthorised('c2', [alice]);
    let [a, m, src] = await f.standing([alice, aliceMobile, source]);
    expect([a!.counts.calls, m!.counts.calls, src!.counts.calls]).toEqual([2, 0, 1]);
    s.advance(30_001);
    [a, m, src] = await f.standing([alice, aliceMobile, source]);
    expect([a!.counts.calls, src!.counts.calls]).toEqual([1, 0]);
  });

  it('counts a call as concurrent from its INVITE to its Stop, and not past the stale age without one', async () => {
    s = await makeStore(kind);
    const f = s.store.fraud;
    await f.callAuthorised('c1', [alice]);
    await f.callAuthorised('c2', [alice]);
    expect((await f.standing([alice]))[0]!.counts.concurrent).toBe(2);
    expect((await f.liveCalls(alice)).sort()).toEqual(['c1', 'c2']);
    await f.legAccounted('c1', { status: 'stop', connectedSeconds: 0 }, 10);
    expect((await f.standing([alice]))[0]!.counts.concurrent).toBe(1);
    expect(await f.liveCalls(alice)).toEqual(['c2']);
    expect(await f.liveCalls(aliceMobile)).toEqual([]);
    // c2's Interim keeps it alive past its INVITE's stale age; then, silent, it stops counting.
    s.advance(TEST_CALL_POLICY.staleAfterMs - 1_000);
    await f.legAccounted('c2', { status: 'interim' }, 10);
    s.advance(2_000);
    expect((await f.standing([alice]))[0]!.counts.concurrent).toBe(1);
    s.advance(TEST_CALL_POLICY.staleAfterMs);
    expect((await f.standing([alice]))[0]!.counts.concurrent).toBe(0);
    expect(await f.liveCalls(alice)).toEqual([]);
    // A Start after the Stop does not bring an ended call back.
    await f.legAccounted('c1', { status: 'start' }, 10);
    expect((await f.standing([alice]))[0]!.counts.concurrent).toBe(0);
  });

  it('sums connected seconds over the hour and the day, and counts short answered calls in a row', async () => {
    s = await makeStore(kind);
    const f = s.store.fraud;
    for (const [id, seconds] of [['a', 5], ['b', 3], ['c', 0], ['d', 7]] as const) {
      await f.callAuthorised(id, [alice]);
      await f.legAccounted(id, { status: 'stop', connectedSeconds: seconds }, 10);
    }
    let [a] = await f.standing([alice]);
    // An unanswered call (0 s) neither counts as short nor breaks the run.
    expect(a!.counts).toMatchObject({ secondsHour: 15, secondsDay: 15, shortCalls: 3 });
    await f.callAuthorised('e', [alice]);
    await f.legAccounted('e', { status: 'stop', connectedSeconds: 600 }, 10);
    [a] = await f.standing([alice]);
    expect(a!.counts).toMatchObject({ secondsHour: 615, secondsDay: 615, shortCalls: 0 });
    s.advance(2 * 3_600_000);
    [a] = await f.standing([alice]);
    expect(a!.counts).toMatchObject({ secondsHour: 0, secondsDay: 615 });
    s.advance(26 * 3_600_000);
    expect((await f.standing([alice]))[0]!.counts.secondsDay).toBe(0);
  });

  it('keeps the connected-time buckets bounded over days of Stops', async () => {
    s = await makeStore(kind);
    const f = s.store.fraud;
    for (let i = 0; i < 100; i++) {
      await f.callAuthorised(`t${i}`, [alice]);
      await f.legAccounted(`t${i}`, { status: 'stop', connectedSeconds: 60 }, 10);
      s.advance(HOUR_BUCKET_MS * 3);
    }
    // 100 Stops 15 minutes apart: the last hour holds 4 or 5 of them, the last day 96–97.
    const [a] = await f.standing([alice]);
    expect(a!.counts.secondsHour).toBeGreaterThanOrEqual(4 * 60);
    expect(a!.counts.secondsDay).toBeGreaterThanOrEqual(96 * 60);
    if (s.redis) {
      const fields = await s.redis.hlen(new Keys(s.prefix).fraud(alice.subject, `secs:${alice.cls}`));
      expect(fields).toBeLessThanOrEqual(HOUR_BUCKETS + DAY_BUCKETS + 2);
    }
  });

  it('ignores news of a call it never authorised', async () => {
    s = await makeStore(kind);
    await s.store.fraud.legAccounted('unknown', { status: 'stop', connectedSeconds: 60 }, 10);
    expect((await s.store.fraud.standing([alice]))[0]!.counts).toEqual({ calls: 0, concurrent: 0, secondsHour: 0, secondsDay: 0, shortCalls: 0 });
  });

  it('blocks and warns once per crossing, lists the blocks, and clear forgets one subject', async () => {
    s = await makeStore(kind);
    const f = s.store.fraud;
    const block = { ...alice, metric: 'callsPerMinute' as const, value: 5, limit: 5, at: 1_000 };
    expect(await f.block(block, 60_000)).toBe(true);
    expect(await f.block({ ...block, value: 6 }, 60_000)).toBe(false);
    expect(await f.block({ ...source, metric: 'concurrent', value: 3, limit: 3, at: 2_000 }, 60_000)).toBe(true);
    expect(await f.warn(aliceMobile, 'concurrent', 'warn', 60_000)).toBe(true);
    expect(await f.warn(aliceMobile, 'concurrent', 'warn', 60_000)).toBe(false);
    await f.callAuthorised('c1', [alice]);
    const [a, m] = await f.standing([alice, aliceMobile]);
    expect(a!.blocked).toMatchObject({ ...block });
    expect(a!.blocked!.remainingMs).toBeGreaterThan(0);
    expect(m!.blocked).toBeUndefined();
    expect((await f.blocks()).map((b) => b.subject)).toEqual([alice.subject, source.subject]);

    expect(await f.clear(alice.subject)).toBeGreaterThanOrEqual(3);
    const [after] = await f.standing([alice]);
    expect(after!.blocked).toBeUndefined();
    expect(after!.counts.calls).toBe(0);
    expect(await f.warn(aliceMobile, 'concurrent', 'warn', 60_000)).toBe(true);
    expect((await f.blocks()).map((b) => b.subject)).toEqual([source.subject]);
  });
});

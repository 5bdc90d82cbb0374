import { afterEach, describe, expect, it } from 'vitest';
import { compareStreamIds, firstNeededId, nextStreamId, type LegEvent } from '../../src/store/index.js';
import { makeStore, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

function stop(sessionId: string): LegEvent {
  return { status: 'stop', sessionId, firebrick: 'fb1', radiusSource: '127.0.0.1', sessionTime: 3, receivedAt: Date.now() };
}

describe('stream ids', () => {
  it('compares and steps ids as numbers, beyond what a double holds', () => {
    expect(compareStreamIds('10-0', '9-5')).toBe(1);
    expect(compareStreamIds('5-18446744073709551614', '5-18446744073709551615')).toBe(-1);
    expect(nextStreamId('5-18446744073709551614')).toBe('5-18446744073709551615');
    expect(nextStreamId('0-0')).toBe('0-1');
  });

  it('the first id needed is the oldest pending entry, else the one after the last delivered, over all groups', () => {
    expect(firstNeededId([])).toBeUndefined();
    expect(firstNeededId([{ lastDeliveredId: '20-0', oldestPendingId: undefined }])).toBe('20-1');
    expect(
      firstNeededId([
        { lastDeliveredId: '20-0', oldestPendingId: '12-3' },
        { lastDeliveredId: '15-0', oldestPendingId: undefined },
      ]),
    ).toBe('12-3');
  });
});

describe('trimming the call-record stream (redis)', () => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  const policy = { ...TEST_CALL_POLICY, maxRecords: 10 };
  async function write(from: number, n: number): Promise<void> {
    for (let i = from; i < from + n; i++) await s.store.calls.record(stop(`leg-${i}`));
  }

  it('keeps every record a consumer group has not acknowledged, however far past the cap', async () => {
    s = await makeStore('redis', policy);
    const [stream] = s.store.calls.recordStreams();
    await s.store.calls.createConsumerGroups(['billing']);
    await write(0, 250);
    expect(await s.redis!.xlen(stream!)).toBe(250);
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
    expect(await s.redis!.xlen(stream!)).toBe(250);

    // billing reads 100 and acknowledges the first 60: only those may go.
    const read = (await s.redis!.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 100, 'STREAMS', stream!, '>')) as [string, [string, string[]][]][];
    const ids = read[0]![1].map(([id]) => id);
    await s.redis!.xack(stream!, 'billing', ...ids.slice(0, 60));
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 60, unread: 0 });
    const [first] = await s.redis!.xrange(stream!, '-', '+', 'COUNT', 1);
    expect(first![0]).toBe(ids[60]);

    const [state] = await s.store.calls.consumerGroups();
    expect(state).toMatchObject({ stream, group: 'billing', pending: 40, lag: 150, oldestPendingId: ids[60], oldestUnackedId: ids[60] });
  });

  it('a group added later sees every record still kept, and holds trimming back too', async () => {
    s = await makeStore('redis', policy);
    const [stream] = s.store.calls.recordStreams();
    await s.store.calls.createConsumerGroups(['billing']);
    await write(0, 30);
    await s.store.calls.createConsumerGroups(['billing', 'audit']);
    const read = (await s.redis!.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 100, 'STREAMS', stream!, '>')) as [string, [string, string[]][]][];
    await s.redis!.xack(stream!, 'billing', ...read[0]![1].map(([id]) => id));
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
    const states = await s.store.calls.consumerGroups();
    expect(states.find((g) => g.group === 'audit')).toMatchObject({ pending: 0, lag: 30 });
    expect(states.find((g) => g.group === 'billing')).toMatchObject({ pending: 0, lag: 0, oldestUnackedId: undefined });
  });

  it('without consumer groups, caps the stream and counts what it trimmed as unread', async () => {
    s = await makeStore('redis', policy);
    const [stream] = s.store.calls.recordStreams();
    await write(0, 25);
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 15, unread: 15 });
    expect(await s.redis!.xlen(stream!)).toBe(10);
    expect(await s.store.calls.consumerGroups()).toEqual([]);
  });
});

describe('trimming the call records (memory)', () => {
  it('caps the records and reports the dropped ones as unread once', async () => {
    const s = await makeStore('memory', { ...TEST_CALL_POLICY, maxRecords: 10 });
    for (let i = 0; i < 25; i++) await s.store.calls.record(stop(`leg-${i}`));
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 15, unread: 15 });
    expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
    expect(await s.store.calls.records(0, 100)).toHaveLength(10);
  });
});

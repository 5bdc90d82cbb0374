import { afterEach, describe, expect, it } from 'vitest';
import { compareStreamIds, firstNeededId, nextStreamId, type LegEvent } from '../../src/store/index.js';
import { callRecordStreams, makeStore, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';

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

describe('trimming the call-record streams (redis)', () => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  async function write(from: number, n: number): Promise<void> {
    for (let i = from; i < from + n; i++) await s.store.calls.record(stop(`leg-${i}`));
  }

  /** Reads up to `count` undelivered records of `stream` as `group`; their ids. */
  async function readIds(stream: string, group: string, count: number): Promise<string[]> {
    const read = (await s.redis!.xreadgroup('GROUP', group, 'c1', 'COUNT', count, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
    return read?.[0]?.[1].map(([id]) => id) ?? [];
  }

  // One shard, so one stream: the group and trim semantics of a stream, with exact counts.
  describe('one shard', () => {
    const policy = { ...TEST_CALL_POLICY, maxRecords: 10, shards: 1 };

    it('keeps every record a consumer group has not acknowledged, however far past the cap', async () => {
      s = await makeStore('redis', policy);
      const [stream, ...none] = s.store.calls.recordStreams();
      expect(none).toEqual([]);
      await s.store.calls.createConsumerGroups(['billing']);
      await write(0, 250);
      expect(await s.redis!.xlen(stream!)).toBe(250);
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
      expect(await s.redis!.xlen(stream!)).toBe(250);

      // billing reads 100 and acknowledges the first 60: only those may go.
      const ids = await readIds(stream!, 'billing', 100);
      await s.redis!.xack(stream!, 'billing', ...ids.slice(0, 60));
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 60, unread: 0 });
      const [first] = await s.redis!.xrange(stream!, '-', '+', 'COUNT', 1);
      expect(first![0]).toBe(ids[60]);

      const [state] = await s.store.calls.consumerGroups();
      expect(state).toMatchObject({ stream, group: 'billing', pending: 40, lag: 150, oldestPendingId: ids[60], oldestUnackedId: ids[60] });
    });

    it('a group added later sees every record still kept, and holds trimming back too', async () => {
      s = await makeStore('redis', policy);
      const [stream, ...none] = s.store.calls.recordStreams();
      expect(none).toEqual([]);
      await s.store.calls.createConsumerGroups(['billing']);
      await write(0, 30);
      await s.store.calls.createConsumerGroups(['billing', 'audit']);
      await s.redis!.xack(stream!, 'billing', ...(await readIds(stream!, 'billing', 100)));
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
      const states = await s.store.calls.consumerGroups();
      expect(states.find((g) => g.group === 'audit')).toMatchObject({ pending: 0, lag: 30 });
      expect(states.find((g) => g.group === 'billing')).toMatchObject({ pending: 0, lag: 0, oldestUnackedId: undefined });
    });

    it('without consumer groups, caps the stream and counts what it trimmed as unread', async () => {
      s = await makeStore('redis', policy);
      const [stream, ...none] = s.store.calls.recordStreams();
      expect(none).toEqual([]);
      await write(0, 25);
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 15, unread: 15 });
      expect(await s.redis!.xlen(stream!)).toBe(10);
      expect(await s.store.calls.consumerGroups()).toEqual([]);
    });
  });

  // Several shards: each stream gets its share of the cap (maxRecords / shards), and a group holds
  // back the trimming of each stream only as far as it has not acknowledged that stream.
  describe('four shards', () => {
    const policy = { ...TEST_CALL_POLICY, maxRecords: 40, shards: 4 };
    const perStream = 10;

    /** Writes `n` records and returns how many each shard's stream holds; every stream is past its share. */
    async function writeOverShards(n: number): Promise<{ streams: string[]; lengths: number[] }> {
      const streams = callRecordStreams(s.prefix, 4);
      expect(s.store.calls.recordStreams()).toEqual(streams);
      await write(0, n);
      const lengths = await Promise.all(streams.map((k) => s.redis!.xlen(k)));
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(n);
      for (const l of lengths) expect(l).toBeGreaterThan(perStream);
      return { streams, lengths };
    }

    it('every stream gets the group, and each is trimmed to its share only past what the group acknowledged there', async () => {
      s = await makeStore('redis', policy);
      await s.store.calls.createConsumerGroups(['billing']);
      const { streams, lengths } = await writeOverShards(100);
      expect((await s.store.calls.consumerGroups()).map((g) => [g.stream, g.group])).toEqual(streams.map((k) => [k, 'billing']));
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });

      // billing acknowledges all of streams 0 and 1, reads stream 2 without acknowledging, never reads stream 3.
      const ids: string[][] = [];
      for (const k of streams.slice(0, 3)) ids.push(await readIds(k, 'billing', 1000));
      await s.redis!.xack(streams[0]!, 'billing', ...ids[0]!);
      await s.redis!.xack(streams[1]!, 'billing', ...ids[1]!);
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: lengths[0]! - perStream + (lengths[1]! - perStream), unread: 0 });
      expect(await Promise.all(streams.map((k) => s.redis!.xlen(k)))).toEqual([perStream, perStream, lengths[2], lengths[3]]);
      // The newest records are the ones kept.
      for (const i of [0, 1]) {
        const [first] = await s.redis!.xrange(streams[i]!, '-', '+', 'COUNT', 1);
        expect(first![0]).toBe(ids[i]![lengths[i]! - perStream]);
      }
      const states = await s.store.calls.consumerGroups();
      expect(states.map((g) => [g.pending, g.lag])).toEqual([[0, 0], [0, 0], [lengths[2], 0], [0, lengths[3]]]);
    });

    it('without consumer groups, caps every stream at its share and counts what it trimmed as unread', async () => {
      s = await makeStore('redis', policy);
      const { streams, lengths } = await writeOverShards(100);
      const excess = lengths.reduce((a, l) => a + l - perStream, 0);
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: excess, unread: excess });
      expect(await Promise.all(streams.map((k) => s.redis!.xlen(k)))).toEqual(streams.map(() => perStream));
      expect(await s.store.calls.trimRecords()).toEqual({ trimmed: 0, unread: 0 });
    });
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

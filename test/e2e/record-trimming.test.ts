// Issue 15 item 3: the server creates the configured consumer groups at start on every shard's
// call-record stream and trims each stream only past what they have acknowledged; without groups,
// the cap (each stream's share of accounting.maxRecords) is lossy and counted.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { LegEvent } from '../../src/store/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { callRecordStreams } from '../support/stores.js';

function stop(sessionId: string): LegEvent {
  return { status: 'stop', sessionId, firebrick: 'fb4', radiusSource: '127.0.0.1', sessionTime: 3, receivedAt: Date.now() };
}

async function metric(server: TestServer, name: string): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${server.running.metricsPort()!}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name));
}

describe('call-record trimming in the server', () => {
  let server: TestServer | undefined;
  const redis = new Redis(inject('redisUrl'));
  afterAll(() => redis.quit());
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  // Four shards, each with its call-record stream and its share of accounting.maxRecords (250); the
  // records are enough for every stream to be past its share.
  const accounting = { maxRecords: 1000, shards: 4 };
  const perStream = 250;
  const records = 1400;

  it('creates the configured groups on every stream at start and keeps what they have not read past the cap', async () => {
    server = await startTestServer({ accounting: { ...accounting, consumers: ['billing', 'audit'] } });
    const streams = callRecordStreams(server.config.redis.keyPrefix, 4);
    expect(server.store.calls.recordStreams()).toEqual(streams);
    for (const stream of streams) {
      const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
      expect(groups.map((g) => g[1])).toEqual(['audit', 'billing']);
    }
    for (let i = 0; i < records; i++) await server.store.calls.record(stop(`leg-${i}`));
    await server.running.trimRecords();
    const lengths = await Promise.all(streams.map((k) => redis.xlen(k)));
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(records);
    for (const l of lengths) expect(l).toBeGreaterThan(perStream);
    expect(await metric(server, 'firebridge_records_trimmed_unread_total')).toEqual(['firebridge_records_trimmed_unread_total 0']);
    expect((await metric(server, 'firebridge_cdr_sink_lag_records')).sort()).toEqual(
      streams.flatMap((k, i) => ['audit', 'billing'].map((g) => `firebridge_cdr_sink_lag_records{stream="${k}",group="${g}"} ${lengths[i]}`)).sort(),
    );
    const age = await metric(server, 'firebridge_cdr_sink_oldest_unacked_seconds{');
    expect(age).toHaveLength(8);
    for (const line of age) expect(Number(line.split(' ')[1])).toBeGreaterThanOrEqual(0);
  });

  it('without groups, trims every stream to its share of the cap and counts the trimmed records as unread', async () => {
    server = await startTestServer({ accounting });
    const streams = callRecordStreams(server.config.redis.keyPrefix, 4);
    for (let i = 0; i < records; i++) await server.store.calls.record(stop(`leg-${i}`));
    await server.running.trimRecords();
    expect(await Promise.all(streams.map((k) => redis.xlen(k)))).toEqual(streams.map(() => perStream));
    const unread = records - accounting.maxRecords;
    expect(await metric(server, 'firebridge_records_trimmed_unread_total')).toEqual([`firebridge_records_trimmed_unread_total ${unread}`]);
    // The server's own periodic pass may have trimmed part of it first: the warnings add up.
    const warned = server.logs.filter((l) => l.msg === 'call records trimmed that no consumer group had read (accounting.maxRecords; configure accounting.consumers to keep them)');
    expect(warned.reduce((n, l) => n + Number(l.trimmed), 0)).toBe(unread);
  });
});

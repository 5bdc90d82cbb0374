// Issue 15 item 3: the server creates the configured consumer groups at start and trims the
// call-record stream only past what they have acknowledged; without groups, the cap is lossy and
// counted.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { LegEvent } from '../../src/store/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

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

  it('creates the configured groups at start and keeps what they have not read past the cap', async () => {
    server = await startTestServer({ accounting: { maxRecords: 1000, consumers: ['billing', 'audit'] } });
    const [stream] = server.store.calls.recordStreams();
    const groups = (await redis.xinfo('GROUPS', stream!)) as unknown[][];
    expect(groups.map((g) => g[1])).toEqual(['audit', 'billing']);
    for (let i = 0; i < 1010; i++) await server.store.calls.record(stop(`leg-${i}`));
    await server.running.trimRecords();
    expect(await redis.xlen(stream!)).toBe(1010);
    expect(await metric(server, 'firebridge_records_trimmed_unread_total')).toEqual(['firebridge_records_trimmed_unread_total 0']);
    expect(await metric(server, 'firebridge_cdr_sink_lag_records')).toEqual([
      `firebridge_cdr_sink_lag_records{stream="${stream}",group="audit"} 1010`,
      `firebridge_cdr_sink_lag_records{stream="${stream}",group="billing"} 1010`,
    ]);
    const age = await metric(server, 'firebridge_cdr_sink_oldest_unacked_seconds{');
    expect(age).toHaveLength(2);
    expect(Number(age[0]!.split(' ')[1])).toBeGreaterThanOrEqual(0);
  });

  it('without groups, trims to the cap and counts the trimmed records as unread', async () => {
    server = await startTestServer({ accounting: { maxRecords: 1000 } });
    const [stream] = server.store.calls.recordStreams();
    for (let i = 0; i < 1010; i++) await server.store.calls.record(stop(`leg-${i}`));
    await server.running.trimRecords();
    expect(await redis.xlen(stream!)).toBe(1000);
    expect(await metric(server, 'firebridge_records_trimmed_unread_total')).toEqual(['firebridge_records_trimmed_unread_total 10']);
    expect(server.logs.some((l) => l.msg === 'call records trimmed that no consumer group had read (accounting.maxRecords; configure accounting.consumers to keep them)' && l.trimmed === 10)).toBe(true);
  });
});

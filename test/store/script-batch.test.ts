// The calls of one event-loop turn go to Redis as one script call (script-batch.ts); each must still
// get its own answer, its own error, and see the writes of the calls made before it.
import { afterEach, describe, expect, it } from 'vitest';
import { ReplyError } from 'ioredis';
import { ScriptBatch } from '../../src/store/redis/script-batch.js';
import type { RedisClient } from '../../src/store/index.js';
import { connectTest, REDIS_KINDS, uniquePrefix } from '../support/stores.js';

// INCRBY KEYS[1] by ARGV[1]; an increment of 0 is an error, a negative one returns nothing.
const BODY = `
local n = tonumber(ARGV[1])
if n == 0 then return redis.error_reply('ZERO refused') end
if n < 0 then return nil end
return {KEYS[1], redis.call('INCRBY', KEYS[1], n)}`;

describe.each(REDIS_KINDS)('script batch (%s)', (kind) => {
  let redis: RedisClient | undefined;
  afterEach(() => redis?.disconnect());

  it('answers every call of a turn on its own, in order, with its own error', async () => {
    redis = await connectTest(kind);
    const p = uniquePrefix();
    const batch = new ScriptBatch<[string, number] | null>(redis, `testIncr${kind}`, BODY);
    const monitor = kind === 'redis' ? await commandCount(redis) : undefined;
    const calls = [batch.call([`${p}a`], [2]), batch.call([`${p}a`], [3]), batch.call([`${p}b`], [0]), batch.call([`${p}b`], [-1]), batch.call([`${p}b`], [5])];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      [`${p}a`, 2],
      [`${p}a`, 5],
      'ZERO refused',
      null,
      [`${p}b`, 5],
    ]);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(ReplyError);
    // One script call for the five on a single server; a Cluster sends each call to its own slot.
    if (monitor) expect(await monitor()).toBe(1);
  });

  it('sends a batch of many calls whole', async () => {
    redis = await connectTest(kind);
    const p = uniquePrefix();
    const batch = new ScriptBatch<[string, number]>(redis, `testMany${kind}`, BODY);
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => batch.call([`${p}k${i % 7}`], [1])));
    expect(results.filter(([k]) => k === `${p}k0`).map(([, n]) => n)).toEqual(Array.from({ length: 86 }, (_, i) => i + 1));
  });
});

/** How many EVALSHA/EVAL commands Redis ran from now until the returned function is called. */
async function commandCount(redis: RedisClient): Promise<() => Promise<number>> {
  const count = async (): Promise<number> => {
    const info = await redis.info('commandstats');
    let n = 0;
    for (const m of info.matchAll(/cmdstat_(evalsha|eval):calls=(\d+)/g)) n += Number(m[2]);
    return n;
  };
  const before = await count();
  return async () => (await count()) - before;
}

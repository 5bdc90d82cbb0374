// The calls of one event-loop turn go to Redis as one script call (script-batch.ts); each must still
// get its own answer, its own error, and see the writes of the calls made before it.
import { afterEach, describe, expect, it } from 'vitest';
import { ReplyError } from 'ioredis';
import { LUA_JSON_ARGUMENT, ScriptBatch } from '../../src/store/redis/script-batch.js';
import type { RedisClient } from '../../src/store/index.js';
import { connectTest, REDIS_KINDS, uniquePrefix } from '../support/stores.js';

// INCRBY KEYS[1] by ARGV[1]; an increment of 0 is an error, a negative one returns nothing.
const BODY = `
local n = tonumber(ARGV[1])
if n == 0 then return redis.error_reply('ZERO refused') end
if n < 0 then return nil end
return {KEYS[1], redis.call('INCRBY', KEYS[1], n)}`;

// One answer of each kind the Lua-to-Redis conversion knows (Redis: "Conversion between Lua and Redis
// data types").
const REPLIES = `
local what = ARGV[1]
if what == 'empty' then return {} end
if what == 'false' then return false end
if what == 'true' then return true end
if what == 'float' then return 3.7 end
if what == 'negative' then return -3.7 end
if what == 'big' then return 123456789012345678 end
if what == 'status' then return redis.status_reply('OK') end
if what == 'holes' then return {'a', false, 'c', nil, 'e'} end
if what == 'nested' then return {{}, {'x', {2}}} end
return {'a', redis.error_reply('NESTED refused')}`;

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

  it('gives each answer as Redis would have replied it', async () => {
    redis = await connectTest(kind);
    const batch = new ScriptBatch<unknown>(redis, `testReplies${kind}`, REPLIES);
    const asked = ['empty', 'false', 'true', 'float', 'negative', 'big', 'status', 'holes', 'nested', 'error'];
    const settled = await Promise.allSettled(asked.map((what) => batch.call([], [what])));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : `error: ${(s.reason as Error).message}`))).toEqual([
      [],
      null,
      1,
      3,
      -3,
      123456789012345680,
      'OK',
      ['a', null, 'c'],
      [[], ['x', [2]]],
      ['a', new ReplyError('NESTED refused')],
    ]);
  });

  it('hands every argument over as the string ioredis would have sent, and keys shared by calls to each', async () => {
    redis = await connectTest(kind);
    const p = uniquePrefix();
    const batch = new ScriptBatch<string[]>(redis, `testEcho${kind}`, `return {KEYS[1], KEYS[2], unpack(ARGV)}`);
    const [a, b] = [`{${p}}a`, `{${p}}b`];
    const odd = 'caf\u00e9 "quoted" \\ back\tslash \u0001 ☎ \ud800 lone';
    const results = await Promise.all([batch.call([a, b], [1, 2.5, odd]), batch.call([b, a], ['', 'x'])]);
    expect(results).toEqual([
      [a, b, '1', '2.5', odd.replace('\ud800', '\ufffd')],
      [b, a, '', 'x'],
    ]);
  });

  it('hands a record argument to the script as a table, batched or on its own', async () => {
    redis = await connectTest(kind);
    const batch = new ScriptBatch<unknown[]>(redis, `testRecord${kind}`, `${LUA_JSON_ARGUMENT}
local v = argument(ARGV[1])
return {v.name, v.n, v.nested.list[2], type(v.absent), ARGV[2]}`);
    const results = await Promise.all([
      batch.call([], [{ name: 'caf\u00e9 "x"', n: 7, nested: { list: ['a', 'b'] }, absent: undefined }, 'after']),
      batch.call([], [{ name: '', n: -1, nested: { list: [1, 2] } }, 3]),
    ]);
    expect(results).toEqual([
      ['caf\u00e9 "x"', 7, 'b', 'nil', 'after'],
      ['', -1, 2, 'nil', '3'],
    ]);
  });

  it('fails the calls of a batch whose record cannot be written as JSON, and goes on', async () => {
    redis = await connectTest(kind);
    const batch = new ScriptBatch<string>(redis, `testBadRecord${kind}`, `return ARGV[1]`);
    await expect(batch.call([], [{ n: 1n }])).rejects.toThrow(/BigInt/);
    expect(await batch.call([], ['fine'])).toBe('fine');
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

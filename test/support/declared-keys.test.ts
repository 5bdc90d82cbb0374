// The check the single-Redis contract runs rely on: a script touching a key it did not declare fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/index.js';
import { onlyDeclaredKeys } from './declared-keys.js';
import { connectTest, uniquePrefix } from './stores.js';

type Scripted = RedisClient & { declared(n: number, ...args: string[]): Promise<unknown>; builds(n: number, ...args: string[]): Promise<unknown> };

describe('onlyDeclaredKeys', () => {
  let redis: Scripted;
  const prefix = uniquePrefix();
  beforeAll(async () => {
    redis = (await connectTest('redis')) as Scripted;
    onlyDeclaredKeys(redis);
    redis.defineCommand('declared', { lua: "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('DEL', KEYS[1], KEYS[2])" });
    redis.defineCommand('builds', { lua: "return redis.call('SET', KEYS[1] .. ':more', ARGV[1])" });
  });
  afterAll(() => redis.quit());

  it('lets a script touch the keys it declares', async () => {
    expect(await redis.declared(2, `${prefix}a`, `${prefix}b`, 'v')).toBe(1);
  });

  it('fails a script that builds a key name', async () => {
    await expect(redis.builds(1, `${prefix}a`, 'v')).rejects.toThrow(/undeclared key .*a:more in SET/);
  });
});

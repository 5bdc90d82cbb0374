import { scanKeys, type RedisClient } from './connection.js';
import { ScriptBatch } from './script-batch.js';
import type { Binding } from '../../firebrick/registration.js';
import type { Keys } from '../keys.js';
import type { RegisterResult, RegistrationStore } from '../registrations.js';

// KEYS[1] = bindings hash, KEYS[2] = expiry zset. Purges what has expired, then applies the change
// and moves both keys' expiry to the last binding's, so nothing outlives its bindings.
const PURGE = `
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #expired > 0 then
  redis.call('HDEL', KEYS[1], unpack(expired))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
local function settle()
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  if #last == 0 then
    redis.call('DEL', KEYS[1], KEYS[2])
    return 0
  end
  redis.call('PEXPIREAT', KEYS[1], last[2])
  redis.call('PEXPIREAT', KEYS[2], last[2])
  return redis.call('ZCARD', KEYS[2])
end
`;

// ARGV: now, id, expiresAt, json, subscriber, max
const REGISTER = `${PURGE}
local exists = redis.call('ZSCORE', KEYS[2], ARGV[2])
local max = tonumber(ARGV[6])
if not exists and max > 0 then
  local n = 0
  for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
    if cjson.decode(v).subscriber == ARGV[5] then n = n + 1 end
  end
  if n >= max then return {-1, redis.call('ZCARD', KEYS[2])} end
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return {1, settle()}`;

// ARGV: now, id
const UNREGISTER = `${PURGE}
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
return {0, settle()}`;

// ARGV: now. How many bindings are live: asked for every INVITE a rule routes by registration, so
// the counts of one event-loop turn go as one script call.
const LIVE_COUNT = `return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf')`;

// ARGV: now. Returns the JSON of live bindings.
const LIVE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[1], unpack(ids))`;

type RegistrationRedis = RedisClient & {
  firebridgeUnregister(h: string, z: string, now: number, id: string): Promise<[number, number]>;
  firebridgeLiveBindings(h: string, z: string, now: number): Promise<Array<string | null>>;
};

export class RedisRegistrationStore implements RegistrationStore {
  private readonly redis: RegistrationRedis;
  private readonly writer: RegistrationRedis;
  private readonly registers: ScriptBatch<[number, number]>;
  private readonly liveCounts: ScriptBatch<number>;

  /**
   * `writes`: the connection binding changes go on — under accounting.durability `replicated` the
   * durable-writes connection, so the WAIT that follows counts exactly them and never holds back the
   * reads (INVITE routing) on the shared one.
   */
  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly now: () => number = Date.now,
    writes: RedisClient = redis,
  ) {
    this.registers = new ScriptBatch(writes, 'firebridgeRegister', REGISTER);
    this.liveCounts = new ScriptBatch(redis, 'firebridgeLiveCount', LIVE_COUNT);
    for (const connection of new Set([redis, writes])) {
      connection.defineCommand('firebridgeUnregister', { numberOfKeys: 2, lua: UNREGISTER });
      connection.defineCommand('firebridgeLiveBindings', { numberOfKeys: 2, lua: LIVE });
    }
    this.redis = redis as RegistrationRedis;
    this.writer = writes as RegistrationRedis;
  }

  async register(b: Binding, maxForSubscriber: number): Promise<RegisterResult> {
    const [status, count] = await this.registers.call(
      [this.keys.registrations(b.number), this.keys.registrationExpiries(b.number)],
      [this.now(), b.id, b.expiresAt, JSON.stringify(b), b.subscriber, maxForSubscriber],
    );
    return { kind: status === -1 ? 'over-limit' : 'registered', bindings: count };
  }

  async unregister(number: string, bindingId: string): Promise<RegisterResult> {
    const [, count] = await this.writer.firebridgeUnregister(
      this.keys.registrations(number),
      this.keys.registrationExpiries(number),
      this.now(),
      bindingId,
    );
    return { kind: 'unregistered', bindings: count };
  }

  async isRegistered(number: string): Promise<boolean> {
    return (await this.count(number)) > 0;
  }

  async count(number: string): Promise<number> {
    return this.liveCounts.call([this.keys.registrationExpiries(number)], [this.now()]);
  }

  async bindings(number: string): Promise<Binding[]> {
    const json = await this.redis.firebridgeLiveBindings(
      this.keys.registrations(number),
      this.keys.registrationExpiries(number),
      this.now(),
    );
    const out: Binding[] = [];
    for (const j of json) {
      if (j) out.push(JSON.parse(j) as Binding);
    }
    return out.sort((a, b) => a.registeredAt - b.registeredAt);
  }

  async numbers(): Promise<string[]> {
    const found = new Set<string>();
    const pattern = this.keys.registrationExpiriesPattern();
    const prefix = pattern.slice(0, -1);
    for (const k of await scanKeys(this.redis, pattern)) {
      const tagged = k.slice(prefix.length);
      if (tagged.startsWith('{') && tagged.endsWith('}')) found.add(tagged.slice(1, -1));
    }
    const numbers = [...found];
    const counts = await Promise.all(numbers.map((n) => this.count(n)));
    return numbers.filter((_, i) => counts[i]! > 0).sort();
  }

  async flush(number: string): Promise<number> {
    const count = await this.count(number);
    await this.writer.del(this.keys.registrations(number), this.keys.registrationExpiries(number));
    return count;
  }
}

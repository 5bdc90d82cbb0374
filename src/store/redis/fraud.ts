// The fraud guard's counters on Redis (store/fraud.ts says how each window is kept, and why).
// One script per target for each of read, count and leg news (redis/fraud-lua.ts): with
// auto-pipelining a guarded INVITE's reads are one round trip, however many targets.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from './connection.js';
import { scanKeys } from './connection.js';
import { COUNT_CALL, LEG_NEWS, STANDING } from './fraud-lua.js';
import type { Keys } from '../keys.js';
import type { FraudLevel, FraudMetric } from '../../rules/fraud/index.js';
import {
  bucketsOf,
  DAY_BUCKET_MS,
  DAY_BUCKETS,
  HOUR_BUCKET_MS,
  HOUR_BUCKETS,
  MINUTE_MS,
  SHORT_CALLS_TTL_MS,
  type FraudBlock,
  type FraudLegNews,
  type FraudStanding,
  type FraudStore,
  type FraudTarget,
} from '../fraud.js';

type Standing = [calls: number, concurrent: number, secondsHour: number, secondsDay: number, shortCalls: number, blockTtl: number, block: string];

type FraudRedis = RedisClient & {
  firebridgeFraudStanding(calls: string, active: string, seconds: string, short: string, block: string, ...args: Array<string | number>): Promise<Standing>;
  firebridgeFraudCountCall(calls: string, active: string, ...args: Array<string | number>): Promise<number>;
  firebridgeFraudLegNews(active: string, seconds: string, short: string, ...args: Array<string | number>): Promise<number>;
};

export function parseTargets(json: string | null): FraudTarget[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((t): t is FraudTarget => typeof t?.subject === 'string' && typeof t?.cls === 'string') : [];
  } catch {
    return [];
  }
}

export class RedisFraudStore implements FraudStore {
  private readonly redis: FraudRedis;
  /** Members of the calls-per-minute sets: unique across instances without a random draw per call. */
  private readonly memberPrefix = randomBytes(6).toString('hex');
  private counted = 0;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    /** accounting.staleLegHours: a call not heard of for this long no longer counts as concurrent. */
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('firebridgeFraudStanding', { numberOfKeys: 5, lua: STANDING });
    redis.defineCommand('firebridgeFraudCountCall', { numberOfKeys: 2, lua: COUNT_CALL });
    redis.defineCommand('firebridgeFraudLegNews', { numberOfKeys: 3, lua: LEG_NEWS });
    this.redis = redis as FraudRedis;
  }

  private key(t: FraudTarget, what: string): string {
    return this.keys.fraud(t.subject, `${what}:${t.cls}`);
  }

  async standing(targets: readonly FraudTarget[]): Promise<FraudStanding[]> {
    const now = this.now();
    const hour = bucketsOf(now, HOUR_BUCKET_MS, 1)[0]!;
    const day = bucketsOf(now, DAY_BUCKET_MS, 1)[0]!;
    const replies = await Promise.all(
      targets.map((t) =>
        this.redis.firebridgeFraudStanding(
          this.key(t, 'calls'),
          this.key(t, 'active'),
          this.key(t, 'secs'),
          this.key(t, 'short'),
          this.key(t, 'block'),
          now,
          MINUTE_MS,
          this.staleMs,
          hour,
          HOUR_BUCKETS,
          day,
          DAY_BUCKETS,
        ),
      ),
    );
    return replies.map(([calls, concurrent, secondsHour, secondsDay, shortCalls, blockTtl, block]) => ({
      counts: { calls, concurrent, secondsHour, secondsDay, shortCalls },
      blocked: readBlock(block, blockTtl),
    }));
  }

  async callAuthorised(callId: string | undefined, targets: readonly FraudTarget[]): Promise<void> {
    if (targets.length === 0) return;
    const now = this.now();
    const writes: Array<Promise<unknown>> = targets.map((t) =>
      this.redis.firebridgeFraudCountCall(this.key(t, 'calls'), this.key(t, 'active'), now, MINUTE_MS, `${this.memberPrefix}:${++this.counted}`, this.staleMs, callId ?? ''),
    );
    if (callId !== undefined) writes.push(this.redis.set(this.keys.fraudCall(callId), JSON.stringify(targets), 'PX', this.staleMs));
    await Promise.all(writes);
  }

  async legAccounted(callId: string, news: FraudLegNews, shortCallSeconds: number): Promise<void> {
    const targets = parseTargets(await this.redis.get(this.keys.fraudCall(callId)));
    if (targets.length === 0) return;
    const now = this.now();
    const hour = bucketsOf(now, HOUR_BUCKET_MS, 1)[0]!;
    const day = bucketsOf(now, DAY_BUCKET_MS, 1)[0]!;
    await Promise.all(
      targets.map((t) =>
        this.redis.firebridgeFraudLegNews(
          this.key(t, 'active'),
          this.key(t, 'secs'),
          this.key(t, 'short'),
          news.status,
          now,
          callId,
          this.staleMs,
          news.connectedSeconds ?? 0,
          shortCallSeconds,
          hour,
          HOUR_BUCKETS,
          HOUR_BUCKET_MS,
          day,
          DAY_BUCKETS,
          DAY_BUCKET_MS,
          SHORT_CALLS_TTL_MS,
        ),
      ),
    );
  }

  async liveCalls(target: FraudTarget): Promise<string[]> {
    return this.redis.zrangebyscore(this.key(target, 'active'), this.now() - this.staleMs, '+inf');
  }

  async block(block: FraudBlock, ttlMs: number): Promise<boolean> {
    const { remainingMs: _left, ...kept } = block;
    const set = await this.redis.set(this.key(block, 'block'), JSON.stringify(kept), 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
    return set === 'OK';
  }

  async warn(target: FraudTarget, metric: FraudMetric, level: FraudLevel, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(this.keys.fraud(target.subject, `warn:${target.cls}:${metric}:${level}`), String(this.now()), 'PX', ttlMs, 'NX');
    return set === 'OK';
  }

  async blocks(): Promise<FraudBlock[]> {
    const keys = await scanKeys(this.redis, this.keys.fraudPattern());
    const found = await Promise.all(keys.map(async (k) => readBlock(await this.redis.get(k), await this.redis.pttl(k))));
    return found.filter((b): b is FraudBlock => b !== undefined).sort((a, b) => a.at - b.at);
  }

  async clear(subject: string): Promise<number> {
    const keys = await scanKeys(this.redis, this.keys.fraudPattern(subject));
    // One key per DEL: on a Cluster a multi-key DEL must be of one slot, and these are (one hash
    // tag), but a pattern match may reach further than the tag when a subject holds "}".
    const removed = await Promise.all(keys.map((k) => this.redis.del(k)));
    return removed.reduce((a, b) => a + b, 0);
  }
}

function readBlock(json: string | null, ttl: number): FraudBlock | undefined {
  if (!json) return undefined;
  try {
    const b = JSON.parse(json) as FraudBlock;
    return { ...b, ...(ttl > 0 ? { remainingMs: ttl } : {}) };
  } catch {
    return undefined;
  }
}

// The fraud guard's counters on Redis (store/fraud.ts says how each window is kept, and why).
// Reads are plain commands sent together: with auto-pipelining one round trip, however many targets.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from './connection.js';
import { scanKeys } from './connection.js';
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


function sum(values: ReadonlyArray<string | null>): number {
  return values.reduce((a, v) => a + (v === null ? 0 : Number(v) || 0), 0);
}

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
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    /** accounting.staleLegHours: a call not heard of for this long no longer counts as concurrent. */
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private key(t: FraudTarget, what: string): string {
    return this.keys.fraud(t.subject, `${what}:${t.cls}`);
  }

  async standing(targets: readonly FraudTarget[]): Promise<FraudStanding[]> {
    const now = this.now();
    return Promise.all(
      targets.map(async (t) => {
        const [calls, concurrent, hour, day, short, block, blockTtl] = await Promise.all([
          this.redis.zcount(this.key(t, 'calls'), now - MINUTE_MS, '+inf'),
          this.redis.zcount(this.key(t, 'active'), now - this.staleMs, '+inf'),
          this.redis.mget(bucketsOf(now, HOUR_BUCKET_MS, HOUR_BUCKETS).map((b) => `${this.key(t, 'secs-h')}:${b}`)),
          this.redis.mget(bucketsOf(now, DAY_BUCKET_MS, DAY_BUCKETS).map((b) => `${this.key(t, 'secs-d')}:${b}`)),
          this.redis.get(this.key(t, 'short')),
          this.redis.get(this.key(t, 'block')),
          this.redis.pttl(this.key(t, 'block')),
        ]);
        return {
          counts: { calls, concurrent, secondsHour: sum(hour), secondsDay: sum(day), shortCalls: Number(short ?? 0) || 0 },
          blocked: readBlock(block, blockTtl),
        };
      }),
    );
  }

  async callAuthorised(callId: string | undefined, targets: readonly FraudTarget[]): Promise<void> {
    if (targets.length === 0) return;
    const now = this.now();
    const writes: Array<Promise<unknown>> = [];
    for (const t of targets) {
      const calls = this.key(t, 'calls');
      writes.push(
        this.redis.zremrangebyscore(calls, '-inf', now - MINUTE_MS),
        this.redis.zadd(calls, now, `${now}:${randomBytes(6).toString('hex')}`),
        this.redis.pexpire(calls, MINUTE_MS),
      );
      if (callId !== undefined) {
        const active = this.key(t, 'active');
        writes.push(
          this.redis.zremrangebyscore(active, '-inf', now - this.staleMs),
          this.redis.zadd(active, now, callId),
          this.redis.pexpire(active, this.staleMs),
        );
      }
    }
    if (callId !== undefined) writes.push(this.redis.set(this.keys.fraudCall(callId), JSON.stringify(targets), 'PX', this.staleMs));
    await Promise.all(writes);
  }

  async legAccounted(callId: string, news: FraudLegNews, shortCallSeconds: number): Promise<void> {
    const targets = parseTargets(await this.redis.get(this.keys.fraudCall(callId)));
    if (targets.length === 0) return;
    const now = this.now();
    const writes: Array<Promise<unknown>> = [];
    for (const t of targets) {
      const active = this.key(t, 'active');
      if (news.status !== 'stop') {
        // XX: refresh only a call still counted; a Stop that came first must not be undone.
        writes.push(this.redis.zadd(active, 'XX', now, callId), this.redis.pexpire(active, this.staleMs));
        continue;
      }
      writes.push(this.redis.zrem(active, callId));
      const seconds = news.connectedSeconds ?? 0;
      if (seconds <= 0) continue;
      const hour = `${this.key(t, 'secs-h')}:${bucketsOf(now, HOUR_BUCKET_MS, 1)[0]}`;
      const day = `${this.key(t, 'secs-d')}:${bucketsOf(now, DAY_BUCKET_MS, 1)[0]}`;
      writes.push(
        this.redis.incrby(hour, seconds),
        this.redis.pexpire(hour, HOUR_BUCKET_MS * HOUR_BUCKETS),
        this.redis.incrby(day, seconds),
        this.redis.pexpire(day, DAY_BUCKET_MS * DAY_BUCKETS),
      );
      const short = this.key(t, 'short');
      if (seconds < shortCallSeconds) writes.push(this.redis.incr(short), this.redis.pexpire(short, SHORT_CALLS_TTL_MS));
      else writes.push(this.redis.del(short));
    }
    await Promise.all(writes);
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

// The fraud guard's counters in process (store/fraud.ts): the same windows as the Redis store, on
// the store's clock, so the contract test holds both to one behaviour.
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
import { ExpiringMap } from './expiring-map.js';


const tag = (t: FraudTarget): string => `${t.subject}\u0000${t.cls}`;

export class MemoryFraudStore implements FraudStore {
  /** Expiring with their last news, as the Redis keys do, so idle subjects take no memory. */
  private readonly calls: ExpiringMap<number[]>;
  /** target → Call-ID → last heard of (ms). */
  private readonly active: ExpiringMap<Map<string, number>>;
  private readonly seconds: ExpiringMap<number>;
  private readonly short: ExpiringMap<number>;
  private readonly blocked: ExpiringMap<FraudBlock>;
  private readonly warned: ExpiringMap<number>;
  private readonly notes: ExpiringMap<FraudTarget[]>;

  constructor(
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.calls = new ExpiringMap(now);
    this.active = new ExpiringMap(now);
    this.seconds = new ExpiringMap(now);
    this.short = new ExpiringMap(now);
    this.blocked = new ExpiringMap(now);
    this.warned = new ExpiringMap(now);
    this.notes = new ExpiringMap(now);
  }

  private sumBuckets(t: FraudTarget, kind: string, bucketMs: number, count: number): number {
    return bucketsOf(this.now(), bucketMs, count).reduce((a, b) => a + (this.seconds.get(`${tag(t)}\u0000${kind}\u0000${b}`) ?? 0), 0);
  }

  async standing(targets: readonly FraudTarget[]): Promise<FraudStanding[]> {
    const now = this.now();
    return targets.map((t) => {
      const block = this.blocked.get(tag(t));
      const remainingMs = this.blocked.remainingMs(tag(t));
      return {
        counts: {
          calls: (this.calls.get(tag(t)) ?? []).filter((at) => at >= now - MINUTE_MS).length,
          concurrent: [...(this.active.get(tag(t))?.values() ?? [])].filter((at) => at >= now - this.staleMs).length,
          secondsHour: this.sumBuckets(t, 'h', HOUR_BUCKET_MS, HOUR_BUCKETS),
          secondsDay: this.sumBuckets(t, 'd', DAY_BUCKET_MS, DAY_BUCKETS),
          shortCalls: this.short.get(tag(t)) ?? 0,
        },
        blocked: block ? { ...block, ...(remainingMs !== undefined ? { remainingMs } : {}) } : undefined,
      };
    });
  }

  async callAuthorised(callId: string | undefined, targets: readonly FraudTarget[]): Promise<void> {
    const now = this.now();
    for (const t of targets) {
      this.calls.set(tag(t), [...(this.calls.get(tag(t)) ?? []).filter((at) => at >= now - MINUTE_MS), now], MINUTE_MS);
      if (callId === undefined) continue;
      const active = this.active.get(tag(t)) ?? new Map<string, number>();
      for (const [id, at] of active) if (at < now - this.staleMs) active.delete(id);
      this.active.set(tag(t), active.set(callId, now), this.staleMs);
    }
    if (callId !== undefined && targets.length) this.notes.set(callId, [...targets], this.staleMs);
  }

  async legAccounted(callId: string, news: FraudLegNews, shortCallSeconds: number): Promise<void> {
    const now = this.now();
    for (const t of this.notes.get(callId) ?? []) {
      const active = this.active.get(tag(t));
      if (news.status !== 'stop') {
        if (active?.has(callId)) this.active.set(tag(t), active.set(callId, now), this.staleMs);
        continue;
      }
      active?.delete(callId);
      const seconds = news.connectedSeconds ?? 0;
      if (seconds <= 0) continue;
      for (const [kind, bucketMs, count] of [['h', HOUR_BUCKET_MS, HOUR_BUCKETS], ['d', DAY_BUCKET_MS, DAY_BUCKETS]] as const) {
        const key = `${tag(t)}\u0000${kind}\u0000${bucketsOf(now, bucketMs, 1)[0]}`;
        this.seconds.set(key, (this.seconds.get(key) ?? 0) + seconds, bucketMs * count);
      }
      if (seconds < shortCallSeconds) this.short.set(tag(t), (this.short.get(tag(t)) ?? 0) + 1, SHORT_CALLS_TTL_MS);
      else this.short.delete(tag(t));
    }
  }

  async liveCalls(target: FraudTarget): Promise<string[]> {
    const since = this.now() - this.staleMs;
    return [...(this.active.get(tag(target))?.entries() ?? [])].filter(([, at]) => at >= since).map(([callId]) => callId);
  }

  async block(block: FraudBlock, ttlMs: number): Promise<boolean> {
    if (this.blocked.get(tag(block))) return false;
    const { remainingMs: _left, ...kept } = block;
    this.blocked.set(tag(block), kept, ttlMs);
    return true;
  }

  async warn(target: FraudTarget, metric: FraudMetric, level: FraudLevel, ttlMs: number): Promise<boolean> {
    const key = `${tag(target)}\u0000${metric}\u0000${level}`;
    if (this.warned.get(key) !== undefined) return false;
    this.warned.set(key, this.now(), ttlMs);
    return true;
  }

  async blocks(): Promise<FraudBlock[]> {
    return this.blocked
      .keys()
      .map((k) => {
        const b = this.blocked.get(k);
        const remainingMs = this.blocked.remainingMs(k);
        return b ? { ...b, ...(remainingMs !== undefined ? { remainingMs } : {}) } : undefined;
      })
      .filter((b): b is FraudBlock => b !== undefined)
      .sort((a, b) => a.at - b.at);
  }

  async clear(subject: string): Promise<number> {
    const mine = (k: string): boolean => k.startsWith(`${subject}\u0000`);
    let removed = 0;
    const maps: Array<ExpiringMap<unknown>> = [this.calls, this.active, this.seconds, this.short, this.blocked, this.warned];
    for (const map of maps) for (const k of map.keys()) if (mine(k) && map.delete(k)) removed++;
    return removed;
  }
}

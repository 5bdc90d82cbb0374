// The watch registry is one hash (watcher id → filter and expiry); registry changes and events go
// by pub/sub on a connection of its own (a subscribed connection can send nothing else), duplicated
// from the store's on the first subscription. On Cluster, classic pub/sub reaches every node:
// publishing and subscribing through any node works.
import { Cluster } from 'ioredis';
import type { Keys } from '../keys.js';
import type { RedisClient } from './connection.js';
import { watcherFromJson, watcherToJson, type TraceFilter, type TraceStore, type TraceWatcher, type Unsubscribe } from '../trace.js';

export class RedisTraceStore implements TraceStore {
  private subscriber: RedisClient | undefined;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly now: () => number,
  ) {}

  async watch(id: string, filter: TraceFilter, ttlMs: number): Promise<void> {
    const key = this.keys.traceWatchers();
    const [added] = await Promise.all([
      this.redis.hset(key, id, watcherToJson({ filter, expiresAt: this.now() + ttlMs })),
      // The hash outlives its last refresh by one lifetime at most, so watchers that all died leave nothing.
      this.redis.pexpire(key, ttlMs),
    ]);
    if (added > 0) await this.redis.publish(this.keys.traceChanges(), id);
  }

  async unwatch(id: string): Promise<void> {
    if ((await this.redis.hdel(this.keys.traceWatchers(), id)) > 0) await this.redis.publish(this.keys.traceChanges(), id);
  }

  async watchers(): Promise<TraceWatcher[]> {
    const entries = await this.redis.hgetall(this.keys.traceWatchers());
    const now = this.now();
    const alive: TraceWatcher[] = [];
    const expired: string[] = [];
    for (const [id, json] of Object.entries(entries)) {
      const w = watcherFromJson(id, json);
      if (w && w.expiresAt > now) alive.push(w);
      else expired.push(id);
    }
    if (expired.length) await this.redis.hdel(this.keys.traceWatchers(), ...expired);
    return alive;
  }

  async publish(watcherId: string, event: string): Promise<void> {
    await this.redis.publish(this.keys.traceEvents(watcherId), event);
  }

  subscribe(watcherId: string, onEvent: (event: string) => void): Promise<Unsubscribe> {
    return this.listen(this.keys.traceEvents(watcherId), onEvent);
  }

  onChange(listener: () => void): Promise<Unsubscribe> {
    return this.listen(this.keys.traceChanges(), () => listener());
  }

  /** Ends the pub/sub connection (store.close). */
  async close(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = undefined;
    this.listeners.clear();
    if (!sub) return;
    await sub.quit().catch(() => {});
    sub.disconnect();
  }

  private connection(): RedisClient {
    if (this.subscriber) return this.subscriber;
    const sub: RedisClient = this.redis instanceof Cluster ? this.redis.duplicate() : this.redis.duplicate();
    // Errors surface as failed subscriptions; ioredis reconnects and re-subscribes by itself.
    sub.on('error', () => {});
    sub.on('message', (channel: string, message: string) => {
      for (const fn of this.listeners.get(channel) ?? []) fn(message);
    });
    this.subscriber = sub;
    return sub;
  }

  private async listen(channel: string, fn: (message: string) => void): Promise<Unsubscribe> {
    const sub = this.connection();
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      set.add(fn);
      try {
        await sub.subscribe(channel);
      } catch (err) {
        this.listeners.delete(channel);
        throw err;
      }
    } else set.add(fn);
    return async () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(fn) || current.size > 0) return;
      this.listeners.delete(channel);
      if (this.subscriber === sub) await sub.unsubscribe(channel).catch(() => {});
    };
  }
}

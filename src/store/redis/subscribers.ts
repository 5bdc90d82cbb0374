import { scanKeys, type RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import { subscriberFromHash, subscriberToHash } from '../subscriber-codec.js';
import type { Subscriber, SubscriberStore } from '../subscriber.js';

export class RedisSubscriberStore implements SubscriberStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(realm: string, username: string): Promise<Subscriber | undefined> {
    const h = await this.redis.hgetall(this.keys.subscriber(realm, username));
    return subscriberFromHash(h);
  }

  async getByCui(cui: string): Promise<Subscriber | undefined> {
    const ref = await this.redis.get(this.keys.cui(cui));
    if (!ref) return undefined;
    const sep = ref.indexOf(':');
    return sep < 0 ? undefined : this.get(ref.slice(0, sep), ref.slice(sep + 1));
  }

  async put(s: Subscriber): Promise<void> {
    const key = this.keys.subscriber(s.realm, s.username);
    const previous = await this.redis.hget(key, 'cui');
    // The subscriber hash is replaced atomically; the CUI index lives in another slot on a Cluster,
    // so it follows in separate commands (operator edits, not the packet path).
    await this.redis.multi().del(key).hset(key, subscriberToHash(s)).exec();
    if (previous && previous !== s.cui) await this.redis.del(this.keys.cui(previous));
    if (s.cui) await this.redis.set(this.keys.cui(s.cui), `${s.realm}:${s.username}`);
  }

  async delete(realm: string, username: string): Promise<boolean> {
    const key = this.keys.subscriber(realm, username);
    const cui = await this.redis.hget(key, 'cui');
    const removed = await this.redis.del(key);
    if (cui) await this.redis.del(this.keys.cui(cui));
    return removed > 0;
  }

  async list(): Promise<Subscriber[]> {
    const keys = await scanKeys(this.redis, this.keys.subscriberPattern());
    const hashes = await Promise.all(keys.map((k) => this.redis.hgetall(k)));
    const out = hashes.map(subscriberFromHash).filter((s): s is Subscriber => s !== undefined);
    return out.sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username));
  }
}

import type { Redis } from 'ioredis';
import type { Keys } from '../keys.js';
import { subscriberFromHash, subscriberToHash } from '../subscriber-codec.js';
import type { Subscriber, SubscriberStore } from '../subscriber.js';

export class RedisSubscriberStore implements SubscriberStore {
  constructor(
    private readonly redis: Redis,
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
    const tx = this.redis.multi().del(key).hset(key, subscriberToHash(s));
    if (previous && previous !== s.cui) tx.del(this.keys.cui(previous));
    if (s.cui) tx.set(this.keys.cui(s.cui), `${s.realm}:${s.username}`);
    await tx.exec();
  }

  async delete(realm: string, username: string): Promise<boolean> {
    const key = this.keys.subscriber(realm, username);
    const cui = await this.redis.hget(key, 'cui');
    const tx = this.redis.multi().del(key);
    if (cui) tx.del(this.keys.cui(cui));
    const result = await tx.exec();
    return Number(result?.[0]?.[1] ?? 0) > 0;
  }

  async list(): Promise<Subscriber[]> {
    const out: Subscriber[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.keys.subscriberPattern(), 'COUNT', 500);
      cursor = next;
      const hashes = await Promise.all(keys.map((k) => this.redis.hgetall(k)));
      for (const h of hashes) {
        const s = subscriberFromHash(h);
        if (s) out.push(s);
      }
    } while (cursor !== '0');
    return out.sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username));
  }
}

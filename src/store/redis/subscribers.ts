import { scanKeys, type RedisClient } from './connection.js';
import { hashFromFlat, ScriptBatch } from './script-batch.js';
import type { Keys } from '../keys.js';
import { featuresFromHash, featuresToHash } from '../features-codec.js';
import { subscriberFromHash, subscriberToHash } from '../subscriber-codec.js';
import type { Callee, Subscriber, SubscriberStore } from '../subscriber.js';

// The callee of an INVITE is read for every call a rule routes to a subscriber (`callee.*`, call
// features): the reads of one event-loop turn go as one script call, as the auth snapshots do.
const CALLEE = `return redis.call('HGETALL', KEYS[1])`;

export class RedisSubscriberStore implements SubscriberStore {
  private readonly callees: ScriptBatch<string[]>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {
    this.callees = new ScriptBatch(redis, 'firebridgeCallee', CALLEE);
  }

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

  async callee(number: string): Promise<Callee | undefined> {
    const h = hashFromFlat(await this.callees.call([this.keys.callee(number)], []));
    if (!h.username || h.realm === undefined) return undefined;
    return { number, username: h.username, realm: h.realm, features: featuresFromHash(h) };
  }

  async put(s: Subscriber): Promise<void> {
    const key = this.keys.subscriber(s.realm, s.username);
    const [previousCui, previousNumber] = await this.redis.hmget(key, 'cui', 'number');
    // The subscriber hash is replaced atomically; the CUI and number indexes live in other slots on a
    // Cluster, so they follow in separate commands (operator edits and feature codes, not routing).
    await this.redis.multi().del(key).hset(key, subscriberToHash(s)).exec();
    if (previousCui && previousCui !== s.cui) await this.redis.del(this.keys.cui(previousCui));
    if (s.cui) await this.redis.set(this.keys.cui(s.cui), `${s.realm}:${s.username}`);
    if (previousNumber && previousNumber !== s.number) await this.dropNumber(previousNumber, s);
    if (s.number) {
      const index = this.keys.callee(s.number);
      await this.redis.multi().del(index).hset(index, { username: s.username, realm: s.realm, ...featuresToHash(s.features) }).exec();
    }
  }

  /** Removes a number's index entry if it still names this subscriber (another may have taken the number since). */
  private async dropNumber(number: string, s: Pick<Subscriber, 'realm' | 'username'>): Promise<void> {
    const index = this.keys.callee(number);
    const [username, realm] = await this.redis.hmget(index, 'username', 'realm');
    if (username === s.username && realm === s.realm) await this.redis.del(index);
  }

  async delete(realm: string, username: string): Promise<boolean> {
    const key = this.keys.subscriber(realm, username);
    const [cui, number] = await this.redis.hmget(key, 'cui', 'number');
    const removed = await this.redis.del(key);
    if (cui) await this.redis.del(this.keys.cui(cui));
    if (number) await this.dropNumber(number, { realm, username });
    return removed > 0;
  }

  async list(): Promise<Subscriber[]> {
    const keys = await scanKeys(this.redis, this.keys.subscriberPattern());
    const hashes = await Promise.all(keys.map((k) => this.redis.hgetall(k)));
    const out = hashes.map(subscriberFromHash).filter((s): s is Subscriber => s !== undefined);
    return out.sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username));
  }
}

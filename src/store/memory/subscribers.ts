import type { Subscriber, SubscriberStore } from '../subscriber.js';

export class MemorySubscriberStore implements SubscriberStore {
  private readonly byKey = new Map<string, Subscriber>();
  private readonly byCui = new Map<string, string>();

  async get(realm: string, username: string): Promise<Subscriber | undefined> {
    return this.byKey.get(`${realm}:${username}`);
  }

  async getByCui(cui: string): Promise<Subscriber | undefined> {
    const key = this.byCui.get(cui);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  async put(s: Subscriber): Promise<void> {
    const key = `${s.realm}:${s.username}`;
    const previous = this.byKey.get(key);
    if (previous?.cui && previous.cui !== s.cui) this.byCui.delete(previous.cui);
    this.byKey.set(key, s);
    if (s.cui) this.byCui.set(s.cui, key);
  }

  async delete(realm: string, username: string): Promise<boolean> {
    const key = `${realm}:${username}`;
    const s = this.byKey.get(key);
    if (s?.cui) this.byCui.delete(s.cui);
    return this.byKey.delete(key);
  }

  async list(): Promise<Subscriber[]> {
    return [...this.byKey.values()].sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username));
  }
}

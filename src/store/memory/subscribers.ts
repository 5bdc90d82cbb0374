import type { Callee, Subscriber, SubscriberStore } from '../subscriber.js';

export class MemorySubscriberStore implements SubscriberStore {
  private readonly byKey = new Map<string, Subscriber>();
  private readonly byCui = new Map<string, string>();
  private readonly byNumber = new Map<string, string>();

  async get(realm: string, username: string): Promise<Subscriber | undefined> {
    return this.byKey.get(`${realm}:${username}`);
  }

  async getByCui(cui: string): Promise<Subscriber | undefined> {
    const key = this.byCui.get(cui);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  async callee(number: string): Promise<Callee | undefined> {
    const key = this.byNumber.get(number);
    const s = key === undefined ? undefined : this.byKey.get(key);
    return s ? { number, username: s.username, realm: s.realm, features: s.features ?? {} } : undefined;
  }

  async put(s: Subscriber): Promise<void> {
    const key = `${s.realm}:${s.username}`;
    const previous = this.byKey.get(key);
    if (previous?.cui && previous.cui !== s.cui) this.byCui.delete(previous.cui);
    if (previous?.number && previous.number !== s.number && this.byNumber.get(previous.number) === key) this.byNumber.delete(previous.number);
    this.byKey.set(key, s);
    if (s.cui) this.byCui.set(s.cui, key);
    if (s.number) this.byNumber.set(s.number, key);
  }

  async delete(realm: string, username: string): Promise<boolean> {
    const key = `${realm}:${username}`;
    const s = this.byKey.get(key);
    if (s?.cui) this.byCui.delete(s.cui);
    if (s?.number && this.byNumber.get(s.number) === key) this.byNumber.delete(s.number);
    return this.byKey.delete(key);
  }

  async list(): Promise<Subscriber[]> {
    return [...this.byKey.values()].sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username));
  }
}

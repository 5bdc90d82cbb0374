import type { Binding } from '../../firebrick/registration.js';
import type { RegisterResult, RegistrationStore } from '../registrations.js';

export class MemoryRegistrationStore implements RegistrationStore {
  private readonly byNumber = new Map<string, Map<string, Binding>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Live bindings of a number; purges expired ones so memory follows the live set. */
  private live(number: string): Map<string, Binding> | undefined {
    const map = this.byNumber.get(number);
    if (!map) return undefined;
    const now = this.now();
    for (const [id, b] of map) if (b.expiresAt <= now) map.delete(id);
    if (map.size === 0) {
      this.byNumber.delete(number);
      return undefined;
    }
    return map;
  }

  async register(b: Binding, maxForSubscriber: number): Promise<RegisterResult> {
    const map = this.live(b.number) ?? new Map<string, Binding>();
    if (!map.has(b.id) && maxForSubscriber > 0) {
      let n = 0;
      for (const other of map.values()) if (other.subscriber === b.subscriber) n++;
      if (n >= maxForSubscriber) return { kind: 'over-limit', bindings: map.size };
    }
    map.set(b.id, b);
    this.byNumber.set(b.number, map);
    return { kind: 'registered', bindings: map.size };
  }

  async unregister(number: string, bindingId: string): Promise<RegisterResult> {
    const map = this.live(number);
    map?.delete(bindingId);
    if (map && map.size === 0) this.byNumber.delete(number);
    return { kind: 'unregistered', bindings: map?.size ?? 0 };
  }

  async isRegistered(number: string): Promise<boolean> {
    return this.live(number) !== undefined;
  }

  async count(number: string): Promise<number> {
    return this.live(number)?.size ?? 0;
  }

  async bindings(number: string): Promise<Binding[]> {
    return [...(this.live(number)?.values() ?? [])].sort((a, b) => a.registeredAt - b.registeredAt);
  }

  async numbers(): Promise<string[]> {
    return [...this.byNumber.keys()].filter((n) => this.live(n) !== undefined).sort();
  }

  async flush(number: string): Promise<number> {
    const n = this.live(number)?.size ?? 0;
    this.byNumber.delete(number);
    return n;
  }
}

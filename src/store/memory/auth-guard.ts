import type { AuthGuardStore, GuardPolicy, GuardSubject, Lockout, StandingLockout } from '../auth-guard.js';
import type { GuardScope } from '../keys.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryAuthGuardStore implements AuthGuardStore {
  private readonly failures: ExpiringMap<number>;
  private readonly locks: ExpiringMap<number>;

  constructor(now: () => number = Date.now) {
    this.failures = new ExpiringMap(now);
    this.locks = new ExpiringMap(now);
  }

  async lockedOut(subjects: readonly GuardSubject[]): Promise<Lockout | undefined> {
    for (const subject of subjects) {
      const remainingMs = this.locks.remainingMs(`${subject.scope}:${subject.id}`);
      if (remainingMs !== undefined) return { subject, remainingMs };
    }
    return undefined;
  }

  async recordFailure(subjects: readonly GuardSubject[], policy: GuardPolicy): Promise<GuardSubject[]> {
    const locked: GuardSubject[] = [];
    for (const s of subjects) {
      const key = `${s.scope}:${s.id}`;
      const ttl = this.failures.remainingMs(key) ?? policy.windowMs;
      const n = (this.failures.get(key) ?? 0) + 1;
      if (n >= s.maxFailures) {
        this.locks.set(key, n, policy.lockoutMs);
        this.failures.delete(key);
        locked.push(s);
      } else {
        this.failures.set(key, n, ttl);
      }
    }
    return locked;
  }

  async hasFailures(subject: GuardSubject): Promise<boolean> {
    return this.failures.get(`${subject.scope}:${subject.id}`) !== undefined;
  }

  async recordSuccess(user: GuardSubject): Promise<void> {
    this.failures.delete(`${user.scope}:${user.id}`);
  }

  async lockouts(): Promise<StandingLockout[]> {
    return this.locks
      .keys()
      .flatMap((key) => {
        const sep = key.indexOf(':');
        const remainingMs = this.locks.remainingMs(key);
        return remainingMs === undefined ? [] : [{ scope: key.slice(0, sep) as GuardScope, id: key.slice(sep + 1), remainingMs }];
      })
      .sort((a, b) => a.remainingMs - b.remainingMs);
  }

  async clear(subject: Pick<GuardSubject, 'scope' | 'id'>): Promise<void> {
    this.failures.delete(`${subject.scope}:${subject.id}`);
    this.locks.delete(`${subject.scope}:${subject.id}`);
  }
}

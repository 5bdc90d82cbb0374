import { scanKeys, type RedisClient } from './connection.js';
import type { AuthGuardStore, GuardPolicy, GuardSubject, Lockout, StandingLockout } from '../auth-guard.js';
import type { GuardScope, Keys } from '../keys.js';

// Counts a failure and locks when the count reaches the limit — atomically, so concurrent failures
// on several instances cannot slip past the limit. KEYS: failures, lock. ARGV: window ms, limit, lockout ms.
const RECORD_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], n, 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

type GuardRedis = RedisClient & {
  firebridgeRecordFailure(failures: string, lock: string, windowMs: number, limit: number, lockoutMs: number): Promise<number>;
};

/** The first subject whose lock key exists (PTTL > 0, or -1: no expiry), from PTTLs in subject order. */
export function lockoutFromTtls(subjects: readonly GuardSubject[], ttls: readonly number[]): Lockout | undefined {
  for (let i = 0; i < subjects.length; i++) {
    const ttl = ttls[i]!;
    if (ttl > 0 || ttl === -1) return { subject: subjects[i]!, remainingMs: ttl > 0 ? ttl : Infinity };
  }
  return undefined;
}

export class RedisAuthGuardStore implements AuthGuardStore {
  private readonly redis: GuardRedis;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
  ) {
    redis.defineCommand('firebridgeRecordFailure', { numberOfKeys: 2, lua: RECORD_FAILURE });
    this.redis = redis as GuardRedis;
  }

  async lockedOut(subjects: readonly GuardSubject[]): Promise<Lockout | undefined> {
    return lockoutFromTtls(subjects, await Promise.all(subjects.map((s) => this.redis.pttl(this.keys.lock(s.scope, s.id)))));
  }

  async recordFailure(subjects: readonly GuardSubject[], policy: GuardPolicy): Promise<GuardSubject[]> {
    const results = await Promise.all(
      subjects.map((s) =>
        this.redis.firebridgeRecordFailure(
          this.keys.failures(s.scope, s.id),
          this.keys.lock(s.scope, s.id),
          policy.windowMs,
          s.maxFailures,
          policy.lockoutMs,
        ),
      ),
    );
    return subjects.filter((_, i) => results[i] === 1);
  }

  async hasFailures(subject: GuardSubject): Promise<boolean> {
    return (await this.redis.exists(this.keys.failures(subject.scope, subject.id))) === 1;
  }

  async recordSuccess(user: GuardSubject): Promise<void> {
    await this.redis.del(this.keys.failures(user.scope, user.id));
  }

  async lockouts(): Promise<StandingLockout[]> {
    const keys = await scanKeys(this.redis, this.keys.lockPattern());
    const ttls = await Promise.all(keys.map((k) => this.redis.pttl(k)));
    return keys
      .map((k, i) => ({ ...this.keys.lockSubject(k), remainingMs: ttls[i]! > 0 ? ttls[i]! : Infinity, live: ttls[i] !== -2 }))
      .filter((l): l is StandingLockout & { live: true; scope: GuardScope } => l.scope !== undefined && l.live)
      .map(({ live: _live, ...l }) => l)
      .sort((a, b) => a.remainingMs - b.remainingMs);
  }

  async clear(subject: Pick<GuardSubject, 'scope' | 'id'>): Promise<void> {
    await this.redis.del(this.keys.failures(subject.scope, subject.id), this.keys.lock(subject.scope, subject.id));
  }
}

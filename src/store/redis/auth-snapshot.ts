import { Cluster } from 'ioredis';
import type { RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import type { Lockout } from '../auth-guard.js';
import { composeAuthSnapshot, type AuthQuery, type AuthSnapshot } from '../auth-snapshot.js';
import type { NonceClaim } from '../nonce-replay.js';
import type { SubscriberStore } from '../subscriber.js';
import type { AuthGuardStore } from '../auth-guard.js';
import type { NonceReplayStore } from '../nonce-replay.js';
import { subscriberFromHash } from '../subscriber-codec.js';

// KEYS[1] subscriber hash, KEYS[2] the user's failure counter, KEYS[3] the (nonce, nc) claim,
// KEYS[4..] lockouts. ARGV: request fingerprint, claim TTL (ms). The claim is SET NX GET, exactly as
// RedisNonceReplayStore.claim does it.
const SNAPSHOT = `
local sub = redis.call('HGETALL', KEYS[1])
local fails = redis.call('EXISTS', KEYS[2])
local prev = redis.call('SET', KEYS[3], ARGV[1], 'NX', 'GET', 'PX', ARGV[2])
local ttls = {}
for i = 4, #KEYS do ttls[#ttls + 1] = redis.call('PTTL', KEYS[i]) end
return {sub, fails, prev, ttls}`;

type SnapshotRedis = RedisClient & {
  firebridgeAuthSnapshot(numberOfKeys: number, ...args: Array<string | number>): Promise<[string[], number, string | null, number[]]>;
};

export class RedisAuthSnapshot {
  private readonly redis: SnapshotRedis;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly parts: { subscribers: SubscriberStore; guard: AuthGuardStore; nonces: NonceReplayStore },
  ) {
    redis.defineCommand('firebridgeAuthSnapshot', { lua: SNAPSHOT });
    this.redis = redis as SnapshotRedis;
  }

  async read(q: AuthQuery): Promise<AuthSnapshot> {
    // The keys live in different hash slots: a Cluster cannot run them in one script. A CUI needs
    // its index read first. Both take the separate calls (still one pipelined round trip).
    const account = q.account;
    if (this.redis instanceof Cluster || account === undefined || 'cui' in account) return composeAuthSnapshot(this.parts, q);
    const user = q.subjects[0];
    const keys = [
      this.keys.subscriber(account.realm, account.username),
      this.keys.failures(user.scope, user.id),
      this.keys.nonceCount(q.claim.nonce, q.claim.nc),
      ...q.subjects.map((s) => this.keys.lock(s.scope, s.id)),
    ];
    const [flat, fails, previous, ttls] = await this.redis.firebridgeAuthSnapshot(
      keys.length,
      ...keys,
      q.claim.fingerprint,
      String(Math.max(1, Math.round(q.claim.ttlMs))),
    );
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    let lock: Lockout | undefined;
    for (let i = 0; i < q.subjects.length && !lock; i++) {
      const ttl = ttls[i]!;
      if (ttl > 0 || ttl === -1) lock = { subject: q.subjects[i]!, remainingMs: ttl > 0 ? ttl : Infinity };
    }
    const claim: NonceClaim = previous === null ? 'first' : previous === q.claim.fingerprint ? 'retransmission' : 'replay';
    return { lock, subscriber: subscriberFromHash(hash), userHasFailures: fails === 1, claim };
  }
}

import { Cluster } from 'ioredis';
import type { RedisClient } from './connection.js';
import { hashFromFlat, ScriptBatch } from './script-batch.js';
import type { Keys } from '../keys.js';
import { composeAuthSnapshot, type AuthParts, type AuthQuery, type AuthSnapshot } from '../auth-snapshot.js';
import { subscriberFromHash } from '../subscriber-codec.js';
import { lockoutFromTtls } from './auth-guard.js';
import { claimOutcome, claimValue } from '../nonce-replay.js';
import { claimTtl } from './nonce-replay.js';

// KEYS[1] subscriber hash, KEYS[2] the user's failure counter, KEYS[3] the (nonce, nc) claim,
// KEYS[4..] lockouts. ARGV: the claim's value (first sight and fingerprint), claim TTL (ms). The
// claim is SET NX GET, exactly as RedisNonceReplayStore.claim does it.
const SNAPSHOT = `
local sub = redis.call('HGETALL', KEYS[1])
local fails = redis.call('EXISTS', KEYS[2])
local prev = redis.call('SET', KEYS[3], ARGV[1], 'NX', 'GET', 'PX', ARGV[2])
local ttls = {}
for i = 4, #KEYS do ttls[#ttls + 1] = redis.call('PTTL', KEYS[i]) end
return {sub, fails, prev, ttls}`;

type SnapshotReply = [string[], number, string | null, number[]];

export class RedisAuthSnapshot {
  private readonly snapshots: ScriptBatch<SnapshotReply>;
  private readonly cluster: boolean;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly parts: AuthParts,
  ) {
    this.snapshots = new ScriptBatch(redis, 'firebridgeAuthSnapshot', SNAPSHOT);
    this.cluster = redis instanceof Cluster;
  }

  async read(q: AuthQuery): Promise<AuthSnapshot> {
    // The keys live in different hash slots: a Cluster cannot run them in one script. A CUI needs
    // its index read first. Both take the separate calls (still one pipelined round trip).
    const account = q.account;
    if (this.cluster || account === undefined || 'cui' in account) return composeAuthSnapshot(this.parts, q);
    const user = q.subjects[0];
    const keys = [
      this.keys.subscriber(account.realm, account.username),
      this.keys.failures(user.scope, user.id),
      this.keys.nonceCount(q.claim.nonce, q.claim.nc),
      ...q.subjects.map((s) => this.keys.lock(s.scope, s.id)),
    ];
    const [flat, fails, previous, ttls] = await this.snapshots.call(keys, [claimValue(q.claim), claimTtl(q.claim.ttlMs)]);
    return {
      lock: lockoutFromTtls(q.subjects, ttls),
      subscriber: subscriberFromHash(hashFromFlat(flat)),
      userHasFailures: fails === 1,
      claim: claimOutcome(previous, q.claim),
    };
  }
}

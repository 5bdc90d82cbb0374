// The Redis key schema — documented in README.md → "Redis keys", readable with redis-cli.
// Keys that one operation touches together share a {hash tag}, so the schema works on Redis Cluster.
export class Keys {
  constructor(readonly prefix: string) {}

  /** HASH: one subscriber (fields in subscriber-codec.ts). */
  subscriber(realm: string, username: string): string {
    return `${this.prefix}sub:{${realm}:${username}}`;
  }
  /** SCAN pattern over all subscribers. */
  subscriberPattern(): string {
    return `${this.prefix}sub:*`;
  }
  /** STRING: CUI → "realm:username" of the subscriber (local phones are keyed by CUI, spec §1.1). */
  cui(cui: string): string {
    return `${this.prefix}cui:${cui}`;
  }
  /** STRING: the RADIUS request authenticator that first used (nonce, nc); expires with the nonce. */
  nonceCount(nonce: string, nc: string): string {
    return `${this.prefix}nc:${nonce}:${nc}`;
  }
  /** STRING counter of recent failures; expires after the guard window. */
  failures(scope: GuardScope, id: string): string {
    return `${this.prefix}fail:{${scope}:${id}}`;
  }
  /** STRING: present while locked out; value says why. */
  lock(scope: GuardScope, id: string): string {
    return `${this.prefix}lock:{${scope}:${id}}`;
  }
  /** HASH: binding id → binding JSON, for one number. Expires with its last binding. */
  registrations(number: string): string {
    return `${this.prefix}reg:{${number}}`;
  }
  /** ZSET: binding id → expires-at (ms), for one number; the source of truth for liveness. */
  registrationExpiries(number: string): string {
    return `${this.prefix}reg-exp:{${number}}`;
  }
  registrationExpiriesPattern(): string {
    return `${this.prefix}reg-exp:*`;
  }
  /** Operator-maintained lookup values read by rules (`let:` / `lookup:`), e.g. "did:01632960123". */
  lookup(key: string): string {
    return `${this.prefix}${key}`;
  }
  /**
   * Accounting keys live in shards, each under its own hash tag {acct:<n>}: a Stop moves a leg from
   * the active sets into its shard's call-record stream in one atomic script, which Redis Cluster
   * allows only within one slot, and several shards spread the accounting writes over the Cluster's
   * masters instead of loading one. A leg's shard is `legShard` of its Acct-Session-Id.
   */
  acctShard(shard: number): string {
    return `${this.prefix}{acct:${shard}}:`;
  }
  /** STRING: JSON of an active leg, by Acct-Session-Id; expires when stale. */
  leg(shard: number, sessionId: string): string {
    return `${this.acctShard(shard)}leg:${sessionId}`;
  }
  /** STRING: present after a leg's Stop, so retransmitted Stops are not recorded twice. */
  legDone(shard: number, sessionId: string): string {
    return `${this.acctShard(shard)}done:${sessionId}`;
  }
  /** ZSET: Acct-Session-Id → last heard of (ms), the shard's active legs. Also active-id:<identity>, active-fb:<client>. */
  activeLegs(shard: number): string {
    return `${this.acctShard(shard)}active`;
  }
  activeByIdentity(shard: number, identity: string): string {
    return `${this.acctShard(shard)}active-id:${identity}`;
  }
  activeByFirebrick(shard: number, client: string): string {
    return `${this.acctShard(shard)}active-fb:${client}`;
  }
  /** STREAM: the shard's completed legs (call records) for billing consumers. */
  callRecords(shard: number): string {
    return `${this.acctShard(shard)}cdr`;
  }
  /**
   * STRING: caller identities of a SIP Call-ID, noted when its INVITE was authorised. Its own slot:
   * the INVITE knows the Call-ID but not the Acct-Session-Id its legs will get, so the note is read
   * before a leg's script runs (and its identities passed in as keys).
   */
  callerOfCall(callId: string): string {
    return `${this.prefix}caller:${callId}`;
  }
  /** STRING: HMAC key for server-issued nonces, shared by every instance on this Redis. */
  nonceKey(): string {
    return `${this.prefix}nonce-key`;
  }
}

export type GuardScope = 'user' | 'source';

/**
 * The accounting shard of a leg: FNV-1a (32 bit) of its Acct-Session-Id, modulo the shard count.
 * The session id alone, because every event of a leg (and a retransmission through any instance of
 * the pool, spec §7) carries it and `firebridge hangup` knows nothing else; the FireBrick makes it
 * unique per leg (spec §6.2). Every instance and command must agree on it: README → accounting.shards.
 */
export function legShard(sessionId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(sessionId, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** Every shard number, 0 … shards − 1. */
export function allShards(shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => i);
}

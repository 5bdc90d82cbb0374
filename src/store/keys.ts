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
   * Accounting keys share the {acct} hash tag: a Stop moves a leg from the active sets into the
   * call-record stream in one atomic script, which Redis Cluster allows only within one slot.
   */
  acctPrefix(): string {
    return `${this.prefix}{acct}:`;
  }
  /** STRING: JSON of an active leg, by Acct-Session-Id; expires when stale. */
  leg(sessionId: string): string {
    return `${this.acctPrefix()}leg:${sessionId}`;
  }
  /** STRING: present after a leg's Stop, so retransmitted Stops are not recorded twice. */
  legDone(sessionId: string): string {
    return `${this.acctPrefix()}done:${sessionId}`;
  }
  /** ZSET: Acct-Session-Id → last heard of (ms), all active legs. Also active-id:<identity>, active-fb:<client>. */
  activeLegs(): string {
    return `${this.acctPrefix()}active`;
  }
  activeByIdentity(identity: string): string {
    return `${this.acctPrefix()}active-id:${identity}`;
  }
  activeByFirebrick(client: string): string {
    return `${this.acctPrefix()}active-fb:${client}`;
  }
  /** STRING: caller identities of a SIP Call-ID, noted when its INVITE was authorised. */
  callerOfCall(callId: string): string {
    return `${this.acctPrefix()}caller:${callId}`;
  }
  /** STREAM: completed legs (call records) for billing consumers. */
  callRecords(): string {
    return `${this.acctPrefix()}cdr`;
  }
  /** STRING: HMAC key for server-issued nonces, shared by every instance on this Redis. */
  nonceKey(): string {
    return `${this.prefix}nonce-key`;
  }
}

export type GuardScope = 'user' | 'source';

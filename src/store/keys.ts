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
  /**
   * HASH: the number index — the subscriber whose `number` this is (fields username, realm) with a copy
   * of its call features (features-codec.ts), so an INVITE to the number reads both in one HGETALL.
   */
  callee(number: string): string {
    return `${this.prefix}callee:{${number}}`;
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
  lockPattern(): string {
    return `${this.prefix}lock:{*}`;
  }
  /** The subject of a lock key (lock(), read back); no scope when the key is not one. */
  lockSubject(key: string): { scope: GuardScope | undefined; id: string } {
    const m = /^lock:\{(user|source):(.*)\}$/.exec(key.slice(this.prefix.length));
    return m ? { scope: m[1] as GuardScope, id: m[2]! } : { scope: undefined, id: key };
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
   * ZSET: Acct-Session-Id → when (ms) the answered leg passes its duration limit. The sweepers of
   * every instance take due members from it atomically (calls-lua.ts CLAIM_DUE), so exactly one
   * disconnects each leg.
   */
  dueLegs(shard: number): string {
    return `${this.acctShard(shard)}due`;
  }
  /** ZSET: Acct-Session-Id → when (ms) a sweeper claimed the leg to cut it; its Stop records the cut. */
  cuttingLegs(shard: number): string {
    return `${this.acctShard(shard)}cutting`;
  }
  /** STRING: the duration limit (seconds) chosen for a SIP Call-ID at INVITE time; its own slot, like callerOfCall. */
  limitOfCall(callId: string): string {
    return `${this.prefix}limit:${callId}`;
  }
  /**
   * STRING: caller identities of a SIP Call-ID, noted when its INVITE was authorised. Its own slot:
   * the INVITE knows the Call-ID but not the Acct-Session-Id its legs will get, so the note is read
   * before a leg's script runs (and its identities passed in as keys).
   */
  callerOfCall(callId: string): string {
    return `${this.prefix}caller:${callId}`;
  }
  /**
   * The fraud guard's keys of one subject (store/fraud.ts) share the hash tag {fraud:<subject>}; what
   * follows names the counter and the destination class: calls:<class> (ZSET), active:<class> (ZSET),
   * secs:<class> (HASH: "h:<bucket>" and "d:<bucket>" → connected seconds), short:<class> (STRING),
   * warn:<class>:<metric>:<level> (STRING), block:<class> (STRING, JSON of the block).
   */
  fraud(subject: string, rest: string): string {
    return `${this.prefix}fraud:{${subject}}:${rest}`;
  }
  /** SCAN pattern over a subject's keys, or (no subject) every subject's blocks. */
  fraudPattern(subject?: string): string {
    return subject === undefined ? `${this.prefix}fraud:{*}:block:*` : `${this.prefix}fraud:{${subject.replace(/[*?[\\]/g, '\\$&')}}:*`;
  }
  /** STRING: JSON of the fraud targets of a SIP Call-ID, noted when its INVITE was authorised. */
  fraudCall(callId: string): string {
    return `${this.prefix}fraud-call:${callId}`;
  }
  /** HASH: one admin API token (store/tokens.ts: its SHA-256, never the token). */
  apiToken(id: string): string {
    return `${this.prefix}api-token:${id}`;
  }
  apiTokenPattern(): string {
    return `${this.prefix}api-token:*`;
  }
  /**
   * Ring groups (store/groups.ts) lie under the one hash tag {groups}: a call's script resolves a
   * group by name or number and takes its round-robin position in one atomic step, which Redis
   * Cluster allows only within one slot. Groups are few and small; one slot carries them.
   */
  private group(rest: string): string {
    return `${this.prefix}{groups}:${rest}`;
  }
  /** HASH: group name → the group's JSON (store/group-codec.ts). */
  groups(): string {
    return this.group('defs');
  }
  /** HASH: group number → group name (no two groups share a number). */
  groupNumbers(): string {
    return this.group('numbers');
  }
  /** HASH: group name → calls routed to it so far (the round-robin position). */
  groupPositions(): string {
    return this.group('positions');
  }
  /**
   * HASH: one LCR table (store/lcr.ts): `current` → its version, `<version>:p:<prefix>` → JSON of
   * the prefix's entries, `<version>:meta` → JSON of what it is. One key, so one slot.
   */
  lcrTable(table: string): string {
    return `${this.prefix}lcr:{${table}}`;
  }
  lcrTablePattern(): string {
    return `${this.prefix}lcr:{*}`;
  }
  /** The table a key of lcrTablePattern names. */
  lcrTableName(key: string): string | undefined {
    const head = `${this.prefix}lcr:{`;
    return key.startsWith(head) && key.endsWith('}') ? key.slice(head.length, -1) : undefined;
  }
  /** STREAM: the audit trail of configuration changes (audit.ts): at, who, subject, what, before, after. */
  audit(): string {
    return `${this.prefix}audit`;
  }
  /** HASH: live-trace watcher id → JSON of its filter and expiry (store/trace.ts); expires with its last refresh. */
  traceWatchers(): string {
    return `${this.prefix}trace:watchers`;
  }
  /** Pub/sub channel (not a key): a trace watcher was added or removed; instances re-read traceWatchers. */
  traceChanges(): string {
    return `${this.prefix}trace:changes`;
  }
  /** Pub/sub channel (not a key): the trace events for one watcher. */
  traceEvents(watcherId: string): string {
    return `${this.prefix}trace:events:${watcherId}`;
  }
  /** STRING: HMAC key for server-issued nonces, shared by every instance on this Redis. */
  nonceKey(): string {
    return `${this.prefix}nonce-key`;
  }
  /**
   * Every FaxBack key lies under the one hash tag {fax}: recordFax keeps its (session, status) note,
   * the fax-record stream and the Called Numbers entry in one atomic script, which Redis Cluster
   * allows only within one slot, and the directory's indexes (UUID, DIDs and e-mails per account)
   * change in one MULTI with their record. One slot is enough: a port server's faxes and look-ups
   * are a few per second, not the voice accounting's load that the {acct:<n>} shards spread.
   */
  private fax(rest: string): string {
    return `${this.prefix}{fax}:${rest}`;
  }
  /** HASH: one fax account (fields in fax-codec.ts), by accountKey (lower case) of its name. */
  faxAccount(accountKey: string): string {
    return this.fax(`account:${accountKey}`);
  }
  faxAccountPattern(): string {
    return this.fax('account:*');
  }
  /** STRING: FB-Account-UUID (32 lower-case hex digits) → accountKey of its account (spec §6). */
  faxAccountUuid(uuid: string): string {
    return this.fax(`account-uuid:${uuid}`);
  }
  /** SET: the DIDs whose account is this accountKey (Get-DIDs-For-Account, spec §2.3 row 14). */
  faxAccountDids(accountKey: string): string {
    return this.fax(`account-dids:${accountKey}`);
  }
  /** SET: the sender e-mail addresses of this accountKey, so deleting the account removes them. */
  faxAccountEmails(accountKey: string): string {
    return this.fax(`account-emails:${accountKey}`);
  }
  /** HASH: one DID and its line settings; `*` is the catch-all DID (spec §2.4). */
  faxDid(did: string): string {
    return this.fax(`did:${did}`);
  }
  faxDidPattern(): string {
    return this.fax('did:*');
  }
  /** HASH: one sender e-mail address (lower case) → its account (spec §2.3 row 11). */
  faxSenderEmail(email: string): string {
    return this.fax(`email:${email}`);
  }
  faxSenderEmailPattern(): string {
    return this.fax('email:*');
  }
  /** HASH: one fax ATA, by its ref: `mac:<MAC>` when it has a MAC, else `serial:<serial>` (fax.ts ataRef). */
  faxAta(ref: string): string {
    return this.fax(`ata:${ref}`);
  }
  faxAtaPattern(): string {
    return this.fax('ata:*');
  }
  /** STRING: ATA serial number → the ref of its ATA hash (spec §2.3 row 9). */
  faxAtaSerial(serial: string): string {
    return this.fax(`ata-serial:${serial}`);
  }
  /** HASH: what the Called Numbers database knows of one dialled number; kept for good (spec §5). */
  faxCalledNumber(number: string): string {
    return this.fax(`called:${number}`);
  }
  /** STRING: present for dedupeMs after a fax event was recorded, so a resent one is not (spec §4.2). */
  faxDone(status: 'start' | 'alive' | 'stop', sessionId: string): string {
    return this.fax(`done:${status}:${sessionId}`);
  }
  /** STREAM: every fax accounting event (faxRecordFields), capped at about maxRecords. */
  faxRecords(): string {
    return this.fax('records');
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
  // Over the UTF-8 octets; an ASCII id (every FireBrick's) is its own octets, read without a Buffer.
  for (let i = 0; i < sessionId.length; i++) {
    const c = sessionId.charCodeAt(i);
    if (c > 0x7f) return fnv1aOctets(Buffer.from(sessionId, 'utf8')) % shards;
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h % shards;
}

function fnv1aOctets(octets: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of octets) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** Every shard number, 0 … shards − 1. */
export function allShards(shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => i);
}

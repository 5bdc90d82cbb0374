// Call legs and call records (issue 6). The FireBrick accounts per leg (spec §6.1): Start when the
// leg is created, Interim when it connects (duration = ringing time), Stop when it ends (duration =
// connected time). Legs are keyed by Acct-Session-Id, and every write is idempotent on
// (session, status) because the FireBrick retries across a server pool with new Identifiers.
import { callerName } from '../firebrick/caller.js';
import type { RecordGroupState, RecordTrim, StreamRecord } from './record-groups.js';

export interface LegEvent {
  readonly status: 'start' | 'interim' | 'stop';
  readonly sessionId: string;
  /** SIP Call-ID of the leg (Acct-Multi-Session-Id). */
  readonly callId?: string | undefined;
  /** RADIUS client name, and the address its accounting came from (for Disconnect). */
  readonly firebrick: string;
  readonly radiusSource: string;
  readonly nasIdentifier?: string | undefined;
  /** SIP URI of the FireBrick's end of the leg (User-Name) and of the far end (Callback-Id). */
  readonly localUri?: string | undefined;
  readonly remoteUri?: string | undefined;
  readonly called?: string | undefined;
  readonly calling?: string | undefined;
  readonly cui?: string | undefined;
  readonly peerAddress?: string | undefined;
  readonly peerPort?: number | undefined;
  /** Event-Timestamp: when the call started trying, even in a Stop (spec §6.1), seconds. */
  readonly startedAt?: number | undefined;
  /** Acct-Session-Time: ringing time in an Interim, connected time in a Stop. */
  readonly sessionTime?: number | undefined;
  readonly terminateCause?: number | undefined;
  /** When firebridge received it, ms. */
  readonly receivedAt: number;
}

export interface ActiveLeg {
  readonly sessionId: string;
  readonly callId?: string;
  readonly firebrick: string;
  readonly radiusSource: string;
  readonly nasIdentifier?: string;
  readonly called?: string;
  readonly calling?: string;
  readonly cui?: string;
  /** Caller identities this leg counts against ("realm:user", "cui:X"). */
  readonly identities: readonly string[];
  readonly startedAt?: number;
  /** The leg connected: some event of it showed so (`showsAnswer`). */
  readonly answered: boolean;
  /** The Interim's Acct-Session-Time; absent until an Interim with one came. */
  readonly ringingSeconds?: number;
  readonly lastSeenAt: number;
  /** The duration limit noted for its Call-ID at INVITE time (noteLimit), seconds. */
  readonly maxDurationSeconds?: number;
  /** When (ms) the answered leg passes its limit (legDueAt); set by its Interim. */
  readonly dueAt?: number;
}

/** Why firebridge cut a leg short; the call record's `cut` field. */
export type CutReason = 'max-duration';

/**
 * When an answered leg passes its duration limit: its limit after the Interim that says it connected
 * (spec §6.1), counted from when firebridge received that Interim (kept through the journal), not
 * from the FireBrick's Event-Timestamp, so a FireBrick clock that is off cannot cut a call early.
 * Undefined when the leg has no limit, is already due, or the event is not its Interim. Both stores
 * apply exactly this (the Redis one in calls-lua.ts).
 */
export function legDueAt(leg: Pick<ActiveLeg, 'maxDurationSeconds' | 'dueAt'>, e: Pick<LegEvent, 'status' | 'receivedAt'>): number | undefined {
  if (e.status !== 'interim' || leg.maxDurationSeconds === undefined || leg.dueAt !== undefined) return undefined;
  return e.receivedAt + leg.maxDurationSeconds * 1000;
}

/**
 * Whether an event shows that its leg connected (spec §6.1). The FireBrick sends the Interim when the
 * leg connects, and a Stop's Acct-Session-Time is the connected time, so a Stop with more than 0 s
 * shows an answer even when the Interim was lost or never sent. A leg is answered once any of its
 * events shows it; both stores apply exactly this (the Redis one gets it computed, as `answers`).
 */
export function showsAnswer(e: Pick<LegEvent, 'status' | 'sessionTime'>): boolean {
  return e.status === 'interim' || (e.status === 'stop' && (e.sessionTime ?? 0) > 0);
}

/**
 * The caller identities a new leg counts against: those noted for its Call-ID at INVITE time, and its
 * CUI (spec §1.1: local phones are known by CUI).
 */
export function legIdentities(noted: readonly string[], cui: string | undefined): string[] {
  return [...noted.filter((id) => id !== ''), ...(cui ? [callerName.cui(cui)] : [])];
}

/** One completed leg, as written to the call-record stream (field names in README). */
export interface CallRecord {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type LegWriteResult = 'stored' | 'duplicate';

export interface CallStore {
  /** Remembers who placed a call (at INVITE authorisation), so its legs count against them. */
  noteCaller(callId: string, identities: readonly string[], ttlMs: number): Promise<void>;
  /** Remembers a call's duration limit (at INVITE authorisation), so its legs carry it. */
  noteLimit(callId: string, seconds: number, ttlMs: number): Promise<void>;
  /**
   * Takes up to `count` answered legs (per accounting shard) whose limit has passed at `now`, most
   * overdue first within a shard, and marks them as being cut: over every instance sharing the
   * store, each leg is taken once. A leg taken more than `leaseMs` ago and still not stopped (its
   * instance died mid-cut, or no Stop followed the Disconnect-ACK) is taken again, once. Legs that
   * ended meanwhile are dropped. The leg's Stop then records `cut`.
   */
  claimDue(now: number, count: number, leaseMs: number): Promise<ActiveLeg[]>;
  /** The cut did not happen (no Disconnect-ACK): the leg's Stop, when it comes, is not marked as cut. */
  cutFailed(sessionId: string): Promise<void>;
  record(event: LegEvent): Promise<LegWriteResult>;
  /** Active legs of a caller identity, ignoring legs not heard of for longer than the stale age. */
  activeCount(identity: string): Promise<number>;
  activeLegs(): Promise<ActiveLeg[]>;
  leg(sessionId: string): Promise<ActiveLeg | undefined>;
  /** Closes the active legs of one FireBrick (Accounting-On/Off: it restarted). */
  closeAll(firebrick: string, cause: string, now: number): Promise<number>;
  /** Call records from `sinceMs` on, oldest first (merged over every record stream). */
  records(sinceMs: number, count: number): Promise<CallRecord[]>;
  /**
   * The Redis streams that hold the call records, one per accounting shard, for consumers reading
   * them (consumer groups, the PostgreSQL sink): every record is in exactly one of them. Readers must
   * read every stream listed. The in-process store has none: its records live in the process.
   */
  recordStreams(): readonly string[];
  /** Creates these consumer groups on every record stream; a group that exists is left as it is. */
  createConsumerGroups(groups: readonly string[]): Promise<void>;
  /** Every consumer group on the record streams, with what it has not acknowledged. */
  consumerGroups(): Promise<RecordGroupState[]>;
  /**
   * One trimming pass over the record streams: down to about `maxRecords` each, but never past a
   * record some consumer group has not acknowledged (record-groups.ts).
   */
  trimRecords(): Promise<RecordTrim>;
  /** A consumer's read of one record stream: its own unacknowledged records (`pending`), or new ones. */
  readGroup(stream: string, group: string, consumer: string, from: 'pending' | 'new', count: number): Promise<StreamRecord[]>;
  /** Takes over records other consumers of the group have held unacknowledged for `minIdleMs`. */
  claimIdle(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamRecord[]>;
  ack(stream: string, group: string, ids: readonly string[]): Promise<void>;
}

export interface CallStorePolicy {
  /** A leg with no news for this long no longer counts as active (a lost Stop cannot block forever). */
  readonly staleAfterMs: number;
  /**
   * Cap on the call records over all streams together (each stream about maxRecords / shards),
   * applied by trimRecords: without consumer groups it deletes the oldest records whether read or
   * not; with groups only records every group has acknowledged.
   */
  readonly maxRecords: number;
  /** How long a Stop is remembered to drop its retransmissions. */
  readonly dedupeMs: number;
  /** Accounting shards on Redis (keys.ts: legShard); the in-process store has no shards. */
  readonly shards: number;
}

/** The accounting section of the configuration, as the call store's policy (server and commands alike). */
export function callStorePolicy(a: { staleLegHours: number; maxRecords: number; dedupeHours: number; shards: number }): CallStorePolicy {
  return { staleAfterMs: a.staleLegHours * 3600_000, maxRecords: a.maxRecords, dedupeMs: a.dedupeHours * 3600_000, shards: a.shards };
}

/** The call-record fields of a finished leg. */
export function recordFields(
  leg: Partial<ActiveLeg> & { sessionId: string; firebrick: string },
  stop: LegEvent | undefined,
  cause: string | undefined,
  endedAtMs: number,
  cut?: CutReason,
): Record<string, string> {
  const f: Record<string, string> = {
    session_id: leg.sessionId,
    firebrick: leg.firebrick,
  };
  const put = (k: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined && v !== '') f[k] = String(v);
  };
  put('call_id', leg.callId ?? stop?.callId);
  put('nas_identifier', leg.nasIdentifier ?? stop?.nasIdentifier);
  put('called', leg.called ?? stop?.called);
  put('calling', leg.calling ?? stop?.calling);
  put('cui', leg.cui ?? stop?.cui);
  put('local_uri', stop?.localUri);
  put('remote_uri', stop?.remoteUri);
  put('peer', stop?.peerAddress ? `${stop.peerAddress}:${stop.peerPort ?? ''}` : undefined);
  put('started_at', leg.startedAt ?? stop?.startedAt);
  put('answered', leg.answered ? '1' : '0');
  put('ringing_seconds', leg.ringingSeconds);
  put('connected_seconds', stop?.sessionTime);
  put('terminate_cause', stop?.terminateCause ?? cause);
  put('identities', leg.identities?.join(','));
  put('max_duration', leg.maxDurationSeconds);
  put('cut', cut);
  put('ended_at', Math.floor(endedAtMs / 1000));
  return f;
}

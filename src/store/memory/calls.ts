import { legDueAt, legIdentities, recordFields, showsAnswer, type ActiveLeg, type CallRecord, type CallStore, type CallStorePolicy, type LegEvent, type LegWriteResult } from '../calls.js';
import { ExpiringMap } from './expiring-map.js';
import type { RecordGroupState, RecordTrim, StreamRecord } from '../record-groups.js';

export class NoConsumerGroupsError extends Error {
  override name = 'NoConsumerGroupsError';
  constructor() {
    super('the in-process store has no consumer groups: reading call records through a group needs Redis');
  }
}

/** In-process twin of the Redis call store; the same contract tests run against both. */
export class MemoryCallStore implements CallStore {
  private readonly legs: ExpiringMap<ActiveLeg>;
  private readonly done: ExpiringMap<true>;
  private readonly callers: ExpiringMap<readonly string[]>;
  private readonly limits: ExpiringMap<number>;
  /** Answered legs with a limit: session → when due (ms); and those a sweeper claimed, to cut. */
  private readonly due = new Map<string, number>();
  /** Session → when a sweeper took it (ms). */
  private readonly cutting = new Map<string, number>();
  private readonly cdr: CallRecord[] = [];
  private sequence = 0;
  /** Dropped by the cap since the last trimRecords(): nobody can read these records but this process. */
  private dropped = 0;

  constructor(
    private readonly policy: CallStorePolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.legs = new ExpiringMap(now);
    this.done = new ExpiringMap(now);
    this.callers = new ExpiringMap(now);
    this.limits = new ExpiringMap(now);
  }

  async noteLimit(callId: string, seconds: number, ttlMs: number): Promise<void> {
    this.limits.set(callId, seconds, ttlMs);
  }

  async claimDue(now: number, count: number, leaseMs: number): Promise<ActiveLeg[]> {
    const overLease = [...this.cutting].filter(([, at]) => at <= now - leaseMs).sort((a, b) => a[1] - b[1]);
    const due = [...this.due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
    const ids = [...overLease.slice(0, count), ...due.slice(0, count)].map(([id]) => id);
    const taken: ActiveLeg[] = [];
    for (const sessionId of ids) {
      this.due.delete(sessionId);
      const leg = this.legs.get(sessionId);
      if (!leg) {
        this.cutting.delete(sessionId);
        continue;
      }
      this.cutting.set(sessionId, now);
      taken.push(leg);
    }
    return taken;
  }

  async cutFailed(sessionId: string): Promise<void> {
    this.cutting.delete(sessionId);
  }

  /** Ends a leg's place in the due and cutting sets; whether a sweeper was cutting it. */
  private settle(sessionId: string): 'max-duration' | undefined {
    this.due.delete(sessionId);
    const cut = this.cutting.has(sessionId) ? 'max-duration' : undefined;
    this.cutting.delete(sessionId);
    return cut;
  }

  async noteCaller(callId: string, identities: readonly string[], ttlMs: number): Promise<void> {
    if (identities.length) this.callers.set(callId, identities, ttlMs);
  }

  private append(fields: Record<string, string>, now: number): void {
    this.cdr.push({ id: `${now}-${this.sequence++}`, fields });
    if (this.cdr.length > this.policy.maxRecords) this.dropped += this.cdr.splice(0, this.cdr.length - this.policy.maxRecords).length;
  }

  async record(e: LegEvent): Promise<LegWriteResult> {
    const now = this.now();
    if (this.done.get(e.sessionId)) return 'duplicate';
    let leg = this.legs.get(e.sessionId);
    if (leg && e.status === 'start') return 'duplicate';
    if (!leg) {
      const identities = legIdentities(this.callers.get(e.callId ?? '') ?? [], e.cui);
      const limit = this.limits.get(e.callId ?? '');
      leg = {
        sessionId: e.sessionId,
        ...(e.callId ? { callId: e.callId } : {}),
        firebrick: e.firebrick,
        radiusSource: e.radiusSource,
        ...(e.nasIdentifier ? { nasIdentifier: e.nasIdentifier } : {}),
        ...(e.called ? { called: e.called } : {}),
        ...(e.calling ? { calling: e.calling } : {}),
        ...(e.cui ? { cui: e.cui } : {}),
        ...(e.startedAt !== undefined ? { startedAt: e.startedAt } : {}),
        answered: false,
        identities,
        lastSeenAt: now,
        ...(limit !== undefined ? { maxDurationSeconds: limit } : {}),
      };
    }
    if (e.status === 'interim') {
      if (leg.answered && leg.ringingSeconds === e.sessionTime) return 'duplicate';
      leg = { ...leg, ...(e.sessionTime !== undefined ? { ringingSeconds: e.sessionTime } : {}) };
      const dueAt = legDueAt(leg, e);
      if (dueAt !== undefined) {
        leg = { ...leg, dueAt };
        this.due.set(e.sessionId, dueAt);
      }
    }
    if (showsAnswer(e)) leg = { ...leg, answered: true };
    if (e.status === 'stop') {
      this.append(recordFields(leg, e, undefined, now, this.settle(e.sessionId)), now);
      this.legs.delete(e.sessionId);
      this.done.set(e.sessionId, true, this.policy.dedupeMs);
      return 'stored';
    }
    this.legs.set(e.sessionId, { ...leg, lastSeenAt: now }, this.policy.staleAfterMs);
    return 'stored';
  }

  async activeLegs(): Promise<ActiveLeg[]> {
    return this.legs.keys().flatMap((k) => {
      const leg = this.legs.get(k);
      return leg ? [leg] : [];
    });
  }

  async activeCount(identity: string): Promise<number> {
    return (await this.activeLegs()).filter((l) => l.identities.includes(identity)).length;
  }

  async leg(sessionId: string): Promise<ActiveLeg | undefined> {
    return this.legs.get(sessionId);
  }

  async closeAll(firebrick: string, cause: string, now: number): Promise<number> {
    let n = 0;
    for (const leg of await this.activeLegs()) {
      if (leg.firebrick !== firebrick) continue;
      this.append(recordFields(leg, undefined, cause, now, this.settle(leg.sessionId)), now);
      this.legs.delete(leg.sessionId);
      this.done.set(leg.sessionId, true, this.policy.dedupeMs);
      n++;
    }
    return n;
  }

  /** No consumer groups in-process: the records are in no stream another program could read. */
  async createConsumerGroups(): Promise<void> {}

  async consumerGroups(): Promise<RecordGroupState[]> {
    return [];
  }

  async trimRecords(): Promise<RecordTrim> {
    const trimmed = this.dropped;
    this.dropped = 0;
    return { trimmed, unread: trimmed };
  }

  async readGroup(): Promise<StreamRecord[]> {
    throw new NoConsumerGroupsError();
  }

  async claimIdle(): Promise<StreamRecord[]> {
    throw new NoConsumerGroupsError();
  }

  async ack(): Promise<void> {
    throw new NoConsumerGroupsError();
  }

  async records(sinceMs: number, count: number): Promise<CallRecord[]> {
    return this.cdr.filter((r) => Number(r.id.split('-')[0]) >= sinceMs).slice(0, count);
  }

  recordStreams(): readonly string[] {
    return [];
  }
}

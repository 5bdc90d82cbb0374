import type { RedisClient } from './connection.js';
import { showsAnswer, type ActiveLeg, type CallRecord, type CallStore, type CallStorePolicy, type LegEvent, type LegWriteResult } from '../calls.js';
import type { Keys } from '../keys.js';
import { CLOSE_ALL, RECORD_EVENT } from './calls-lua.js';
import type { RecordGroupState, RecordTrim, StreamRecord } from '../record-groups.js';
import { ackRecords, claimIdleRecords, createRecordGroup, readRecordGroup, recordGroupStates, trimRecordStream } from './record-groups.js';

type CallsRedis = RedisClient & {
  firebridgeRecordLeg(leg: string, done: string, cdr: string, caller: string, event: string, now: number, staleMs: number, dedupeMs: number, max: number, prefix: string): Promise<string>;
  firebridgeCloseAll(set: string, cdr: string, firebrick: string, now: number, staleMs: number, dedupeMs: number, max: number, prefix: string, cause: string): Promise<number>;
};

function toLeg(json: string): ActiveLeg {
  const raw = JSON.parse(json) as ActiveLeg & { identities: unknown };
  // cjson writes an empty Lua table as {} rather than [].
  return { ...raw, identities: Array.isArray(raw.identities) ? raw.identities : [] };
}

export class RedisCallStore implements CallStore {
  private readonly redis: CallsRedis;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly policy: CallStorePolicy,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('firebridgeRecordLeg', { numberOfKeys: 4, lua: RECORD_EVENT });
    redis.defineCommand('firebridgeCloseAll', { numberOfKeys: 2, lua: CLOSE_ALL });
    this.redis = redis as CallsRedis;
  }

  async noteCaller(callId: string, identities: readonly string[], ttlMs: number): Promise<void> {
    if (identities.length === 0) return;
    await this.redis.set(this.keys.callerOfCall(callId), identities.join(','), 'PX', ttlMs);
  }

  async record(e: LegEvent): Promise<LegWriteResult> {
    const result = await this.redis.firebridgeRecordLeg(
      this.keys.leg(e.sessionId),
      this.keys.legDone(e.sessionId),
      this.keys.callRecords(),
      this.keys.callerOfCall(e.callId ?? ''),
      JSON.stringify({ ...e, answers: showsAnswer(e) }),
      this.now(),
      this.policy.staleAfterMs,
      this.policy.dedupeMs,
      this.policy.maxRecords,
      this.keys.acctPrefix(),
    );
    return result === 'duplicate' ? 'duplicate' : 'stored';
  }

  async activeCount(identity: string): Promise<number> {
    return this.redis.zcount(this.keys.activeByIdentity(identity), this.now() - this.policy.staleAfterMs, '+inf');
  }

  async activeLegs(): Promise<ActiveLeg[]> {
    const ids = await this.redis.zrangebyscore(this.keys.activeLegs(), this.now() - this.policy.staleAfterMs, '+inf');
    if (ids.length === 0) return [];
    const json = await this.redis.mget(ids.map((id) => this.keys.leg(id)));
    return json.filter((j): j is string => j !== null).map(toLeg);
  }

  async leg(sessionId: string): Promise<ActiveLeg | undefined> {
    const json = await this.redis.get(this.keys.leg(sessionId));
    return json ? toLeg(json) : undefined;
  }

  async closeAll(firebrick: string, cause: string, now: number): Promise<number> {
    return this.redis.firebridgeCloseAll(
      this.keys.activeByFirebrick(firebrick),
      this.keys.callRecords(),
      firebrick,
      now,
      this.policy.staleAfterMs,
      this.policy.dedupeMs,
      this.policy.maxRecords,
      this.keys.acctPrefix(),
      cause,
    );
  }

  recordStreams(): readonly string[] {
    return [this.keys.callRecords()];
  }

  async createConsumerGroups(groups: readonly string[]): Promise<void> {
    for (const stream of this.recordStreams()) for (const group of groups) await createRecordGroup(this.redis, stream, group);
  }

  async consumerGroups(): Promise<RecordGroupState[]> {
    const states: RecordGroupState[] = [];
    for (const stream of this.recordStreams()) states.push(...(await recordGroupStates(this.redis, stream)));
    return states;
  }

  async trimRecords(): Promise<RecordTrim> {
    let trimmed = 0;
    let unread = 0;
    for (const stream of this.recordStreams()) {
      const t = await trimRecordStream(this.redis, stream, this.policy.maxRecords);
      trimmed += t.trimmed;
      unread += t.unread;
    }
    return { trimmed, unread };
  }

  readGroup(stream: string, group: string, consumer: string, from: 'pending' | 'new', count: number): Promise<StreamRecord[]> {
    return readRecordGroup(this.redis, stream, group, consumer, from, count);
  }

  claimIdle(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamRecord[]> {
    return claimIdleRecords(this.redis, stream, group, consumer, minIdleMs, count);
  }

  ack(stream: string, group: string, ids: readonly string[]): Promise<void> {
    return ackRecords(this.redis, stream, group, ids);
  }

  async records(sinceMs: number, count: number): Promise<CallRecord[]> {
    const entries = await this.redis.xrange(this.keys.callRecords(), String(Math.max(0, Math.floor(sinceMs))), '+', 'COUNT', count);
    return entries.map(([id, flat]) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
      return { id, fields };
    });
  }
}

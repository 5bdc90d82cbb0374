// The accounting store on Redis, sharded (keys.ts: legShard). A leg's event is at most two round
// trips: read the leg (and the caller note, for a new leg) to learn which sets the leg counts in —
// skipped for a leg whose Start this process recorded (leg-keys-memo.ts) — then one atomic script
// on the leg's shard with every key it touches declared (calls-lua.ts). Reads that
// span shards — a caller's active calls, the active legs, the call records — ask every shard at
// once (auto-pipelined; on a Cluster ioredis sends each master its part).
import { Cluster } from 'ioredis';
import { defineVariadicScript, type RedisClient } from './connection.js';
import { LegKeysMemo, type LegKeys } from './leg-keys-memo.js';
import { ScriptBatch } from './script-batch.js';
import { legIdentities, showsAnswer, type ActiveLeg, type CallRecord, type CallStore, type CallStorePolicy, type LegEvent, type LegWriteResult } from '../calls.js';
import { allShards, legShard, type Keys } from '../keys.js';
import { CLAIM_DUE, CLOSE_ALL, RECORD_EVENT } from './calls-lua.js';
import type { RecordGroupState, RecordTrim, StreamRecord } from '../record-groups.js';
import { StoreUnavailableError } from '../unavailable.js';
import { ackRecords, claimIdleRecords, createRecordGroup, readRecordGroup, recordGroupStates, streamEntryFields, trimRecordStream } from './record-groups.js';

type CallsRedis = RedisClient & {
  firebridgeCloseAll(numberOfKeys: number, ...args: Array<string | number>): Promise<[number, number]>;
  firebridgeClaimDue(numberOfKeys: number, ...args: Array<string | number>): Promise<string[]>;
};

/** How often a leg is read again when a concurrent event changed it between the read and the script. */
const MAX_READS = 3;

function toLeg(json: string): ActiveLeg {
  const raw = JSON.parse(json) as ActiveLeg & { identities: unknown };
  // cjson writes an empty Lua table as {} rather than [].
  return { ...raw, identities: Array.isArray(raw.identities) ? raw.identities : [] };
}

/** Which sets a leg's script touches, as the scripts compare it (calls-lua.ts `signature`). */
export function keySignature(firebrick: string, identities: readonly string[]): string {
  return `${firebrick}|${identities.join(',')}`;
}

/** Stream entry ids ("<ms>-<seq>") in time order. */
export function compareRecordIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * A shard's sets, named once: every event of a leg names them, and a key made afresh is a string to
 * build, and to hash again where the batch looks it up (script-batch.ts). The FireBricks' sets too,
 * as they come (the clients are few; the bound is for a table replaced by many reloads). A caller's
 * set is named per event: callers are many.
 */
interface ShardKeys {
  readonly active: string;
  readonly records: string;
  readonly due: string;
  readonly cutting: string;
  byFirebrick(client: string): string;
}

const MAX_FIREBRICK_SETS = 1_000;

function shardKeys(keys: Keys, shard: number): ShardKeys {
  const byFirebrick = new Map<string, string>();
  return {
    active: keys.activeLegs(shard),
    records: keys.callRecords(shard),
    due: keys.dueLegs(shard),
    cutting: keys.cuttingLegs(shard),
    byFirebrick(client) {
      let key = byFirebrick.get(client);
      if (key === undefined) {
        if (byFirebrick.size >= MAX_FIREBRICK_SETS) byFirebrick.clear();
        key = keys.activeByFirebrick(shard, client);
        byFirebrick.set(client, key);
      }
      return key;
    },
  };
}

export class RedisCallStore implements CallStore {
  private readonly redis: CallsRedis;
  private readonly shards: readonly number[];
  private readonly streams: readonly string[];
  private readonly memo = new LegKeysMemo();
  private readonly legEvents: ScriptBatch<string>;
  private readonly legKeyReads: ScriptBatch<Array<string | null>>;
  private readonly shardKeys: readonly ShardKeys[];

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly policy: CallStorePolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.legEvents = new ScriptBatch(redis, 'firebridgeRecordLeg', RECORD_EVENT);
    // A Start's three reads, for every Start of one event-loop turn in one script call (as its write).
    this.legKeyReads = new ScriptBatch(redis, 'firebridgeReadLegKeys', `return redis.call('MGET', unpack(KEYS))`);
    defineVariadicScript(redis, 'firebridgeCloseAll', CLOSE_ALL);
    defineVariadicScript(redis, 'firebridgeClaimDue', CLAIM_DUE);
    this.redis = redis as CallsRedis;
    this.shards = allShards(policy.shards);
    this.shardKeys = this.shards.map((s) => shardKeys(keys, s));
    this.streams = this.shardKeys.map((k) => k.records);
  }

  /** Each stream's share of the cap on call records. */
  private get maxPerStream(): number {
    return Math.max(1, Math.ceil(this.policy.maxRecords / this.policy.shards));
  }

  async noteCaller(callId: string, identities: readonly string[], ttlMs: number): Promise<void> {
    if (identities.length === 0) return;
    await this.redis.set(this.keys.callerOfCall(callId), identities.join(','), 'PX', ttlMs);
  }

  async noteLimit(callId: string, seconds: number, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.limitOfCall(callId), String(seconds), 'PX', ttlMs);
  }

  async claimDue(now: number, count: number, leaseMs: number): Promise<ActiveLeg[]> {
    const perShard = await Promise.all(
      this.shards.map(async (s) => {
        const ids = await this.redis.firebridgeClaimDue(2, this.keys.dueLegs(s), this.keys.cuttingLegs(s), now, count, leaseMs);
        if (ids.length === 0) return [];
        const json = await this.redis.mget(ids.map((id) => this.keys.leg(s, id)));
        // A leg gone between its Interim and now (its Stop raced the claim, or it went stale) needs no cut.
        const gone = ids.filter((_, i) => json[i] === null);
        if (gone.length) await this.redis.zrem(this.keys.cuttingLegs(s), ...gone);
        return json.filter((j): j is string => j !== null).map(toLeg);
      }),
    );
    return perShard.flat().sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0));
  }

  async cutFailed(sessionId: string): Promise<void> {
    await this.redis.zrem(this.keys.cuttingLegs(legShard(sessionId, this.policy.shards)), sessionId);
  }

  async record(e: LegEvent): Promise<LegWriteResult> {
    const shard = legShard(e.sessionId, this.policy.shards);
    const legKey = this.keys.leg(shard, e.sessionId);
    // A record, not its JSON: batched, it is written once, inside the batch's JSON (script-batch.ts).
    const event = { ...e, answers: showsAnswer(e) };
    // A Start is always read: its identities come from the caller note, which only Redis has.
    let known = e.status === 'start' ? undefined : this.memo.get(e.sessionId);
    for (let read = 0; read < MAX_READS; read++) {
      const leg = known ?? (await this.readLegKeys(legKey, e));
      const sets = this.shardKeys[shard]!;
      const keys = [legKey, this.keys.legDone(shard, e.sessionId), sets.active, sets.records, sets.due, sets.cutting, sets.byFirebrick(leg.firebrick)];
      for (const id of leg.identities) keys.push(this.keys.activeByIdentity(shard, id));
      const result = await this.legEvents.call(keys, [
        event,
        this.now(),
        this.policy.staleAfterMs,
        this.policy.dedupeMs,
        keySignature(leg.firebrick, leg.identities),
        JSON.stringify(leg.identities),
        leg.limit,
      ]);
      if (result === 'moved') {
        this.memo.forget(e.sessionId);
        known = undefined;
        continue;
      }
      if (e.status === 'stop') this.memo.forget(e.sessionId);
      else this.memo.remember(e.sessionId, leg);
      return result === 'duplicate' ? 'duplicate' : 'stored';
    }
    // Other instances kept changing the leg: not recorded in time, as when Redis is slow.
    throw new StoreUnavailableError(`leg ${e.sessionId} changed under ${MAX_READS} attempts to record its ${e.status}`);
  }

  /**
   * Which sets the leg counts in: its own, once it exists; for a new leg, its FireBrick and the
   * identities noted for its Call-ID. One MGET on a single server, batched with the other Starts of
   * the turn; on a Cluster the three keys lie in different slots, so three GETs (still one pipelined
   * round trip).
   */
  private async readLegKeys(legKey: string, e: LegEvent): Promise<LegKeys> {
    let current: string | null;
    let noted: string | null = null;
    let limit: string | null = null;
    if (!e.callId) current = await this.redis.get(legKey);
    else if (this.redis instanceof Cluster) {
      [current, noted, limit] = await Promise.all([this.redis.get(legKey), this.redis.get(this.keys.callerOfCall(e.callId)), this.redis.get(this.keys.limitOfCall(e.callId))]);
    } else {
      const found = await this.legKeyReads.call([legKey, this.keys.callerOfCall(e.callId), this.keys.limitOfCall(e.callId)], []);
      [current = null, noted = null, limit = null] = found;
    }
    const leg = current ? toLeg(current) : undefined;
    return {
      firebrick: leg?.firebrick ?? e.firebrick,
      identities: leg?.identities ?? legIdentities(noted?.split(',') ?? [], e.cui),
      limit: limit ?? '',
    };
  }

  async activeCount(identity: string): Promise<number> {
    const from = this.now() - this.policy.staleAfterMs;
    const counts = await Promise.all(this.shards.map((s) => this.redis.zcount(this.keys.activeByIdentity(s, identity), from, '+inf')));
    return counts.reduce((a, b) => a + b, 0);
  }

  async activeLegs(): Promise<ActiveLeg[]> {
    const from = this.now() - this.policy.staleAfterMs;
    const perShard = await Promise.all(
      this.shards.map(async (s) => {
        const ids = await this.redis.zrangebyscore(this.keys.activeLegs(s), from, '+inf');
        if (ids.length === 0) return [];
        const json = await this.redis.mget(ids.map((id) => this.keys.leg(s, id)));
        return json.filter((j): j is string => j !== null).map(toLeg);
      }),
    );
    return perShard.flat().sort((a, b) => a.lastSeenAt - b.lastSeenAt);
  }

  async leg(sessionId: string): Promise<ActiveLeg | undefined> {
    const json = await this.redis.get(this.keys.leg(legShard(sessionId, this.policy.shards), sessionId));
    return json ? toLeg(json) : undefined;
  }

  async closeAll(firebrick: string, cause: string, now: number): Promise<number> {
    const closed = await Promise.all(this.shards.map((s) => this.closeAllInShard(s, firebrick, cause, now)));
    return closed.reduce((a, b) => a + b, 0);
  }

  private async closeAllInShard(shard: number, firebrick: string, cause: string, now: number): Promise<number> {
    const set = this.keys.activeByFirebrick(shard, firebrick);
    let closed = 0;
    for (let read = 0; read < MAX_READS; read++) {
      const ids = await this.redis.zrange(set, '0', '-1');
      if (ids.length === 0) return closed;
      const json = await this.redis.mget(ids.map((id) => this.keys.leg(shard, id)));
      const keys = [set, this.keys.activeLegs(shard), this.keys.callRecords(shard), this.keys.dueLegs(shard), this.keys.cuttingLegs(shard)];
      const args: Array<string | number> = [now, this.policy.dedupeMs, cause];
      ids.forEach((id, i) => {
        const leg = json[i] ? toLeg(json[i]!) : undefined;
        const identities = leg?.identities ?? [];
        keys.push(this.keys.leg(shard, id), this.keys.legDone(shard, id), ...identities.map((x) => this.keys.activeByIdentity(shard, x)));
        args.push(id, keySignature(leg?.firebrick ?? firebrick, identities), identities.length);
      });
      const [n, moved] = await this.redis.firebridgeCloseAll(keys.length, ...keys, ...args);
      closed += n;
      if (moved === 0) return closed;
    }
    return closed;
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
      const t = await trimRecordStream(this.redis, stream, this.maxPerStream);
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
    const start = String(Math.max(0, Math.floor(sinceMs)));
    const perStream = await Promise.all(this.streams.map((k) => this.redis.xrange(k, start, '+', 'COUNT', count)));
    const records = perStream.flat().map(([id, flat]): CallRecord => ({ id, fields: streamEntryFields(flat) }));
    return records.sort((a, b) => compareRecordIds(a.id, b.id)).slice(0, count);
  }

  recordStreams(): readonly string[] {
    return this.streams;
  }
}

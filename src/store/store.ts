// Everything firebridge keeps, behind one interface with two implementations: Redis (production,
// shared by every instance) and in-process (trying firebridge out; nothing survives a restart).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisClient } from './redis/connection.js';
import type { PersistenceFacts, StoreReplication } from './replication.js';
import { readPersistence, RedisReplication } from './redis/replication.js';
import type { AuthGuardStore } from './auth-guard.js';
import { Keys } from './keys.js';
import { composeAuthSnapshot, type AuthQuery, type AuthSnapshot } from './auth-snapshot.js';
import { RedisAuthSnapshot } from './redis/auth-snapshot.js';
import { MemoryAuthGuardStore } from './memory/auth-guard.js';
import { MemoryNonceReplayStore } from './memory/nonce-replay.js';
import { MemorySubscriberStore } from './memory/subscribers.js';
import type { NonceReplayStore } from './nonce-replay.js';
import { MemoryRegistrationStore } from './memory/registrations.js';
import { RedisRegistrationStore } from './redis/registrations.js';
import type { RegistrationStore } from './registrations.js';
import type { CallStore, CallStorePolicy } from './calls.js';
import { MemoryCallStore } from './memory/calls.js';
import { RedisCallStore } from './redis/calls.js';
import { RedisAuthGuardStore } from './redis/auth-guard.js';
import { RedisNonceReplayStore } from './redis/nonce-replay.js';
import { sharedSecret } from './redis/shared-secret.js';
import { RedisSubscriberStore } from './redis/subscribers.js';
import { typedOutages } from './redis/outages.js';
import type { SubscriberStore } from './subscriber.js';
import type { FaxStore } from './fax.js';
import { MemoryFaxStore } from './memory/fax.js';
import { RedisFaxStore } from './redis/fax.js';
import type { FraudStore } from './fraud.js';
import type { AuditStore } from './audit.js';
import { MemoryAuditStore } from './memory/audit.js';
import { RedisAuditStore } from './redis/audit.js';
import { MemoryFraudStore } from './memory/fraud.js';
import { RedisFraudStore } from './redis/fraud.js';
import type { TokenStore } from './tokens.js';
import { MemoryTokenStore } from './memory/tokens.js';
import { RedisTokenStore } from './redis/tokens.js';
import type { GroupStore } from './groups.js';
import { MemoryGroupStore } from './memory/groups.js';
import { RedisGroupStore } from './redis/groups.js';
import type { LcrStore } from './lcr.js';
import { MemoryLcrStore } from './memory/lcr.js';
import { RedisLcrStore } from './redis/lcr.js';
import type { TraceStore } from './trace.js';
import { MemoryTraceStore } from './memory/trace.js';
import { RedisTraceStore } from './redis/trace.js';

export interface Store {
  readonly kind: 'redis' | 'memory';
  readonly subscribers: SubscriberStore;
  readonly guard: AuthGuardStore;
  readonly nonces: NonceReplayStore;
  readonly registrations: RegistrationStore;
  readonly calls: CallStore;
  /** FaxBack accounts, DIDs, ATAs, Called Numbers and fax records (its records on the accounting connection). */
  readonly fax: FaxStore;
  /** The fraud guard's counters and blocks (fraud.ts). */
  readonly fraud: FraudStore;
  /** The admin API's bearer tokens, hashed (tokens.ts). */
  readonly tokens: TokenStore;
  /** Ring groups and their round-robin positions (groups.ts). */
  readonly groups: GroupStore;
  /** Least-cost routing tables (lcr.ts). */
  readonly lcr: LcrStore;
  /** Who changed which setting from what to what (audit.ts): feature codes, `subscriber set`. */
  readonly audit: AuditStore;
  /** The live trace's watch registry and its pub/sub (trace.ts). */
  readonly trace: TraceStore;
  /** What digest authentication needs to know, and the (nonce, nc) claim, in one round trip. */
  authSnapshot(query: AuthQuery): Promise<AuthSnapshot>;
  /** Operator-maintained values rules look up (e.g. a DID table "did:<number>"), under the key prefix. */
  lookup(key: string): Promise<string | undefined>;
  /** Sets a lookup value (operators use redis-cli; the in-process store needs this). */
  setLookup(key: string, value: string | undefined): Promise<void>;
  /** The HMAC key for server-issued nonces, shared by all instances on one Redis. */
  nonceKey(): Promise<Buffer>;
  /** WAIT for replicas after accounting writes; present when opened with its own accounting connection. */
  readonly replication?: StoreReplication;
  /** How each Redis master in use persists (INFO); absent for the in-process store. */
  persistence?(): Promise<PersistenceFacts[]>;
  /** True when the backing store answers. */
  ready(): boolean;
  close(): Promise<void>;
}

export const DEFAULT_CALL_POLICY: CallStorePolicy = {
  staleAfterMs: 12 * 3600_000,
  maxRecords: 1_000_000,
  dedupeMs: 24 * 3600_000,
  shards: 16,
};

export interface RedisStoreOptions {
  /**
   * A connection for the writes that must reach replicas (accounting, registration bindings), so a
   * WAIT for replicas after them (redis/replication.ts) never holds back the requests on the shared
   * connection.
   */
  readonly accountingConnection?: Redis;
}

export function redisStore(
  redis: RedisClient,
  prefix: string,
  calls: CallStorePolicy = DEFAULT_CALL_POLICY,
  now: () => number = Date.now,
  options: RedisStoreOptions = {},
): Store {
  const accounting = options.accountingConnection;
  const keys = new Keys(prefix);
  let nonceKey: Promise<Buffer> | undefined;
  // Every part, and the store itself, through typedOutages: a Redis outage reaches callers as
  // StoreUnavailableError whichever command path met it (redis/outages.ts).
  const parts = {
    subscribers: typedOutages(new RedisSubscriberStore(redis, keys)),
    guard: typedOutages(new RedisAuthGuardStore(redis, keys)),
    nonces: typedOutages(new RedisNonceReplayStore(redis, keys)),
  };
  const snapshot = new RedisAuthSnapshot(redis, keys, parts);
  const trace = new RedisTraceStore(redis, keys, now);
  return typedOutages<Store>({
    kind: 'redis',
    ...parts,
    authSnapshot: (q) => snapshot.read(q),
    registrations: typedOutages(new RedisRegistrationStore(redis, keys, now, accounting ?? redis)),
    calls: typedOutages(new RedisCallStore(accounting ?? redis, keys, calls, now)),
    fax: typedOutages(new RedisFaxStore(redis, accounting ?? redis, keys, calls)),
    fraud: typedOutages(new RedisFraudStore(redis, keys, calls.staleAfterMs, now)),
    tokens: typedOutages(new RedisTokenStore(redis, keys)),
    groups: typedOutages(new RedisGroupStore(redis, keys)),
    lcr: typedOutages(new RedisLcrStore(redis, keys, now)),
    audit: typedOutages(new RedisAuditStore(redis, keys)),
    trace: typedOutages<TraceStore>(trace),
    ...(accounting ? { replication: typedOutages(new RedisReplication(accounting)) } : {}),
    persistence: () => readPersistence(redis),
    lookup: async (key) => (await redis.get(keys.lookup(key))) ?? undefined,
    setLookup: async (key, value) => {
      if (value === undefined) await redis.del(keys.lookup(key));
      else await redis.set(keys.lookup(key), value);
    },
    nonceKey() {
      // Memoised once it succeeds; a failure (Redis down at start) is retried on the next request.
      nonceKey ??= sharedSecret(redis, keys.nonceKey()).catch((err: unknown) => {
        nonceKey = undefined;
        throw err;
      });
      return nonceKey;
    },
    ready: () => redis.status === 'ready',
    async close() {
      await trace.close();
      // QUIT lets replies in flight arrive; disconnect() then also ends what the connector holds
      // (Sentinel's failover-detector subscriptions), which would otherwise keep a command alive.
      for (const connection of [redis, accounting]) {
        if (!connection) continue;
        await connection.quit().catch(() => {});
        connection.disconnect();
      }
    },
  });
}

export function memoryStore(calls: CallStorePolicy = DEFAULT_CALL_POLICY, now: () => number = Date.now): Store {
  const key = randomBytes(32);
  const lookups = new Map<string, string>();
  const parts = {
    subscribers: new MemorySubscriberStore(),
    guard: new MemoryAuthGuardStore(now),
    nonces: new MemoryNonceReplayStore(now),
  };
  return {
    kind: 'memory',
    ...parts,
    authSnapshot: (q) => composeAuthSnapshot(parts, q),
    registrations: new MemoryRegistrationStore(now),
    calls: new MemoryCallStore(calls, now),
    fax: new MemoryFaxStore(calls, now),
    fraud: new MemoryFraudStore(calls.staleAfterMs, now),
    tokens: new MemoryTokenStore(),
    groups: new MemoryGroupStore(),
    lcr: new MemoryLcrStore(now),
    audit: new MemoryAuditStore(),
    trace: new MemoryTraceStore(now),
    lookup: async (k) => lookups.get(k),
    setLookup: async (k, v) => {
      if (v === undefined) lookups.delete(k);
      else lookups.set(k, v);
    },
    nonceKey: async () => key,
    ready: () => true,
    async close() {},
  };
}

// Store implementations for contract tests: every interface is tested against Redis — the private
// single test redis-server, the Sentinel set and the Cluster of global-setup.ts — and the in-process
// twin, with the same expectations. On the single Redis every script must declare all its keys
// (declared-keys.ts); on the Cluster, Redis itself refuses keys of more than one slot per call.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { onlyDeclaredKeys } from './declared-keys.js';
import { allShards, Keys } from '../../src/store/keys.js';
import { connectRedis, memoryStore, redisStore, waitUntilReady, type CallStorePolicy, type RedisClient, type RedisTopology, type Store } from '../../src/store/index.js';

export type RedisKind = 'redis' | 'sentinel' | 'cluster';
export type StoreKind = RedisKind | 'memory';

export interface StoreUnderTest {
  readonly name: StoreKind;
  readonly store: Store;
  /** Moves the store's clock (both implementations read time through it). */
  advance(ms: number): void;
  readonly redis?: RedisClient;
  readonly prefix: string;
  close(): Promise<void>;
}

export const TEST_CALL_POLICY: CallStorePolicy = { staleAfterMs: 60_000, maxRecords: 10_000, dedupeMs: 120_000, shards: 4 };

/** A fresh prefix per store keeps parallel test files apart on the shared test Redis. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

/** How `redis` is configured to reach one of the test topologies (the `redis:` section of a config). */
export function redisTopology(kind: RedisKind): RedisTopology {
  if (kind === 'sentinel') return { sentinel: inject('redisSentinel') };
  if (kind === 'cluster') return { cluster: inject('redisCluster') };
  return { url: inject('redisUrl') };
}

/** A connection to a test topology, as the store layer makes it, once it is ready. */
export async function connectTest(kind: RedisKind): Promise<RedisClient> {
  const redis = connectRedis({ ...redisTopology(kind), commandTimeoutMs: 5_000 });
  await waitUntilReady(redis, 10_000);
  return redis;
}

export async function makeStore(kind: StoreKind, policy: CallStorePolicy = TEST_CALL_POLICY): Promise<StoreUnderTest> {
  let offset = 0;
  const now = (): number => Date.now() + offset;
  const prefix = uniquePrefix();
  if (kind === 'memory') {
    return { name: kind, store: memoryStore(policy, now), advance: (ms) => (offset += ms), prefix, close: async () => {} };
  }
  const redis = await connectTest(kind);
  if (kind === 'redis') onlyDeclaredKeys(redis);
  const store = redisStore(redis, prefix, policy, now);
  return {
    name: kind,
    store,
    redis,
    prefix,
    // Redis expiries run on the server's clock, so the Redis flavour moves time forward for the
    // liveness checks only (scores), and tests that need real key expiry use short real TTLs.
    advance: (ms) => (offset += ms),
    close: () => store.close(),
  };
}

export const REDIS_KINDS = ['redis', 'sentinel', 'cluster'] as const;
export const STORE_KINDS = [...REDIS_KINDS, 'memory'] as const;

/** The call-record streams of a key prefix, one per accounting shard (default: the configuration's 16). */
export function callRecordStreams(prefix: string, shards = 16): string[] {
  const keys = new Keys(prefix);
  return allShards(shards).map((s) => keys.callRecords(s));
}

/** Every call record of a key prefix, from all its shards' streams, as [id, flat fields]. */
export async function allCallRecords(redis: Pick<RedisClient, 'xrange'>, prefix: string, shards = 16): Promise<Array<[string, string[]]>> {
  const perStream = await Promise.all(callRecordStreams(prefix, shards).map((k) => redis.xrange(k, '-', '+')));
  return perStream.flat();
}

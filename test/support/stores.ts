// Store implementations for contract tests: every interface is tested against Redis (the private
// test redis-server) and the in-process twin with the same expectations.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { memoryStore, redisStore, type CallStorePolicy, type Store } from '../../src/store/index.js';

export interface StoreUnderTest {
  readonly name: 'redis' | 'memory';
  readonly store: Store;
  /** Moves the store's clock (both implementations read time through it). */
  advance(ms: number): void;
  readonly redis?: Redis;
  readonly prefix: string;
  close(): Promise<void>;
}

export const TEST_CALL_POLICY: CallStorePolicy = { staleAfterMs: 60_000, maxRecords: 10_000, dedupeMs: 120_000 };

/** A fresh prefix per store keeps parallel test files apart on the shared test Redis. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

export async function makeStore(kind: 'redis' | 'memory', policy: CallStorePolicy = TEST_CALL_POLICY): Promise<StoreUnderTest> {
  let offset = 0;
  const now = (): number => Date.now() + offset;
  const prefix = uniquePrefix();
  if (kind === 'memory') {
    return { name: kind, store: memoryStore(policy, now), advance: (ms) => (offset += ms), prefix, close: async () => {} };
  }
  const redis = new Redis(inject('redisUrl'), { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
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

export const STORE_KINDS = ['redis', 'memory'] as const;

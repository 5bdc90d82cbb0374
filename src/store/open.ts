// Chooses the store at start. An explicitly configured Redis is always used (while it is down the
// failure policy applies); without one, firebridge tries a local Redis and otherwise runs on an
// in-process store — and says so loudly, because nothing then survives a restart.
import type { Logger } from 'pino';
import { Cluster } from 'ioredis';
import { connectRedis, describeTopology, waitUntilReady, type RedisClient, type RedisTopology } from './redis/connection.js';
import { logOutages } from './redis/outage-log.js';
import type { CallStorePolicy } from './calls.js';
import { memoryStore, redisStore, type Store } from './store.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface OpenStoreOptions extends RedisTopology {
  /** Where to look for a local Redis when none is configured (tests point it elsewhere). */
  readonly probeUrl?: string;
  /** false: with no Redis configured, use the in-process store without looking for a local Redis. */
  readonly probeLocal?: boolean;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  readonly calls?: CallStorePolicy;
  /** Give the accounting store a connection of its own (`accounting.durability: replicated`; see store.ts). */
  readonly ownAccountingConnection?: boolean;
}

function storeOn(redis: RedisClient, options: OpenStoreOptions): Store {
  if (!options.ownAccountingConnection || redis instanceof Cluster) return redisStore(redis, options.keyPrefix, options.calls);
  const accounting = redis.duplicate();
  // The shared connection's outage log reports the outage; this one would only repeat it.
  accounting.on('error', () => {});
  return redisStore(redis, options.keyPrefix, options.calls, Date.now, { accountingConnection: accounting });
}

export async function openStore(options: OpenStoreOptions, logger: Logger): Promise<Store> {
  if (options.url || options.sentinel || options.cluster) {
    const redis = connectRedis(options);
    const where = describeTopology(options);
    logOutages(redis, logger, where);
    try {
      await waitUntilReady(redis, 3_000);
      logger.info({ redis: where }, 'connected to Redis');
    } catch {
      logger.error({ redis: where }, 'Redis is not reachable yet; requests follow the failure policy until it is');
    }
    return storeOn(redis, options);
  }
  if (options.probeLocal === false) return inProcess(logger, options.calls);
  const probeUrl = options.probeUrl ?? DEFAULT_REDIS_URL;
  const probe = connectRedis({ url: probeUrl, commandTimeoutMs: options.commandTimeoutMs, lazyConnect: true });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await waitUntilReady(probe, 500);
    logger.warn({ redis: probeUrl }, 'no redis.url configured: using the local Redis found at the default address');
    probe.removeAllListeners('error');
    logOutages(probe, logger, probeUrl);
    return storeOn(probe, options);
  } catch {
    probe.disconnect();
    return inProcess(logger, options.calls);
  }
}

function inProcess(logger: Logger, calls: CallStorePolicy | undefined): Store {
  logger.warn(
    '!!! NO REDIS: running on an IN-PROCESS STORE. Subscribers, registrations and call records live in this ' +
      'process only and are LOST on restart; several instances do not share them. Set redis.url or REDIS_URL for production. !!!',
  );
  return memoryStore(calls);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

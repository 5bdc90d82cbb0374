// What operator commands share: the configuration and a connection to the store the server uses.
import { pino, type Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { SourceError } from '../config/yaml-validation.js';
import { connectRedis, DEFAULT_REDIS_URL, describeTopology, redisStore, waitUntilReady, type Store } from '../store/index.js';

export interface CommandContext {
  readonly config: Config;
  readonly store: Store;
  close(): Promise<void>;
}

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function loadConfigOrExit(file: string | undefined): Config {
  try {
    return loadConfig(file).config;
  } catch (err) {
    if (err instanceof SourceError) throw new CommandError(`invalid configuration\n${err.message}`);
    throw err;
  }
}

/** Operator commands always talk to Redis: an in-process store would be a different, empty one. */
export async function openCommandContext(configFile: string | undefined): Promise<CommandContext> {
  const config = loadConfigOrExit(configFile);
  const topology = config.redis.sentinel || config.redis.cluster ? config.redis : { ...config.redis, url: config.redis.url ?? DEFAULT_REDIS_URL };
  const redis = connectRedis({ ...topology, commandTimeoutMs: 5_000, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await waitUntilReady(redis, 3_000);
  } catch {
    redis.disconnect();
    throw new CommandError(`cannot reach Redis at ${describeTopology(topology)} (set redis.url in the config or REDIS_URL)`);
  }
  const store = redisStore(redis, config.redis.keyPrefix);
  return { config, store, close: () => store.close() };
}

/** Runs a command body with the store open, and always closes it. */
export async function withCommandContext<T>(configFile: string | undefined, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const ctx = await openCommandContext(configFile);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export function quietLogger(): Logger {
  return pino({ level: 'silent' });
}

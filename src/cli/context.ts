// What operator commands share: the configuration the server uses (found as serve finds it) and a
// connection to its store.
import { discoverConfig, describeConfigLocation, type ConfigLocation } from '../config/discover.js';
import { loadConfig, type ConfigWarning } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { SourceError } from '../text/yaml-validation.js';
import { localApiUrl, localTokenPath, readLocalToken } from '../api/local-token.js';
import { callStorePolicy, connectRedis, DEFAULT_REDIS_URL, describeTopology, redisStore, waitUntilReady, type Store } from '../store/index.js';
import { apiStore } from './api-store.js';
import { CommandError } from './command-error.js';

export interface CommandContext {
  readonly config: Config;
  /** --realm if given, else digest.realm. */
  readonly realm: string;
  readonly store: Store;
  close(): Promise<void>;
}

export { CommandError } from './command-error.js';

export interface CommandConfig {
  readonly config: Config;
  readonly location: ConfigLocation;
  readonly warnings: readonly ConfigWarning[];
}

/** The configuration found by discoverConfig (`explicit` is --config); a bad file is a CommandError. */
export function loadCommandConfig(explicit: string | undefined): CommandConfig {
  const location = discoverConfig(explicit);
  try {
    const loaded = loadConfig(location.file);
    return { config: loaded.config, location, warnings: loaded.warnings };
  } catch (err) {
    if (err instanceof SourceError) throw new CommandError(`invalid configuration\n${err.message}`);
    throw err;
  }
}

export function loadConfigOrExit(explicit: string | undefined): Config {
  return loadCommandConfig(explicit).config;
}

export interface CommandScope {
  /** The command works in a digest realm, so the context line names it. */
  readonly usesRealm?: boolean;
  /** --realm, instead of digest.realm. */
  readonly realm?: string | undefined;
  /** The command needs Redis itself (it reads the record streams), not a running server's API. */
  readonly redisOnly?: boolean;
}

/** The running server's admin API, when one answers here with the token it left for local commands. */
async function runningServer(config: Config): Promise<{ url: string; kind: Store['kind']; token: string } | undefined> {
  if (!config.api.enabled) return undefined;
  const token = readLocalToken(localTokenPath(config));
  if (!token) return undefined;
  const url = localApiUrl(config);
  try {
    const res = await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1_000) });
    if (!res.ok) return undefined;
    const status = (await res.json()) as { store?: { kind?: Store['kind'] } };
    return { url, kind: status.store?.kind ?? 'redis', token };
  } catch {
    return undefined;
  }
}

/**
 * Operator commands use the running server's store: through its admin API when it answers here (so
 * `npm start`'s in-process store too), else Redis directly — never an in-process store of their own,
 * which would be a different, empty one. First, one line on stderr says which file, server or Redis,
 * key prefix (and realm) the command uses, so an operator sees at once when it is not the server's;
 * stdout stays clean for --json.
 */
export async function openCommandContext(configFile: string | undefined, scope: CommandScope = {}): Promise<CommandContext> {
  const { config, location } = loadCommandConfig(configFile);
  const server = scope.redisOnly ? undefined : await runningServer(config);
  if (server) {
    const realm = scope.realm ?? config.digest.realm;
    const store = server.kind === 'memory' ? 'its in-process store' : `its Redis, key prefix ${JSON.stringify(config.redis.keyPrefix)}`;
    process.stderr.write(`firebridge: ${describeConfigLocation(location)}; the running server's admin API at ${server.url} (${store})${scope.usesRealm ? `, realm ${JSON.stringify(realm)}` : ''}\n`);
    return { config, realm, store: apiStore(server.url, server.token, server.kind), close: async () => {} };
  }
  const topology = config.redis.sentinel || config.redis.cluster ? config.redis : { ...config.redis, url: config.redis.url ?? DEFAULT_REDIS_URL };
  const realm = scope.realm ?? config.digest.realm;
  process.stderr.write(
    `firebridge: ${describeConfigLocation(location)}; Redis ${describeTopology(topology)}, key prefix ${JSON.stringify(config.redis.keyPrefix)}${
      scope.usesRealm ? `, realm ${JSON.stringify(realm)}` : ''
    }\n`,
  );
  const redis = connectRedis({ ...topology, commandTimeoutMs: 5_000, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await waitUntilReady(redis, 3_000);
  } catch {
    redis.disconnect();
    throw new CommandError(`cannot reach Redis at ${describeTopology(topology)} (set redis.url in the config or REDIS_URL)`);
  }
  // The server's accounting policy: the shard count decides where a leg and its records are found.
  const store = redisStore(redis, config.redis.keyPrefix, callStorePolicy(config.accounting));
  return { config, realm, store, close: () => store.close() };
}

/** Runs a command body with the store open, and always closes it. */
export async function withCommandContext<T>(
  configFile: string | undefined,
  fn: (ctx: CommandContext) => Promise<T>,
  scope: CommandScope = {},
): Promise<T> {
  const ctx = await openCommandContext(configFile, scope);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

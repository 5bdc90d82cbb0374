// One ioredis connection per process: a single server (`url`), Sentinel, or Cluster. Auto-pipelining
// turns the commands a request issues in the same tick into one round trip (spec libraries.md:
// ≈194k/s vs 54 µs per sequential await).
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Everything the store layer needs from a connection; a Cluster offers the same commands. */
export type RedisClient = Redis | Cluster;

export interface RedisTopology {
  readonly url?: string | undefined;
  readonly sentinel?: { readonly name: string; readonly nodes: readonly string[]; readonly password?: string | undefined } | undefined;
  readonly cluster?: { readonly nodes: readonly string[] } | undefined;
  readonly password?: string | undefined;
}

export interface RedisConnectionOptions extends RedisTopology {
  /** A command that takes longer fails, so the failure policy can act well inside the FireBrick's 0.5 s. */
  readonly commandTimeoutMs: number;
  readonly lazyConnect?: boolean;
}

function hostPort(node: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(node.trim());
  return { host: m?.[1] ?? node, port: m?.[2] ? Number(m[2]) : 6379 };
}

export function describeTopology(t: RedisTopology): string {
  if (t.cluster) return `cluster ${t.cluster.nodes.join(',')}`;
  if (t.sentinel) return `sentinel ${t.sentinel.name}@${t.sentinel.nodes.join(',')}`;
  return (t.url ?? '').replace(/\/\/([^@/]*)@/, '//***@');
}

export function connectRedis(options: RedisConnectionOptions): RedisClient {
  const common: RedisOptions = {
    enableAutoPipelining: true,
    commandTimeout: options.commandTimeoutMs,
    // Fail fast while disconnected instead of queueing requests the FireBrick has given up on.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    lazyConnect: options.lazyConnect ?? false,
    ...(options.password ? { password: options.password } : {}),
  };
  if (options.cluster) {
    return new Cluster(options.cluster.nodes.map(hostPort), {
      enableAutoPipelining: true,
      lazyConnect: options.lazyConnect ?? false,
      redisOptions: common,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
      // A hung master answers no MOVED, so only a refresh of the slot table finds its promoted
      // replica: every second bounds the deaf window after a failover (issue 15 item 2).
      slotsRefreshInterval: 1_000,
      slotsRefreshTimeout: Math.max(options.commandTimeoutMs, 500),
    });
  }
  if (options.sentinel) {
    return new Redis({
      ...common,
      name: options.sentinel.name,
      sentinels: options.sentinel.nodes.map(hostPort),
      ...(options.sentinel.password ? { sentinelPassword: options.sentinel.password } : {}),
      // Follow Sentinel's +switch-master at once instead of waiting for the old master's socket to
      // close: a hung (SIGSTOPped, partitioned) master keeps it open, and firebridge stayed deaf on it
      // for 15 s after the promotion (issue 15 item 2).
      failoverDetector: true,
      // Leaving the hung master must not wait for its socket to close gracefully (2 s by default),
      // and connecting must not wait 2 s on a master that accepts TCP but never answers.
      disconnectTimeout: 100,
      connectTimeout: Math.max(options.commandTimeoutMs * 2, 500),
      sentinelCommandTimeout: Math.max(options.commandTimeoutMs, 500),
      // A demoted master that comes back answers writes with READONLY: reconnect (to the master
      // Sentinel names now) and resend.
      reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    });
  }
  return new Redis(options.url ?? 'redis://127.0.0.1:6379', common);
}

/**
 * Defines a script called with a varying number of keys (the count first). On a Cluster it is sent
 * outside auto-pipelining: ioredis 6 groups an auto-pipelined script by the slot of its first
 * argument — here the key count, not a key — and the pipeline then fails with "All keys in the
 * pipeline should belong to the same slots allocation group". Sent alone, it goes to its keys' node.
 */
export function defineVariadicScript(redis: RedisClient, name: string, lua: string): void {
  redis.defineCommand(name, { lua });
  if (redis instanceof Cluster) redis.options.autoPipeliningIgnoredCommands = [...(redis.options.autoPipeliningIgnoredCommands ?? []), name];
}

/** Resolves once connected, or rejects after `timeoutMs`. */
export async function waitUntilReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not reachable within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** Every key matching a pattern; on a Cluster, from every master. For operator commands, not the packet path. */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

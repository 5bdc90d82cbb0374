// One redis-server (or sentinel) process on a free loopback port, restartable on the same port and
// directory, with the persistence the README recommends (AOF, fsync every second), so a restart
// shows what that setting keeps and a kill -9 what it loses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../servers.js';
import { HOST } from './constants.js';
import { signal, spawnTracked, tempDir, terminate, waitFor, type Tracked } from './processes.js';

export interface RedisNode {
  readonly name: string;
  readonly port: number;
  readonly dir: string;
  process(): Tracked;
  signal(sig: NodeJS.Signals): void;
  /** Starts it again on the same port and directory (after it exited or was killed). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Sends one command on a short-lived connection that never retries (a hung node must not hang us). */
export function ask(port: number, ...args: Array<string | number>): Promise<unknown> {
  return askWithin(1_000, port, ...args);
}

export async function askWithin(timeoutMs: number, port: number, ...args: Array<string | number>): Promise<unknown> {
  const redis = new Redis({ host: HOST, port, lazyConnect: true, connectTimeout: 500, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await redis.call(String(args[0]), ...args.slice(1).map(String));
  } finally {
    redis.disconnect();
  }
}

/** INFO section as a map (field → value). */
export async function info(port: number, section: string): Promise<Map<string, string>> {
  const text = String(await ask(port, 'INFO', section));
  return new Map(text.split(/\r?\n/).flatMap((line) => (line.includes(':') ? [[line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as [string, string]] : [])));
}

const PERSISTENCE = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];

export interface NodeOptions {
  readonly name: string;
  /** Extra redis-server arguments (replicaof, cluster-enabled, ...). */
  readonly args?: readonly string[];
  /** Run as a sentinel with this configuration (written to a file it may rewrite). */
  readonly sentinelConfig?: string;
  readonly port?: number;
}

export async function startNode(o: NodeOptions): Promise<RedisNode> {
  const port = o.port ?? (await freePort());
  const dir = tempDir(o.name);
  const argv = (): string[] => {
    if (o.sentinelConfig !== undefined) {
      const file = join(dir, 'sentinel.conf');
      writeFileSync(file, `port ${port}\nbind ${HOST}\ndir ${dir}\n${o.sentinelConfig}\n`);
      return [file, '--sentinel'];
    }
    return [
      '--port', String(port), '--bind', HOST, '--dir', dir, ...PERSISTENCE,
      // A replica's first sync must not wait the 5 s diskless delay.
      '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes',
      ...(o.args ?? []),
    ];
  };
  let proc: Tracked | undefined;
  const launch = async (): Promise<void> => {
    // Restarting: the old process must be gone (and its port free) first; a killed one goes at once.
    if (proc && !proc.exited()) await proc.exit();
    const p = spawnTracked('redis-server', argv());
    proc = p;
    const state = await waitFor(`${o.name} on port ${port}`, 10_000, async () => {
      if (p.exited()) return 'exited';
      return (await ask(port, 'PING')) === 'PONG' ? 'ready' : undefined;
    });
    if (state === 'exited') throw new Error(`${o.name} exited: ${p.output().trim().split('\n').pop() ?? ''}`);
  };
  await launch();
  return {
    name: o.name,
    port,
    dir,
    process: () => proc!,
    signal: (sig) => signal(proc!, sig),
    restart: launch,
    stop: () => terminate(proc!),
  };
}

// Real redis-server child processes for tests: a single server, a Sentinel set and a Cluster. Each
// server gets its own free port and directory; tests that need to stop and restart Redis (failure
// policies) start their own single instance. Everything listens on 127.0.0.1.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { installCommand, toolNamed } from './tools.js';

const run = promisify(execFile);

export interface RedisServerHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Kills the server but keeps its directory, so restart() can bring it back on the same port. */
  kill(): Promise<void>;
  /** Starts the same server again on the same port (after kill). */
  restart(): Promise<void>;
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// Children still alive when the test process exits (a crash, process.exit) are killed with it, so no
// redis-server outlives the run.
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of alive) proc.kill('SIGKILL');
});

/** Runs redis-server with `args` until its log says it serves (`ready`); the child is returned. */
async function launchRedis(args: readonly string[], ready: RegExp): Promise<ChildProcess> {
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  alive.add(proc);
  proc.once('exit', () => alive.delete(proc));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server ${args.join(' ')} did not start: ${out}`)), 10_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (${installCommand(toolNamed('redis-server'), true)}): ${err.message}`));
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
  return proc;
}

async function killChild(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

const READY = /Ready to accept connections/;

function serverArgs(port: number, dir: string, extra: readonly string[] = []): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra];
}

/**
 * A free port is free only when asked: another process (a parallel test run on the same machine) may
 * bind it before redis-server does. Such a start is tried again on fresh ports; any other failure is not.
 */
const PORT_TAKEN = /Address already in use/;
async function onFreshPorts<T>(start: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= attempts || !PORT_TAKEN.test((err as Error).message)) throw err;
    }
  }
}

/** `args` are added to the command line after the defaults, so they override them (e.g. `--appendonly yes`). */
export function startRedisServer(args: readonly string[] = []): Promise<RedisServerHandle> {
  return onFreshPorts(() => startRedisServerOnce(args));
}

async function startRedisServerOnce(args: readonly string[]): Promise<RedisServerHandle> {
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    child = await launchRedis(serverArgs(port, dir, args), READY);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    await killChild(proc);
  };

  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    kill: stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}

/** Several redis-server processes started together and stopped together. */
export interface RedisGroupHandle {
  /** "host:port" of the nodes a client is given (sentinels, or cluster seed nodes). */
  readonly nodes: readonly string[];
  stop(): Promise<void>;
}

/** What a test needs to connect to a Sentinel set. */
export interface SentinelAddress {
  readonly name: string;
  readonly nodes: readonly string[];
}

export const SENTINEL_MASTER = 'firebridge-test';

/** One group's processes and directory; stop() kills them all, also after a half-finished start. */
function group(prefix: string): { dir: string; children: ChildProcess[]; stop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const children: ChildProcess[] = [];
  return {
    dir,
    children,
    async stop() {
      await Promise.all(children.map(killChild));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** 1 master + 2 replicas + 3 sentinels (quorum 2), as the issue-15 measurements used. */
export function startSentinelSet(): Promise<RedisGroupHandle & SentinelAddress> {
  return onFreshPorts(startSentinelSetOnce);
}

async function startSentinelSetOnce(): Promise<RedisGroupHandle & SentinelAddress> {
  const g = group('firebridge-sentinel-');
  try {
    const [master, ...ports] = await distinctFreePorts(6);
    const replicas = ports.slice(0, 2);
    const sentinels = ports.slice(2);
    const serverDir = (p: number): string => {
      const d = join(g.dir, String(p));
      mkdirSync(d);
      return d;
    };
    g.children.push(await launchRedis(serverArgs(master!, serverDir(master!)), READY));
    g.children.push(
      ...(await Promise.all(replicas.map((p) => launchRedis(serverArgs(p, serverDir(p), ['--replicaof', '127.0.0.1', String(master)]), READY)))),
    );
    g.children.push(
      ...(await Promise.all(
        sentinels.map((p) => {
          // Sentinel rewrites its configuration file, so each has its own writable one.
          const conf = join(serverDir(p), 'sentinel.conf');
          writeFileSync(
            conf,
            [
              `port ${p}`,
              'bind 127.0.0.1',
              `dir ${join(g.dir, String(p))}`,
              `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${master} 2`,
              `sentinel down-after-milliseconds ${SENTINEL_MASTER} 2000`,
              `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
              '',
            ].join('\n'),
          );
          return launchRedis([conf, '--sentinel'], /\+monitor master/);
        }),
      )),
    );
    return { name: SENTINEL_MASTER, nodes: sentinels.map((p) => `127.0.0.1:${p}`), stop: g.stop };
  } catch (err) {
    await g.stop();
    throw err;
  }
}

/** 3 masters + 3 replicas, created with redis-cli --cluster create; resolves once every node says ok. */
export function startRedisCluster(): Promise<RedisGroupHandle> {
  return onFreshPorts(startRedisClusterOnce);
}

async function startRedisClusterOnce(): Promise<RedisGroupHandle> {
  const g = group('firebridge-cluster-');
  try {
    // Each node also needs a free cluster-bus port: the default (port + 10000) may lie past 65535.
    const ports = await distinctFreePorts(12);
    const nodes = ports.slice(0, 6);
    g.children.push(
      ...(await Promise.all(
        nodes.map((p, i) => {
          const d = join(g.dir, String(p));
          mkdirSync(d);
          const extra = ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf'), '--cluster-port', String(ports[6 + i]), '--cluster-node-timeout', '2000'];
          return launchRedis(serverArgs(p, d, extra), READY);
        }),
      )),
    );
    const addresses = nodes.map((p) => `127.0.0.1:${p}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
    for (const p of nodes) await untilClusterOk(p);
    return { nodes: addresses, stop: g.stop };
  } catch (err) {
    await g.stop();
    throw err;
  }
}

async function untilClusterOk(port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
    if (/cluster_state:ok/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`cluster node ${port} never reached cluster_state:ok:\n${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const found = new Set<number>();
  while (found.size < n) found.add(await freeTcpPort());
  return [...found];
}

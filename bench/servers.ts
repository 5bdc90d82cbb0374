// The processes a benchmark run needs: a private Redis seeded with the subscribers, firebridge
// (one process, or --workers; on Redis or on its in-process store), and FreeRADIUS 3 with the policy
// in bench/freeradius/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { ENVIRONMENT_OVERRIDES } from '../src/config/load.js';
import { Attr, Code, sendRequest } from '../src/radius/index.js';
import { Keys } from '../src/store/keys.js';
import type { RedisClient } from '../src/store/redis/connection.js';
import { subscriberToHash } from '../src/store/subscriber-codec.js';
import type { Subscriber } from '../src/store/subscriber.js';
import type { Store } from '../src/store/index.js';
import { REALM, SUBSCRIBERS, subscriber } from './subscribers.js';
import { FAX_CLIENT_ADDRESS } from './fax-accounts.js';
import { forEachInFlight } from './in-flight.js';
import { LCR_RULES, LCR_RULES_FILE } from './lcr-table.js';
import { SERVE_NODE_OPTIONS } from '../src/cli/node-options.js';
import { createHash } from 'node:crypto';

/** The repository: bench/ runs from build-bench/bench/ (npm run bench) or from source (tests). */
export const ROOT = ((): string => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const SECRET = 'bench-shared-secret-0123456789';

export interface Running {
  readonly pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolvePort(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
}

export interface RedisRunning extends Running {
  readonly url: string;
  readonly port: number;
  usedMemory(): Promise<number>;
}

/** A private redis-server; with `replicaOf`, a replica of the one on that port (accounting.durability replicated). */
export async function startRedis(o: { replicaOf?: number } = {}): Promise<RedisRunning> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-bench-redis-'));
  const replica = o.replicaOf !== undefined ? ['--replicaof', '127.0.0.1', String(o.replicaOf)] : [];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...replica], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) ready();
    });
    child.once('error', (err) => fail(new Error(`cannot run redis-server (apt-get install redis-server): ${err.message}`)));
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  const url = `redis://127.0.0.1:${port}`;
  const stop = stopper(child);
  return {
    pid: child.pid!,
    url,
    port,
    usedMemory: async () => {
      const redis = new Redis(url);
      const info = await redis.info('memory');
      redis.disconnect();
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
    },
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes the 10,000 subscribers' hashes as firebridge stores them (HA1 only, as `subscriber add` would). */
export async function seedSubscribers(url: string): Promise<void> {
  const redis = new Redis(url, { enableAutoPipelining: true });
  await writeSubscribers(redis);
  redis.disconnect();
}

/** The same on any topology: auto-pipelined commands, since a Cluster pipeline may not span slots. */
export async function writeSubscribers(redis: RedisClient): Promise<void> {
  const keys = new Keys('fb:');
  await Promise.all(
    Array.from({ length: SUBSCRIBERS }, (_, i) => {
      const record = subscriberRecord(i);
      return redis.hset(keys.subscriber(REALM, record.username), subscriberToHash(record));
    }),
  );
}

/** Subscribers 0..count-1 through a store's own `put`: every record and index `subscriber add` writes. */
export async function putSubscribers(store: { readonly subscribers: Pick<Store['subscribers'], 'put'> }, count: number = SUBSCRIBERS, inFlight = 64): Promise<void> {
  await forEachInFlight(count, inFlight, (i) => store.subscribers.put(subscriberRecord(i)));
}

/** Subscriber `index` as `subscriber add` stores it: HA1 only, no features. */
export function subscriberRecord(index: number): Subscriber {
  const s = subscriber(index);
  const ha1 = createHash('md5').update(`${s.username}:${REALM}:${s.password}`).digest('hex');
  return { username: s.username, realm: REALM, ha1: { MD5: ha1 }, number: s.number, enabled: true };
}

export async function flushRedis(url: string, keepSubscribers: boolean): Promise<void> {
  const redis = new Redis(url);
  await redis.flushall();
  redis.disconnect();
  if (keepSubscribers) await seedSubscribers(url);
}

export interface RadiusRunning extends Running {
  readonly authPort: number;
  readonly acctPort: number;
}

async function waitForStatus(authPort: number, what: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      await sendRequest(Code.StatusServer, [[Attr.NasIpAddress, '127.0.0.1']], {
        host: '127.0.0.1',
        port: authPort,
        secret: Buffer.from(SECRET),
        timeoutMs: 300,
        attempts: 1,
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${what} did not answer Status-Server:\n${output()}`);
}

/** Waits until the server answers Status-Server; stopping it also removes its temporary directory. */
async function running(what: string, child: ChildProcess, authPort: number, acctPort: number, dir: string): Promise<RadiusRunning> {
  let out = '';
  const keep = (c: Buffer): void => {
    out = (out + c.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitForStatus(authPort, what, child, () => out);
  const stop = stopper(child);
  return {
    pid: child.pid!,
    authPort,
    acctPort,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FirebridgeOptions {
  /** Absent: the in-process store, as `npm start` runs without a Redis (redis.probeLocal false, so no local Redis is picked up). */
  readonly redisUrl?: string;
  readonly workers: number;
  readonly logLevel: string;
  /** Write a V8 CPU profile of the server here (inspect in Chrome DevTools or speedscope). */
  readonly profileDir?: string;
  /** The `accounting:` section of the configuration (durability modes). */
  readonly accounting?: Readonly<Record<string, unknown>>;
  /** The `fraud:` section (the guard's cost per INVITE). */
  readonly fraud?: Readonly<Record<string, unknown>>;
  /** The build to run (a `dist` directory): another commit's, for A/B runs (ab.ts); this checkout's by default. */
  readonly dist?: string;
  /** The `digest:` section (bench:memory shortens the nonce lifetime, so replay claims expire during the run). */
  readonly digest?: Readonly<Record<string, unknown>>;
  /** More Node options for the server process (bench:memory loads its GC probe with them). */
  readonly nodeArgs?: readonly string[];
}

export interface FirebridgeRunning extends RadiusRunning {
  /** Its configuration file, which operator commands (and serverStore) read to find its admin API. */
  readonly configFile: string;
}

/**
 * A port freePort found free can be taken before the server binds it (by another process's outgoing
 * connection, whose ephemeral port it is): the server then exits with EADDRINUSE, and the start is
 * tried again on fresh ports. Over a long A/B run, two starts a round, that happens.
 */
export async function startFirebridge(o: FirebridgeOptions): Promise<FirebridgeRunning> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startFirebridgeOnce(o);
    } catch (err) {
      if (attempt === 3 || !(err as Error).message.includes('EADDRINUSE')) throw err;
    }
  }
}

async function startFirebridgeOnce(o: FirebridgeOptions): Promise<FirebridgeRunning> {
  const authPort = await freePort();
  const acctPort = await freePort();
  // A port of its own, not 0: the local commands' token file is named by the API's port.
  const apiPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-bench-'));
  const config = join(dir, 'firebridge.yaml');
  // The shipped rules, and the LCR workload's rule among them (lcr-table.ts).
  const rules = join(dir, 'rules');
  cpSync(join(ROOT, 'routing-rules'), rules, { recursive: true });
  writeFileSync(join(rules, LCR_RULES_FILE), LCR_RULES);
  writeFileSync(
    config,
    JSON.stringify({
      listen: { host: '127.0.0.1', auth: authPort, acct: acctPort },
      clients: [
        { name: 'bench', address: '127.0.0.1', secret: SECRET },
        { name: 'bench-fax', kind: 'faxback', address: FAX_CLIENT_ADDRESS, secret: SECRET },
      ],
      redis: o.redisUrl !== undefined ? { url: o.redisUrl, keyPrefix: 'fb:' } : { probeLocal: false, keyPrefix: 'fb:' },
      rules: { dir: rules, watch: false },
      metrics: { enabled: true, host: '127.0.0.1', port: 0 },
      api: { enabled: true, host: '127.0.0.1', port: apiPort },
      log: { level: o.logLevel, format: 'json' },
      ...(o.accounting ? { accounting: o.accounting } : {}),
      ...(o.fraud ? { fraud: o.fraud } : {}),
      ...(o.digest ? { digest: o.digest } : {}),
    }),
  );
  const profile = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  // The file says everything: a REDIS_URL or LOG_LEVEL in the caller's environment would override it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in ENVIRONMENT_OVERRIDES)));
  // As deployed: npm start and the image run serve with these (src/cli/node-options.ts).
  const child = spawn(process.execPath, [...SERVE_NODE_OPTIONS, ...profile, ...(o.nodeArgs ?? []), join(o.dist ?? join(ROOT, 'dist'), 'cli', 'main.js'), 'serve', '--config', config, '--workers', String(o.workers)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  return { ...(await running('firebridge', child, authPort, acctPort, dir)), configFile: config };
}

export function freeradiusAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v freeradius || command -v radiusd'], { stdio: 'ignore' }).status === 0;
}

export async function startFreeradius(redisPort: number, threads: number): Promise<RadiusRunning> {
  const script = join(ROOT, 'bench', 'freeradius', 'start.sh');
  if (!existsSync(script)) throw new Error(`${script} is missing`);
  const authPort = await freePort();
  const acctPort = await freePort();
  const runDir = mkdtempSync(join(tmpdir(), 'firebridge-bench-fr-'));
  const child = spawn('bash', [script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AUTH_PORT: String(authPort),
      ACCT_PORT: String(acctPort),
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redisPort),
      SECRET,
      THREADS: String(threads),
      FR_RUN_DIR: runDir,
    },
    detached: false,
  });
  return running('FreeRADIUS', child, authPort, acctPort, runDir);
}

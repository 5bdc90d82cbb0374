// firebridge as a chaos run drives it: one process on fixed ports with a configuration file that
// stays, so a scenario can kill -9 it and start it again exactly as a supervisor would.
import { createSocket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attr, Code, sendRequest } from '../../src/radius/index.js';
import type { RedisTopology } from '../../src/store/redis/connection.js';
import { ROOT, SECRET } from '../servers.js';
import { mergeConfig, type ConfigOverrides } from './modes.js';
import { signal, spawnTracked, terminate, waitFor, type Tracked } from './processes.js';
import { HOST, KEY_PREFIX } from './constants.js';

export interface ChaosFirebridge {
  readonly authPort: number;
  readonly acctPort: number;
  signal(sig: NodeJS.Signals): void;
  /** Starts it again on the same ports and configuration. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The server refused to start (e.g. a configuration setting this build does not know). */
export class RefusedToStart extends Error {
  override name = 'RefusedToStart';
}

function redisSection(t: RedisTopology): ConfigOverrides {
  if (t.sentinel) return { sentinel: { name: t.sentinel.name, nodes: [...t.sentinel.nodes] } };
  if (t.cluster) return { cluster: { nodes: [...t.cluster.nodes] } };
  return { url: t.url };
}

async function answersStatus(authPort: number): Promise<boolean> {
  try {
    await sendRequest(Code.StatusServer, [[Attr.NasIpAddress, HOST]], { host: HOST, port: authPort, secret: Buffer.from(SECRET), timeoutMs: 300, attempts: 1 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A UDP port below the ephemeral range: while firebridge is down, the client's own sockets (one per
 * attempt, on ephemeral ports) could otherwise take its port before it restarts.
 */
async function stablePort(): Promise<number> {
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0] ?? 32768);
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (low - 10_000));
    const free = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, HOST, () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** The one line worth showing from a server that exited: its last log line's message, or the last line. */
function lastWords(output: string): string {
  const last = output.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
  try {
    const j = JSON.parse(last) as { msg?: string; err?: { message?: string } };
    return [j.msg, j.err?.message].filter(Boolean).join(': ') || last;
  } catch {
    return last;
  }
}

export async function startChaosFirebridge(redis: RedisTopology, overrides: ConfigOverrides, dir: string): Promise<ChaosFirebridge> {
  const authPort = await stablePort();
  const acctPort = await stablePort();
  const config = join(dir, 'firebridge.yaml');
  const base: ConfigOverrides = {
    listen: { host: HOST, auth: authPort, acct: acctPort },
    clients: [{ name: 'chaos', address: HOST, secret: SECRET }],
    redis: { ...redisSection(redis), keyPrefix: KEY_PREFIX },
    rules: { dir: join(ROOT, 'routing-rules'), watch: false },
    metrics: { enabled: false },
    api: { enabled: false },
    log: { level: 'warn', format: 'json' },
  };
  writeFileSync(config, JSON.stringify(mergeConfig(base, overrides)));
  let proc: Tracked | undefined;
  const launch = async (): Promise<void> => {
    if (proc && !proc.exited()) await proc.exit();
    const p = spawnTracked(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'serve', '--config', config]);
    proc = p;
    const state = await waitFor('firebridge answering Status-Server', 20_000, async () => {
      if (p.exited()) return 'exited';
      return (await answersStatus(authPort)) ? 'ready' : undefined;
    });
    if (state === 'exited') {
      throw new RefusedToStart(lastWords(p.output()) || `exited with ${p.child.exitCode}`);
    }
  };
  await launch();
  return {
    authPort,
    acctPort,
    signal: (sig) => signal(proc!, sig),
    restart: launch,
    stop: () => terminate(proc!),
  };
}

// Once per test run: checks the external tools of tools.ts (installing what is missing when it can)
// and provides which are available; then starts, for the whole run, one private redis-server, one
// Sentinel set (1 master, 2 replicas, 3 sentinels) and one Cluster (3 masters, 3 replicas), on free
// ports and temporary directories, so tests never touch the machine's shared 6379 data. They start
// side by side (a few seconds) and are all stopped at the end, also when one of them failed to start.
// It also finds PostgreSQL for the call-record sink's suites (postgres.ts).
import type { TestProject } from 'vitest/node';
import { prepareTools } from './prepare-tools.js';
import { startRedisCluster, startRedisServer, startSentinelSet, type SentinelAddress } from './redis-server.js';
import { preparePostgres } from './postgres.js';
import { isCi } from './tools.js';

const running: Array<{ stop(): Promise<void> }> = [];

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((r) => r.stop()));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tools = await prepareTools(process.env, process.getuid?.() === 0, say);
  if (tools.failures.length) {
    // Exit here rather than throw: vitest would wrap the lines in an "Unhandled Error" box under a
    // misleading "No test files found". Nothing has started yet that needs stopping.
    for (const line of tools.failures) say(line);
    process.exit(1);
  }
  project.provide('availableTools', tools.available);
  const postgres = await preparePostgres(process.env, process.getuid?.() === 0, say);
  project.provide('postgres', postgres);
  const [server, sentinel, cluster] = await Promise.allSettled([startRedisServer(), startSentinelSet(), startRedisCluster()]);
  for (const s of [server, sentinel, cluster]) if (s.status === 'fulfilled') running.push(s.value);
  if (server.status === 'rejected' || sentinel.status === 'rejected' || cluster.status === 'rejected') {
    await stopAll();
    throw [server, sentinel, cluster].find((s): s is PromiseRejectedResult => s.status === 'rejected')!.reason;
  }
  project.provide('redisUrl', server.value.url);
  project.provide('redisPort', server.value.port);
  project.provide('redisSentinel', { name: sentinel.value.name, nodes: [...sentinel.value.nodes] });
  project.provide('redisCluster', { nodes: [...cluster.value.nodes] });
  return async () => {
    await stopAll();
    // After the summary, where "N skipped" is read: one line per missing tool says why and what to run.
    for (const line of tools.skips) say(line);
    if ('problem' in postgres && !isCi(process.env)) say(`!!! SKIPPED the PostgreSQL sink suites: ${postgres.problem}`);
  };
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    redisPort: number;
    redisSentinel: SentinelAddress;
    redisCluster: { nodes: string[] };
  }
}

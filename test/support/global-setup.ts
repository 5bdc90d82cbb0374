// Once per test run: checks the external tools of tools.ts (installing what is missing when it can)
// and provides which are available; then starts one private redis-server for the whole run, on a
// free port and a temporary directory, so tests never touch the machine's shared 6379 data. It also
// finds PostgreSQL for the call-record sink's suites (postgres.ts).
import type { TestProject } from 'vitest/node';
import { prepareTools } from './prepare-tools.js';
import { startRedisServer, type RedisServerHandle } from './redis-server.js';
import { preparePostgres } from './postgres.js';
import { isCi } from './tools.js';

let server: RedisServerHandle | undefined;

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
  server = await startRedisServer();
  project.provide('redisUrl', server.url);
  project.provide('redisPort', server.port);
  return async () => {
    await server?.stop();
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
  }
}

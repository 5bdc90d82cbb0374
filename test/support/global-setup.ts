// Starts one private redis-server for the whole test run, on a free port and a temporary
// directory, so tests never touch the machine's shared 6379 data (DEVELOPERS.md).
import type { TestProject } from 'vitest/node';
import { startRedisServer, type RedisServerHandle } from './redis-server.js';

let server: RedisServerHandle | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await startRedisServer();
  project.provide('redisUrl', server.url);
  project.provide('redisPort', server.port);
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    redisPort: number;
  }
}

// Starts a complete firebridge in-process on ephemeral ports, against the private test Redis, with a
// unique key prefix per server so test files running in parallel never see each other's state.
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startFirebridge, type RunningFirebridge } from '../../src/app/firebridge.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import type { Store } from '../../src/store/index.js';
import { redisTopology, uniquePrefix, type RedisKind } from './stores.js';

export const TEST_SECRET = 'a-test-secret-of-24-chars';

export interface TestServer {
  readonly running: RunningFirebridge;
  readonly config: Config;
  readonly store: Store;
  readonly authPort: number;
  readonly acctPort: number;
  readonly logs: Array<Record<string, unknown>>;
  readonly rulesDir: string;
  /** Moves firebridge's clock forward (nonce ages, registration expiry checks, rule times). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

/** A rules directory holding the given files (name → YAML text); by default a copy of routing-rules/. */
export function rulesDirWith(files?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-rules-'));
  if (!files) cpSync(fileURLToPath(new URL('../../routing-rules', import.meta.url)), dir, { recursive: true });
  else for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The `redis` section for a test server on one of the test topologies, with a prefix of its own. */
export function testRedis(kind: RedisKind = 'redis'): Record<string, unknown> {
  return { ...redisTopology(kind), keyPrefix: uniquePrefix() };
}

export async function startTestServer(overrides: Record<string, unknown> = {}, rules?: Record<string, string>): Promise<TestServer> {
  const rulesDir = (overrides.rulesDir as string | undefined) ?? rulesDirWith(rules);
  const { rulesDir: _ignored, ...rest } = overrides;
  const raw = {
    listen: { host: '::', auth: 0, acct: 0 },
    clients: [
      { name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET },
      { name: 'fb6', address: '::1', secret: TEST_SECRET },
    ],
    redis: testRedis(),
    rules: { dir: rulesDir, watch: false },
    metrics: { enabled: true, host: '127.0.0.1', port: 0 },
    log: { level: 'info', format: 'json' },
    ...rest,
  };
  const config = configSchema.parse(raw);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level: config.log.level }, sink);
  let offset = 0;
  const now = (): number => Date.now() + offset;
  const running = await startFirebridge({ config, logger, pipelineOptions: { now } });
  return {
    running,
    config,
    store: running.pipeline!.store,
    authPort: running.ports.auth,
    acctPort: running.ports.acct,
    logs,
    rulesDir,
    advance: (ms) => (offset += ms),
    stop: () => running.stop(),
  };
}

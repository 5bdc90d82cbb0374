// `firebridge cdr-sink` as an operator runs it (dist/, built by `npm test`'s pretest): killed with
// kill -9 after its COMMIT and before its XACK, then restarted — no record lost, none twice — and
// `--status` in both output forms.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresRecords } from '../../src/accounting/sink/index.js';
import { redisStore, type LegEvent, type Store } from '../../src/store/index.js';
import { jsonLines, runCli, startCli, stderrBesideContext } from '../support/cli.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { uniquePrefix } from '../support/stores.js';

function stop(sessionId: string): LegEvent {
  return { status: 'stop', sessionId, firebrick: 'fb1', radiusSource: '127.0.0.1', sessionTime: 30, receivedAt: Date.now() };
}

/** Polls until `check` holds; bounded, so a state never reached fails the test instead of hanging it. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWithPostgres('firebridge cdr-sink', (adminUrl) => {
  // A private Redis: the test pauses its writes (CLIENT PAUSE), which must not stall other suites.
  let redisServer: RedisServerHandle;
  let redis: Redis;
  let store: Store;
  let db: TestDatabase;
  let config: string;
  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    const prefix = uniquePrefix();
    store = redisStore(new Redis(redisServer.url), prefix);
    db = await createTestDatabase(adminUrl);
    const dir = mkdtempSync(join(tmpdir(), 'firebridge-sink-'));
    config = join(dir, 'firebridge.yaml');
    writeFileSync(config, stringify({ redis: { url: redisServer.url, keyPrefix: prefix }, log: { format: 'json' } }));
  });
  afterAll(async () => {
    await store?.close();
    redis?.disconnect();
    await db?.drop();
    await redisServer?.stop();
  });

  const pendingOf = async (): Promise<number> => {
    const [count] = (await redis.xpending(store.calls.recordStreams()[0]!, 'postgres-sink')) as [number];
    return count;
  };
  const rows = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM call_records'))[0]!.n;

  it('killed with -9 between COMMIT and XACK, and restarted, stores every record exactly once', async () => {
    for (const id of ['a', 'b', 'c']) await store.calls.record(stop(id));
    const schema = new PostgresRecords(db.url);
    await schema.migrate();
    await schema.close();

    // Hold the sink's INSERT until the test has paused Redis writes, so its XACK cannot happen.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE call_records IN EXCLUSIVE MODE');
    const sink = startCli(['cdr-sink', '-c', config, '--postgres', db.url, '--consumer', 'k9']);
    try {
      await until('the sink waits on the lock with its INSERT', async () => {
        const waiting = await db.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'firebridge cdr-sink' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO call_records%'",
        );
        return waiting.length === 1;
      });
      await redis.call('CLIENT', 'PAUSE', '30000', 'WRITE');
      await locker.query('COMMIT');
      await until('the batch is committed', async () => (await rows()) === 3);
      sink.child.kill('SIGKILL');
      await sink.stop();
    } finally {
      await redis.call('CLIENT', 'UNPAUSE');
      await locker.end();
    }
    // Committed, never acknowledged.
    expect(await pendingOf()).toBe(3);

    const again = startCli(['cdr-sink', '-c', config, '--postgres', db.url, '--consumer', 'k9']);
    try {
      await until('the restarted sink has acknowledged its pending records', async () => (await pendingOf()) === 0);
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(await db.query('SELECT session_id FROM call_records ORDER BY 1')).toEqual([{ session_id: 'a' }, { session_id: 'b' }, { session_id: 'c' }]);
  });

  it('--status prints, per stream, pending, lag, the oldest unacknowledged and the last insert', async () => {
    await store.calls.record(stop('d'));
    const json = await runCli(['cdr-sink', '--status', '--json', '-c', config, '--postgres', db.url]);
    expect(json.code).toBe(0);
    const [line, ...more] = jsonLines(json.stdout);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ stream: store.calls.recordStreams()[0], group: 'postgres-sink', groupExists: true, pending: 0, lag: 1 });
    expect(line!.oldestUnackedSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(String(line!.lastInsert))).toBeGreaterThan(Date.now() - 120_000);

    const text = await runCli(['cdr-sink', '--status', '-c', config]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/stream.*group.*pending.*lag.*oldest_unacked.*last_insert/);
    expect(text.stdout).toMatch(/postgres-sink.*│ 0 +│ 1 +│/);
    expect(text.stdout).toMatch(/1 row\n$/);
  });

  it('refuses a PostgreSQL URL that is not one, in one line', async () => {
    const bad = await runCli(['cdr-sink', '-c', config, '--postgres', 'mysql://x@y/z']);
    expect(bad.code).toBe(1);
    expect(stderrBesideContext(bad.stderr)).toBe('firebridge: --postgres: "mysql://x@y/z" is not a postgres:// or postgresql:// URL\n');
    const none = await runCli(['cdr-sink', '-c', config]);
    expect(none.code).toBe(1);
    expect(stderrBesideContext(none.stderr)).toBe('firebridge: no PostgreSQL to write to: give --postgres URL or set accounting.sink.postgres\n');
  });
});

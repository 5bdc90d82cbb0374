// `firebridge cdr-sink` as an operator runs it (dist/, built by `npm test`'s pretest), over the
// configuration's 16 accounting shards: killed with kill -9 after its COMMIT and before its XACK,
// then restarted — no record lost, none twice — and `--status`, one line per stream, in both output
// forms.
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
import { callRecordStreams, uniquePrefix } from '../support/stores.js';
import { untilTrue } from '../support/wait.js';

function stop(sessionId: string): LegEvent {
  return { status: 'stop', sessionId, firebrick: 'fb1', radiusSource: '127.0.0.1', sessionTime: 30, receivedAt: Date.now() };
}

/** Polls until `check` holds (test/support/wait.ts), every 25 ms. */
const until = (what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => untilTrue(what, check, timeoutMs, 25);

describeWithPostgres('firebridge cdr-sink', (adminUrl) => {
  // A private Redis: the test pauses its writes (CLIENT PAUSE), which must not stall other suites.
  let redisServer: RedisServerHandle;
  let redis: Redis;
  let store: Store;
  let db: TestDatabase;
  let config: string;
  let streams: string[];
  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    const prefix = uniquePrefix();
    // The configuration's default number of shards, and the store's: one stream each.
    streams = callRecordStreams(prefix, 16);
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

  /** The sink's group over every stream: delivered and not acknowledged, and not yet delivered. */
  const unacked = async (): Promise<{ pending: number; lag: number }> => {
    const groups = (await store.calls.consumerGroups()).filter((g) => g.group === 'postgres-sink');
    expect(groups.map((g) => g.stream)).toEqual(streams);
    return { pending: groups.reduce((n, g) => n + g.pending, 0), lag: groups.reduce((n, g) => n + (g.lag ?? 0), 0) };
  };
  /** The stream holding a session's record. */
  const streamOf = async (sessionId: string): Promise<string> => {
    for (const stream of streams) {
      const entries = await redis.xrange(stream, '-', '+');
      if (entries.some(([, flat]) => flat[flat.indexOf('session_id') + 1] === sessionId)) return stream;
    }
    throw new Error(`no record of ${sessionId}`);
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
      // A batch is one stream's records in one transaction: its rows appear at once, and its XACK
      // then waits on the paused Redis, so the sink reads no other stream before the kill.
      await until('the batch is committed', async () => (await rows()) > 0);
      sink.child.kill('SIGKILL');
      await sink.stop();
    } finally {
      await redis.call('CLIENT', 'UNPAUSE');
      await locker.end();
    }
    // Committed, never acknowledged; the other streams' records not yet read.
    const committed = await rows();
    expect(await unacked()).toEqual({ pending: committed, lag: 3 - committed });

    const again = startCli(['cdr-sink', '-c', config, '--postgres', db.url, '--consumer', 'k9']);
    try {
      await until('the restarted sink has acknowledged every record', async () => {
        const { pending, lag } = await unacked();
        return pending === 0 && lag === 0;
      });
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(await db.query('SELECT session_id FROM call_records ORDER BY 1')).toEqual([{ session_id: 'a' }, { session_id: 'b' }, { session_id: 'c' }]);
  });

  it('--status prints, per stream, pending, lag, the oldest unacknowledged and the last insert', async () => {
    await store.calls.record(stop('d'));
    const unread = await streamOf('d');
    const inserted = new Set(await Promise.all(['a', 'b', 'c'].map(streamOf)));
    const json = await runCli(['cdr-sink', '--status', '--json', '-c', config, '--postgres', db.url]);
    expect(json.code).toBe(0);
    const lines = jsonLines(json.stdout);
    expect(lines.map((l) => l.stream)).toEqual(streams);
    for (const line of lines) {
      expect(line).toMatchObject({ group: 'postgres-sink', groupExists: true, pending: 0, lag: line.stream === unread ? 1 : 0 });
      expect(line.oldestUnackedSeconds).toBeGreaterThanOrEqual(0);
      if (inserted.has(String(line.stream))) expect(Date.parse(String(line.lastInsert))).toBeGreaterThan(Date.now() - 120_000);
      else expect(line.lastInsert).toBeNull();
    }

    const text = await runCli(['cdr-sink', '--status', '-c', config]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/stream.*group.*pending.*lag.*oldest_unacked.*last_insert/);
    const rowsOut = text.stdout.split('\n').filter((l) => l.includes('postgres-sink'));
    expect(rowsOut).toHaveLength(16);
    for (const [i, row] of rowsOut.entries()) {
      expect(row).toContain(streams[i]);
      expect(row).toMatch(streams[i] === unread ? /postgres-sink.*│ 0 +│ 1 +│/ : /postgres-sink.*│ 0 +│ 0 +│/);
    }
    expect(text.stdout).toMatch(/16 rows\n$/);
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

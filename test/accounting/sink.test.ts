// Issue 15 item 4: the PostgreSQL sink, in-process, against the test Redis and a database of its own
// on the machine's PostgreSQL (and a private PostgreSQL for the restart).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { CdrSink, MIGRATIONS, PostgresRecords, sinkStatus, toCallRecordRow } from '../../src/accounting/sink/index.js';
import type { LegEvent } from '../../src/store/index.js';
import { callRecordStreams, makeStore, TEST_CALL_POLICY, type StoreUnderTest } from '../support/stores.js';
import { createTestDatabase, describeWithPostgres, startPrivatePostgres, type TestDatabase } from '../support/postgres.js';

const silent = pino({ level: 'silent' });

function stop(sessionId: string, over: Partial<LegEvent> = {}): LegEvent {
  return {
    status: 'stop',
    sessionId,
    callId: `call-${sessionId}`,
    firebrick: 'fb1',
    radiusSource: '127.0.0.1',
    called: '01632960123',
    calling: '201',
    startedAt: 1_700_000_000,
    sessionTime: 42,
    terminateCause: 1,
    receivedAt: Date.now(),
    ...over,
  };
}

describe('call record → row', () => {
  it('types every documented field', () => {
    const r = toCallRecordRow('s', {
      id: '1700000100000-0',
      fields: {
        session_id: 'a', firebrick: 'fb1', call_id: 'c', answered: '1', ringing_seconds: '7', connected_seconds: '42',
        started_at: '1700000000', ended_at: '1700000100', identities: 'example.com:alice,cui:X', terminate_cause: 'accounting-on', peer: '192.0.2.1:5060',
        max_duration: '3600', cut: 'max-duration',
      },
    });
    expect(r).toMatchObject({
      ok: true,
      row: {
        session_id: 'a', firebrick: 'fb1', call_id: 'c', answered: true, ringing_seconds: 7, connected_seconds: 42,
        started_at: new Date(1_700_000_000_000), ended_at: new Date(1_700_000_100_000), identities: ['example.com:alice', 'cui:X'],
        terminate_cause: 'accounting-on', peer: '192.0.2.1:5060', called: null, stream: 's', stream_id: '1700000100000-0',
        max_duration_seconds: 3600, cut: 'max-duration',
      },
    });
  });

  it('refuses what has no table key, and an entry deleted while pending', () => {
    expect(toCallRecordRow('s', { id: '1-0', fields: { firebrick: 'fb1' } })).toMatchObject({ ok: false });
    expect(toCallRecordRow('s', { id: '1-0', fields: undefined })).toMatchObject({ ok: false });
  });
});

describeWithPostgres('PostgreSQL sink', (adminUrl) => {
  let db: TestDatabase;
  let s: StoreUnderTest;
  let postgres: PostgresRecords;
  let sink: CdrSink | undefined;
  beforeEach(async () => {
    db = await createTestDatabase(adminUrl);
    s = await makeStore('redis');
    postgres = new PostgresRecords(db.url);
  });
  afterEach(async () => {
    await sink?.stop();
    sink = undefined;
    await postgres.close();
    await s.close();
    await db.drop();
  });

  /** Starts the sink; `acked()` resolves once this many records in all have been committed and acknowledged. */
  function startSink(
    options: { postgres?: PostgresRecords; consumer?: string; claimIdleMs?: number; onFailure?: (err: unknown) => void } = {},
  ): { acked(n: number): Promise<void> } {
    let total = 0;
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    sink = new CdrSink({
      calls: s.store.calls,
      postgres: options.postgres ?? postgres,
      group: 'postgres-sink',
      consumer: options.consumer ?? 'test',
      batchSize: 100,
      claimIdleMs: options.claimIdleMs ?? 60_000,
      logger: silent,
      pollMs: 20,
      backoffMs: [20, 200],
      onBatch: (b) => {
        total += b.records;
        for (const w of waiters.filter((x) => total >= x.n)) w.resolve();
      },
      ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    });
    void sink.start();
    return { acked: (n) => (total >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))) };
  }

  /** Records the sink's group has not acknowledged, over every shard's stream; -1 while a stream lacks the group. */
  async function unacked(): Promise<number> {
    const groups = (await s.store.calls.consumerGroups()).filter((x) => x.group === 'postgres-sink');
    if (groups.length !== s.store.calls.recordStreams().length) return -1;
    return groups.reduce((n, g) => n + g.pending + (g.lag ?? 0), 0);
  }

  /** Every call record in Redis, as the rows' stream, stream_id and session_id. */
  async function recordsInRedis(): Promise<Array<{ stream: string; stream_id: string; session_id: string }>> {
    const out: Array<{ stream: string; stream_id: string; session_id: string }> = [];
    for (const stream of callRecordStreams(s.prefix, TEST_CALL_POLICY.shards)) {
      for (const [id, flat] of await s.redis!.xrange(stream, '-', '+')) out.push({ stream, stream_id: id, session_id: flat[flat.indexOf('session_id') + 1]! });
    }
    return out;
  }

  it('applies its migrations once, also when two sinks start at the same time', async () => {
    const other = new PostgresRecords(db.url);
    try {
      const applied = await Promise.all([postgres.migrate(), other.migrate()]);
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await postgres.migrate()).toEqual([]);
      expect(await db.query('SELECT version, name FROM schema_migrations')).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    } finally {
      await other.close();
    }
  });

  it('inserts each record once with typed columns, also when it is delivered twice', async () => {
    await s.store.calls.noteCaller('call-a', ['example.com:alice'], 60_000);
    for (const id of ['a', 'b', 'c']) await s.store.calls.record(stop(id));
    const inRedis = await recordsInRedis();
    const streamOf = (session: string): string => inRedis.find((r) => r.session_id === session)!.stream;
    const { acked } = startSink();
    await acked(3);
    const rows = await db.query('SELECT * FROM call_records ORDER BY session_id');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      firebrick: 'fb1', session_id: 'a', call_id: 'call-a', called: '01632960123', calling: '201', answered: true,
      connected_seconds: '42', terminate_cause: '1', identities: ['example.com:alice'], started_at: new Date(1_700_000_000_000),
      stream: streamOf('a'),
    });
    expect(rows[0]!.ended_at).toBeInstanceOf(Date);

    // The group delivers everything again, on every stream (as after a lost XACK): nothing is inserted twice.
    const streams = s.store.calls.recordStreams();
    for (const stream of streams) await s.redis!.xgroup('SETID', stream, 'postgres-sink', '0');
    // And the same leg twice in one batch.
    await s.redis!.xadd(streamOf('c'), '*', 'session_id', 'c', 'firebrick', 'fb1', 'answered', '0');
    await s.redis!.xadd(streamOf('c'), '*', 'session_id', 'c', 'firebrick', 'fb1', 'answered', '0');
    await acked(8);
    expect(await db.query('SELECT count(*)::int AS n FROM call_records')).toEqual([{ n: 3 }]);
    expect(await unacked()).toBe(0);

    const status = await sinkStatus(s.store.calls, 'postgres-sink', postgres);
    expect(status.map((r) => r.stream)).toEqual(streams);
    for (const r of status) expect(r).toMatchObject({ group: 'postgres-sink', groupExists: true, pending: 0, lag: 0, oldestUnackedSeconds: 0 });
    // A last insert only for the streams the rows came from.
    const inserted = status.filter((r) => r.lastInsert !== null);
    expect(inserted.map((r) => r.stream).sort()).toEqual([...new Set(inRedis.map((r) => r.stream))].sort());
    for (const r of inserted) expect(Date.parse(r.lastInsert!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('inserts the records of every shard\'s stream, each exactly once', async () => {
    for (let i = 0; i < 60; i++) await s.store.calls.record(stop(`leg-${i}`));
    const inRedis = await recordsInRedis();
    expect(inRedis).toHaveLength(60);
    // Sixty legs land on all four shards.
    expect(new Set(inRedis.map((r) => r.stream)).size).toBe(TEST_CALL_POLICY.shards);
    const { acked } = startSink();
    await acked(60);
    const rows = await db.query('SELECT stream, stream_id, session_id FROM call_records');
    const key = (r: Record<string, unknown>): string => `${String(r.stream)} ${String(r.stream_id)} ${String(r.session_id)}`;
    expect(rows.map(key).sort()).toEqual(inRedis.map(key).sort());
    expect(await unacked()).toBe(0);
  });

  it('takes over records a dead consumer left unacknowledged, on every stream', async () => {
    await s.store.calls.createConsumerGroups(['postgres-sink']);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await s.store.calls.record(stop(id));
    // Another consumer read them and died before its XACK.
    const read = [];
    for (const stream of s.store.calls.recordStreams()) read.push((await s.store.calls.readGroup(stream, 'postgres-sink', 'dead', 'new', 10)).length);
    expect(read.reduce((a, b) => a + b, 0)).toBe(6);
    expect(read.filter((n) => n > 0).length).toBeGreaterThan(1);
    const { acked } = startSink({ consumer: 'alive', claimIdleMs: 1 });
    await acked(6);
    expect((await db.query('SELECT session_id FROM call_records ORDER BY 1')).map((r) => r.session_id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(await unacked()).toBe(0);
  });

  it('survives a PostgreSQL restart: nothing is acknowledged that was not committed', async () => {
    const server = await startPrivatePostgres();
    if (!server) throw new Error('initdb is not installed (apt-get install -y postgresql)');
    const privateDb = await createTestDatabase(server.adminUrl);
    const records = new PostgresRecords(privateDb.url);
    try {
      let failures = 0;
      let failed: () => void = () => {};
      const { acked } = startSink({ postgres: records, onFailure: () => (failures++, failed()) });
      await s.store.calls.record(stop('before'));
      await acked(1);

      await server.stop();
      const sawFailure = new Promise<void>((resolve) => (failed = resolve));
      for (const id of ['during-1', 'during-2']) await s.store.calls.record(stop(id));
      await sawFailure;
      // The two records are read, not stored, so still not acknowledged.
      expect(await unacked()).toBe(2);

      await server.start();
      await acked(3);
      expect(failures).toBeGreaterThan(0);
      expect((await privateDb.query('SELECT session_id FROM call_records ORDER BY 1')).map((r) => r.session_id)).toEqual(['before', 'during-1', 'during-2']);
      expect(await unacked()).toBe(0);
    } finally {
      await sink?.stop();
      sink = undefined;
      await records.close();
      await privateDb.drop();
      await server.destroy();
    }
  });
});

// Issue 15 item 4 inside `serve`: with accounting.sink.postgres the server runs the sink, its group
// on every shard's call-record stream, and a call accounted over RADIUS ends up as one row of
// call_records.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { callRecordStreams } from '../support/stores.js';

function acct(status: number, extra: OutgoingAttribute[] = []): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, status],
    [Attr.AcctSessionId, 'leg-pg'],
    [Attr.AcctMultiSessionId, 'leg-pg@call'],
    [Attr.CalledStationId, '01632960123'],
    [Attr.CallingStationId, '201'],
    [Attr.NasIdentifier, 'fb2500.example'],
    [Attr.NasIpAddress, '203.0.113.5'],
    [Attr.NasPort, 5060],
    [Attr.EventTimestamp, 1_763_800_000],
    ...extra,
  ];
}

describeWithPostgres('serve with accounting.sink.postgres', (adminUrl) => {
  let db: TestDatabase;
  let server: TestServer;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    db = await createTestDatabase(adminUrl);
    server = await startTestServer({ accounting: { sink: { postgres: db.url } } });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
    await db?.drop();
  });

  it('stores an accounted call in call_records, and its group holds every stream', async () => {
    // The configuration's 16 shards: the sink's group on each shard's stream.
    const groups = await server.store.calls.consumerGroups();
    const streams = callRecordStreams(server.config.redis.keyPrefix, 16);
    expect(groups.map((g) => [g.stream, g.group])).toEqual(streams.map((s) => [s, 'postgres-sink']));
    expect((await fb.send(Code.AccountingRequest, acct(1)))?.code).toBe(Code.AccountingResponse);
    expect((await fb.send(Code.AccountingRequest, acct(2, [[Attr.AcctSessionTime, 95], [Attr.AcctTerminateCause, 1]])))?.code).toBe(Code.AccountingResponse);
    const deadline = Date.now() + 15_000;
    let rows: Array<Record<string, unknown>> = [];
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await db.query('SELECT * FROM call_records').catch(() => []);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      firebrick: 'fb4', session_id: 'leg-pg', call_id: 'leg-pg@call', nas_identifier: 'fb2500.example', peer: '203.0.113.5:5060',
      answered: true, connected_seconds: '95', terminate_cause: '1', started_at: new Date(1_763_800_000_000),
    });
    expect(server.logs.some((l) => l.msg === 'cdr-sink running in the server')).toBe(true);
  });
});

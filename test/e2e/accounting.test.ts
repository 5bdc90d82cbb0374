// Issue 6 end to end: accounting through real UDP into real Redis; store outages; call limits; Disconnect.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { startTestServer, testRedis, type TestServer } from '../support/server.js';
import { REDIS_KINDS } from '../support/stores.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

function acct(status: number, session: string, extra: OutgoingAttribute[] = []): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, status],
    [Attr.AcctSessionId, session],
    [Attr.AcctMultiSessionId, `${session}@call`],
    [Attr.UserName, 'sip:201@fb.example'],
    [Attr.CallbackId, 'sip:01632960123@carrier.example'],
    [Attr.CalledStationId, '01632960123'],
    [Attr.CallingStationId, '201'],
    [Attr.NasIdentifier, 'fb2500.example'],
    [Attr.NasIpAddress, '203.0.113.5'],
    [Attr.NasPort, 5060],
    [Attr.EventTimestamp, 1_763_800_000],
    ...extra,
  ];
}

describe.each(REDIS_KINDS)('accounting (issue 6) on %s', (kind) => {
  let server: TestServer;
  let fb: FirebrickStandIn;
  let cfg: string;

  beforeAll(async () => {
    server = await startTestServer({ redis: testRedis(kind) });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    cfg = configFileFor(server.config);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('turns Start, Interim and Stop into one call record; retransmissions with new Identifiers add nothing', async () => {
    for (const [status, extra] of [
      [1, []],
      [1, [[Attr.AcctDelayTime, 2]]],
      [3, [[Attr.AcctSessionTime, 6]]],
      [3, [[Attr.AcctSessionTime, 6], [Attr.AcctDelayTime, 1]]],
      [2, [[Attr.AcctSessionTime, 95], [Attr.AcctTerminateCause, 1]]],
      [2, [[Attr.AcctSessionTime, 95], [Attr.AcctTerminateCause, 1], [Attr.AcctDelayTime, 3]]],
    ] as Array<[number, OutgoingAttribute[]]>) {
      const reply = await fb.send(Code.AccountingRequest, acct(status, 'leg-a', extra));
      expect(reply?.code).toBe(Code.AccountingResponse);
    }
    const cdr = await runCli(['cdr', '--config', cfg, '--json']);
    const records = cdr.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(records.filter((r) => r.session_id === 'leg-a')).toHaveLength(1);
    expect(records.find((r) => r.session_id === 'leg-a')).toMatchObject({
      call_id: 'leg-a@call',
      firebrick: 'fb4',
      nas_identifier: 'fb2500.example',
      called: '01632960123',
      calling: '201',
      answered: '1',
      ringing_seconds: '6',
      connected_seconds: '95',
      terminate_cause: '1',
      peer: '203.0.113.5:5060',
    });
  });

  it('records a leg with connected time as answered when no Interim came (Start then Stop, or a Stop alone)', async () => {
    const send = async (status: number, session: string, extra: OutgoingAttribute[] = []): Promise<void> => {
      expect((await fb.send(Code.AccountingRequest, acct(status, session, extra)))?.code).toBe(Code.AccountingResponse);
    };
    await send(1, 'leg-no-interim');
    const active = (await runCli(['calls', '--config', cfg, '--json'])).stdout.split('\n').filter((l) => l.includes('"leg-no-interim"'));
    expect(active.map((l) => (JSON.parse(l) as { answered: boolean }).answered)).toEqual([false]);
    await send(2, 'leg-no-interim', [[Attr.AcctSessionTime, 30], [Attr.AcctTerminateCause, 1]]);
    await send(2, 'leg-stop-only', [[Attr.AcctSessionTime, 30], [Attr.AcctTerminateCause, 1]]);
    await send(1, 'leg-never-connected');
    await send(2, 'leg-never-connected', [[Attr.AcctSessionTime, 0], [Attr.AcctTerminateCause, 1]]);
    const cdr = await runCli(['cdr', '--config', cfg, '--json']);
    const records = cdr.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const bySession = (id: string): Record<string, string> | undefined => records.find((r) => r.session_id === id);
    expect(bySession('leg-no-interim')).toMatchObject({ answered: '1', connected_seconds: '30' });
    expect(bySession('leg-stop-only')).toMatchObject({ answered: '1', connected_seconds: '30' });
    expect(bySession('leg-never-connected')).toMatchObject({ answered: '0', connected_seconds: '0' });
    for (const id of ['leg-no-interim', 'leg-stop-only', 'leg-never-connected']) expect(bySession(id)).not.toHaveProperty('ringing_seconds');
  });

  it('lists active legs with firebridge calls', async () => {
    await fb.send(Code.AccountingRequest, acct(1, 'leg-b'));
    const calls = await runCli(['calls', '--config', cfg, '--json']);
    expect(calls.stdout).toContain('"sessionId":"leg-b"');
    await fb.send(Code.AccountingRequest, acct(2, 'leg-b', [[Attr.AcctSessionTime, 0]]));
    expect((await runCli(['calls', '--config', cfg, '--json'])).stdout).not.toContain('leg-b');
  });

  it('enforces a concurrent-call limit from active legs', async () => {
    await server.store.subscribers.put({ username: 'carol', realm: REALM, ha1: { MD5: md5(`carol:${REALM}:carol-pw`) }, number: '203', enabled: true, maxCalls: 1 });
    const call = (callId: string): OutgoingAttribute[] =>
      subscriberInvite({ username: 'carol', realm: REALM, to: '01632960123', host: 'fb.example', callId, nonce: `n-${callId}` });
    const first = await fb.send(Code.AccessRequest, call('carol-1@phone'));
    expect(first?.code).toBe(Code.AccessAccept);
    // The A-leg of that call starts.
    await fb.send(Code.AccountingRequest, acct(1, 'carol-leg-1').map(([t, v]) => (t === Attr.AcctMultiSessionId ? ([t, 'carol-1@phone'] as const) : ([t, v] as const))));
    const second = await fb.send(Code.AccessRequest, call('carol-2@phone'));
    expect(second?.code).toBe(Code.AccessReject);
    expect(second!.attrs.text(Attr.ReplyMessage)).toBe('Too many calls in progress on this account');
    await fb.send(Code.AccountingRequest, acct(2, 'carol-leg-1').map(([t, v]) => (t === Attr.AcctMultiSessionId ? ([t, 'carol-1@phone'] as const) : ([t, v] as const))));
    expect((await fb.send(Code.AccessRequest, call('carol-3@phone')))?.code).toBe(Code.AccessAccept);
  });

  it('sends Disconnect-Request for a leg and reports the ACK and the Stop', async () => {
    const peer = await fb.listenForDisconnect('ack-and-stop');
    await fb.send(Code.AccountingRequest, acct(1, 'leg-hangup'));
    const cfgWithPort = configFileFor({ ...server.config, clients: server.config.clients.map((c) => ({ ...c, disconnectPort: peer.port })) });
    const r = await runCli(['hangup', 'leg-hangup', '--config', cfgWithPort]);
    peer.close();
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toContain('leg-hangup: disconnected by fb4 (Disconnect-ACK, Stop recorded)');
    expect(peer.received.map((d) => [d.sessionId, d.nasIdentifier])).toEqual([['leg-hangup', 'fb2500.example']]);
  });
});

describe('accounting while Redis is down', () => {
  let redis: RedisServerHandle;
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startTestServer({ redis: { url: redis.url, keyPrefix: 'outage:', commandTimeoutMs: 200 } });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
    await redis?.stop();
  });

  it('sends no Accounting-Response until the record is stored, and loses nothing', async () => {
    expect((await fb.send(Code.AccountingRequest, acct(1, 'leg-x')))?.code).toBe(Code.AccountingResponse);
    await redis.kill();
    // Build one Stop packet and retransmit it, as the FireBrick does.
    const stop = acct(2, 'leg-x', [[Attr.AcctSessionTime, 30]]);
    expect(await fb.send(Code.AccountingRequest, stop, 800)).toBeUndefined();
    expect(server.logs.some((l) => l.outcome === 'acct:store-unavailable')).toBe(true);
    await redis.restart();
    let reply;
    for (let i = 0; i < 20 && !reply; i++) reply = await fb.send(Code.AccountingRequest, stop, 500);
    expect(reply?.code).toBe(Code.AccountingResponse);
    const records = await server.store.calls.records(0, 10);
    expect(records.map((r) => r.fields.session_id)).toContain('leg-x');
  });
});

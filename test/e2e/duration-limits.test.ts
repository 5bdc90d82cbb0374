// Call duration limits end to end (issue 17 item 2): two firebridge instances on one Redis, a
// FireBrick stand-in that accounts the legs and answers Disconnect-Requests. Time moves by the
// servers' injected clocks and the sweeps are triggered, so no test waits for a limit to pass.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimLeaseMs } from '../../src/app/duration-cuts.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli } from '../support/cli.js';
import { type DisconnectListener, FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, testRedis, TEST_SECRET, type TestServer } from '../support/server.js';
import { untilTrue } from '../support/wait.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const RULES = { 'out.yaml': 'rules:\n  - name: out\n    maxDuration: 120\n    route:\n      - carrier: primary\n' };

describe('call duration limits over two instances sharing Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let fb: FirebrickStandIn;
  let disconnects: DisconnectListener;
  const both = (): TestServer[] => [a, b];

  beforeAll(async () => {
    const overrides = {
      redis: testRedis(), // one key prefix: the two instances share every key
      clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
      // The sweeps are triggered by the tests; the timer's would come only after them.
      limits: { sweepIntervalMs: 60_000, disconnectAttempts: 3, disconnectTimeoutMs: 50, stopWaitSeconds: 5 },
    };
    a = await startTestServer(overrides, RULES);
    b = await startTestServer({ ...overrides, rulesDir: a.rulesDir });
    fb = new FirebrickStandIn('127.0.0.1', a.authPort, a.acctPort);
    disconnects = await fb.listenForDisconnect();
    // Where the stand-in takes Disconnect-Requests, given to both instances as a reload would.
    for (const s of both()) s.running.reload({ ...s.config, clients: s.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port })) });
    await a.store.subscribers.put({ username: 'dave', realm: REALM, ha1: { MD5: md5(`dave:${REALM}:dave-pw`) }, number: '204', enabled: true, maxDuration: 60 });
  });
  afterAll(async () => {
    disconnects?.close();
    fb?.close();
    await b?.stop();
    await a?.stop();
  });
  beforeEach(() => {
    disconnects.answer = 'ack-and-stop';
  });

  const advance = (ms: number): void => both().forEach((s) => s.advance(ms));
  const sweepBoth = async (): Promise<string[]> => (await Promise.all(both().map((s) => s.running.sweepLimits()))).flat();

  /** dave's authorised INVITE, then the Start and the Interim (connected after 5 s ringing) of its leg. */
  async function answeredCall(callId: string, session: string): Promise<void> {
    const invite = subscriberInvite({ username: 'dave', realm: REALM, to: '01632960123', host: 'fb.example', callId, nonce: `n-${callId}` });
    expect((await fb.send(Code.AccessRequest, invite))?.code).toBe(Code.AccessAccept);
    await accounting(1, session, callId);
    await accounting(3, session, callId, [[Attr.AcctSessionTime, 5]]);
  }

  async function accounting(status: number, session: string, callId: string, extra: OutgoingAttribute[] = []): Promise<void> {
    const attributes: OutgoingAttribute[] = [
      [Attr.AcctStatusType, status],
      [Attr.AcctSessionId, session],
      [Attr.AcctMultiSessionId, callId],
      [Attr.CalledStationId, '01632960123'],
      [Attr.CallingStationId, '204'],
      [Attr.NasIdentifier, 'fb2500.example'],
      ...extra,
    ];
    expect((await fb.send(Code.AccountingRequest, attributes))?.code).toBe(Code.AccountingResponse);
  }

  const recordOf = async (session: string): Promise<Record<string, string> | undefined> =>
    (await a.store.calls.records(0, 1000)).find((r) => r.fields.session_id === session)?.fields;

  it('sends exactly one Disconnect-Request for a leg past its limit, and its Stop records the cut', async () => {
    await answeredCall('long@phone', 'long-leg');
    // The subscriber's 60 s is below the rule's 120 s: the smallest wins.
    expect(a.logs.find((l) => l.rule === 'out' && l.maxDuration !== undefined)).toMatchObject({ maxDuration: 60 });
    advance(59_000);
    expect(await sweepBoth()).toEqual([]);
    expect(disconnects.requestsFor('long-leg')).toBe(0);
    advance(2_000);
    expect(await sweepBoth()).toEqual(['stopped']);
    expect(disconnects.requestsFor('long-leg')).toBe(1);
    expect(disconnects.received.find((r) => r.sessionId === 'long-leg')).toMatchObject({ nasIdentifier: 'fb2500.example' });
    expect(disconnects.refused).toBe(0);
    expect(await a.store.calls.leg('long-leg')).toBeUndefined();
    expect(await recordOf('long-leg')).toMatchObject({ cut: 'max-duration', max_duration: '60', terminate_cause: '6', connected_seconds: '60' });
    const cutLines = both().flatMap((s) => s.logs.filter((l) => l.msg === 'duration limit: call cut (Disconnect-ACK, Stop recorded)'));
    expect(cutLines).toHaveLength(1);
    expect(cutLines[0]).toMatchObject({ session: 'long-leg', firebrick: 'fb4', maxDuration: 60, cut: 'max-duration' });
    // Sweeping again finds nothing more to cut.
    advance(60_000);
    expect(await sweepBoth()).toEqual([]);
    expect(disconnects.requestsFor('long-leg')).toBe(1);
  });

  it('sends none for a leg that ends in time', async () => {
    await answeredCall('short@phone', 'short-leg');
    advance(30_000);
    await accounting(2, 'short-leg', 'short@phone', [[Attr.AcctSessionTime, 25], [Attr.AcctTerminateCause, 1]]);
    advance(3_600_000);
    expect(await sweepBoth()).toEqual([]);
    expect(disconnects.requestsFor('short-leg')).toBe(0);
    const record = await recordOf('short-leg');
    expect(record).toMatchObject({ max_duration: '60', terminate_cause: '1' });
    expect(record).not.toHaveProperty('cut');
  });

  it('retries a Disconnect that gets no answer, then logs it as failed; the call goes on uncut', async () => {
    disconnects.answer = 'silent';
    await answeredCall('deaf@phone', 'deaf-leg');
    advance(61_000);
    expect(await sweepBoth()).toEqual(['no-reply']);
    // Three sends of one request: the first and two retransmissions (limits.disconnectAttempts).
    expect(disconnects.received.filter((r) => r.sessionId === 'deaf-leg')).toHaveLength(3);
    expect(disconnects.requestsFor('deaf-leg')).toBe(1);
    const failed = both().flatMap((s) => s.logs.filter((l) => l.msg === 'duration limit: Disconnect failed; the call goes on'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ session: 'deaf-leg', err: expect.stringContaining('after 3 attempts') });
    expect(await a.store.calls.leg('deaf-leg')).toBeDefined();
    await accounting(2, 'deaf-leg', 'deaf@phone', [[Attr.AcctSessionTime, 200]]);
    expect(await recordOf('deaf-leg')).not.toHaveProperty('cut');
  });

  it('logs a Disconnect-ACK whose Stop does not come as unconfirmed, and tries again after the claim\'s lease', async () => {
    disconnects.answer = 'ack';
    await answeredCall('ghost@phone', 'ghost-leg');
    advance(61_000);
    const sweeping = Promise.all(both().map((s) => s.running.sweepLimits()));
    // The Stop wait ends by the servers' clocks: move them past limits.stopWaitSeconds once the ACK is in.
    await untilTrue('the Disconnect-Request', () => disconnects.requestsFor('ghost-leg') === 1);
    advance(6_000);
    expect((await sweeping).flat()).toEqual(['no-stop']);
    const lines = both().flatMap((s) => s.logs.filter((l) => l.msg === 'duration limit: Disconnect-ACK but no Stop in time; the call may still be up'));
    expect(lines).toMatchObject([{ session: 'ghost-leg', waitedSeconds: 5 }]);
    // The claim's lease (every attempt, the Stop wait and 30 s) passes: one instance takes the leg again.
    disconnects.answer = 'ack-and-stop';
    advance(claimLeaseMs(a.config.limits));
    expect(await sweepBoth()).toEqual(['stopped']);
    expect(disconnects.requestsFor('ghost-leg')).toBe(2);
    expect(await recordOf('ghost-leg')).toMatchObject({ cut: 'max-duration', max_duration: '60' });
  });

  it('firebridge route shows the limit a call would get', async () => {
    const cfg = configFileFor(a.config);
    const r = await runCli(['route', '--config', cfg, '--user', 'dave', '--from', '204', '--to', '01632960123']);
    expect(r.stdout).toContain('duration limit: 60 s once answered, then Disconnect-Request (not sent in the reply)');
    const json = JSON.parse((await runCli(['route', '--config', cfg, '--from', '204', '--to', '01632960123', '--json'])).stdout) as { maxDuration: number };
    // Without the subscriber, the rule's own 120 s.
    expect(json.maxDuration).toBe(120);
  });

  it('firebridge hangup waits for the leg\'s Stop and says it came', async () => {
    await answeredCall('manual@phone', 'manual-leg');
    const calls = await runCli(['calls', '--config', configFileFor(a.config)]);
    expect(calls.stdout).toMatch(/manual-leg.*connected.*60s \(due /);
    const cfg = configFileFor({ ...a.config, clients: a.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port })) });
    const r = await runCli(['hangup', 'manual-leg', '--config', cfg]);
    expect(r.stdout).toContain('manual-leg: disconnected by fb4 (Disconnect-ACK, Stop recorded)');
    expect(r.code).toBe(0);
    expect(await recordOf('manual-leg')).toMatchObject({ terminate_cause: '6' });
  });

  it('firebridge hangup says so when the ACK comes but the Stop does not', async () => {
    disconnects.answer = 'ack';
    await answeredCall('stuck@phone', 'stuck-leg');
    const cfg = configFileFor({ ...a.config, clients: a.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port })) });
    const r = await runCli(['hangup', 'stuck-leg', '--config', cfg, '--wait', '1']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('stuck-leg: fb4 answered Disconnect-ACK, but no Stop came within 1 s: the call may still be up');
  });
});

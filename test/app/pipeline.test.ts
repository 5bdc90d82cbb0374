// The pipeline's dispatch — each request goes to the dialect of the client that sent it — and what
// it tells apart when deciding fails: a store outage (redis.failurePolicy) from a defect (no answer,
// logged as one). Real UDP, the in-process store (nothing here needs Redis).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirebridge, type RunningFirebridge } from '../../src/app/firebridge.js';
import { configSchema } from '../../src/config/schema.js';
import { Attr, Code } from '../../src/radius/index.js';
import { memoryStore, StoreUnavailableError, type Store } from '../../src/store/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { captureLogger } from '../support/log-capture.js';
import { rulesDirWith, startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { until } from '../support/wait.js';


/** The request line the server logged for a client, once it is there. */
function requestLine(server: TestServer, client: string, outcome: string): Promise<Record<string, unknown>> {
  return until(`a request line of ${client} with outcome ${outcome}`, () => server.logs.find((l) => l.msg === 'request' && l.client === client && l.outcome === outcome));
}

describe('dispatch by client kind', () => {
  let server: TestServer;
  let fax: FirebrickStandIn;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    server = await startTestServer({
      clients: [
        { kind: 'faxback', name: 'fax1', address: '127.0.0.1', secret: TEST_SECRET },
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
      ],
    });
    fax = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    fb = new FirebrickStandIn('::1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fax?.close();
    fb?.close();
    await server?.stop();
  });

  it('a FaxBack port server is answered in its dialect, and a FireBrick beside it in its own', async () => {
    const reject = await fax.send(Code.AccessRequest, [[Attr.UserName, 'fax-user']]);
    expect(reject?.code).toBe(Code.AccessReject);
    const ack = await fax.send(Code.AccountingRequest, [[Attr.AcctStatusType, 1], [Attr.AcctSessionId, 'fax-1']]);
    expect(ack?.code).toBe(Code.AccountingResponse);
    const lines = await until('both FaxBack request lines', () => {
      const found = server.logs.filter((l) => l.msg === 'request' && l.client === 'fax1');
      return found.length === 2 ? found : undefined;
    });
    expect(lines.map((l) => [l.code, l.reply, l.outcome]).sort()).toEqual([
      ['Access-Request', 'Access-Reject', 'reject:no-command'],
      ['Accounting-Request', 'Accounting-Response', 'fax-acct:start'],
    ]);
    const challenge = await fb.send(Code.AccessRequest, [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUri, 'sip:fb.example']]);
    expect(challenge?.code).toBe(Code.AccessChallenge);
    expect(await requestLine(server, 'fb6', 'challenge')).toMatchObject({ reply: 'Access-Challenge' });
  });

  it('a SIGHUP client table with a port server its dictionary cannot serve is refused whole, naming the setting', async () => {
    const next = configSchema.parse({
      ...server.config,
      clients: [
        { kind: 'faxback', name: 'fax1', address: '127.0.0.1', secret: TEST_SECRET, faxback: { uuidMode: true } },
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
      ],
    });
    expect(() => server.running.reload(next)).toThrow(/clients\[0\]\.faxback\.uuidMode: client "fax1": uuidMode needs FB-Account-UUID/);
    // The running table is untouched: the port server is still served as before.
    expect((await fax.send(Code.AccessRequest, [[Attr.UserName, 'fax-user']]))?.code).toBe(Code.AccessReject);
  });
});

describe('a defect is not an outage', () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'enabled')");
  let running: RunningFirebridge;
  let lines: Array<Record<string, unknown>>;
  let fb: FirebrickStandIn;
  /** What the store does on the next CUI lookup or leg write: a defect of ours, or an outage. */
  let failWith: Error = bug;

  beforeAll(async () => {
    const config = configSchema.parse({
      listen: { host: '127.0.0.1', auth: 0, acct: 0 },
      clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
      // The store is given below (pipelineOptions), so no Redis is reached.
      redis: { failurePolicy: 'reject' },
      rules: { dir: rulesDirWith(), watch: false },
      metrics: { enabled: true, host: '127.0.0.1', port: 0 },
    });
    const captured = captureLogger();
    lines = captured.lines;
    const real = memoryStore();
    // A stub of our own Store interface, not of Redis: the one method the request reaches fails.
    const store: Store = {
      ...real,
      subscribers: { ...real.subscribers, getByCui: () => Promise.reject(failWith) },
      calls: { ...real.calls, record: () => Promise.reject(failWith) },
    };
    running = await startFirebridge({ config, logger: captured.logger, pipelineOptions: { store } });
    fb = new FirebrickStandIn('127.0.0.1', running.ports.auth, running.ports.acct);
  });
  afterAll(async () => {
    fb?.close();
    await running?.stop();
  });

  /** A local phone's INVITE: the FireBrick vouched for it, so its subscriber is looked up by CUI. */
  const localPhoneInvite = [
    [Attr.UserName, 'desk-phone'],
    [Attr.ChargeableUserIdentity, 'cui-desk'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.CalledStationId, '201'],
  ] as const;

  it('is logged as internal error with its stack, counted, and not answered — under failurePolicy reject too', async () => {
    failWith = bug;
    void fb.send(Code.AccessRequest, [...localPhoneInvite], 5_000);
    const line = await until('the request line', () => lines.find((l) => l.msg === 'request' && l.outcome === 'internal-error'));
    expect(line).toMatchObject({ reply: 'none', client: 'fb4' });
    const logged = lines.find((l) => l.msg === 'internal error');
    expect(logged).toMatchObject({ level: 50, site: 'access', client: 'fb4', method: 'INVITE' });
    expect((logged!.err as { type: string; stack: string }).type).toBe('TypeError');
    expect((logged!.err as { stack: string }).stack).toContain(bug.message);
    expect(lines.some((l) => l.msg === 'cannot decide: store unavailable')).toBe(false);
    const metrics = await (await fetch(`http://127.0.0.1:${running.metricsPort()}/metrics`)).text();
    expect(metrics).toMatch(/^firebridge_internal_errors_total\{kind="access"\} 1$/m);
    expect(metrics).not.toMatch(/^firebridge_store_errors_total\{kind="access"\}/m);
  });

  it('in accounting too: not acknowledged, and not taken for an outage', async () => {
    failWith = bug;
    void fb.send(Code.AccountingRequest, [[Attr.AcctStatusType, 1], [Attr.AcctSessionId, 'leg-1'], [Attr.AcctMultiSessionId, 'call-1']], 5_000);
    const line = await until('the request line', () => lines.find((l) => l.msg === 'request' && l.code === 'Accounting-Request'));
    expect(line).toMatchObject({ reply: 'none', outcome: 'acct:internal-error' });
    expect(lines.find((l) => l.msg === 'internal error' && l.site === 'accounting')).toMatchObject({ level: 50, err: { type: 'TypeError' } });
    expect(lines.some((l) => l.msg === 'cannot store accounting')).toBe(false);
  });

  it('while a store outage still gets the failure policy', async () => {
    failWith = new StoreUnavailableError('Command timed out');
    const reply = await fb.send(Code.AccessRequest, [...localPhoneInvite]);
    expect(reply?.code).toBe(Code.AccessReject);
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Service temporarily unavailable');
    expect(lines.filter((l) => l.msg === 'cannot decide: store unavailable')).toHaveLength(1);
  });
});

// The live trace end to end (issue 19 item 2): two firebridge instances on one Redis key prefix and
// `firebridge trace` as an operator runs it — each watched INVITE, through either instance, arrives
// once with its rules' trace and reply; an unwatched one never; and once the command exits the
// instances publish nothing more. The same events stream from GET /api/trace over real HTTP.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TraceEvent } from '../../src/app/trace/event.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { configFileFor, jsonLines, runCli, startCli } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';
import { until, untilTrue } from '../support/wait.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const RULES = {
  'rules.yaml': ['rules:', '  - { name: to-202, match: { called: "202" }, route: [{ tel: "202" }] }', '  - { name: others, route: [{ tel: "${called}" }] }', ''].join('\n'),
};

let calls = 0;
function invite(username: string, to: string, cli: string): OutgoingAttribute[] {
  return subscriberInvite({ username, realm: REALM, to, cli, callId: `trace-call-${++calls}@phone` });
}

function accountingStart(session: string, calling: string): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, 1],
    [Attr.AcctSessionId, session],
    [Attr.AcctMultiSessionId, `${session}@call`],
    [Attr.UserName, `sip:${calling}@fb.example`],
    [Attr.CalledStationId, '01632960123'],
    [Attr.CallingStationId, calling],
    [Attr.EventTimestamp, 1_763_800_000],
  ];
}

/** Reads an SSE response's `data:` lines as they come. */
function sseEvents(body: ReadableStream<Uint8Array>): { events: TraceEvent[]; text: () => string } {
  const events: TraceEvent[] = [];
  let text = '';
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as TraceEvent);
        }
      }
    } catch {
      // Aborted by the test.
    }
  })();
  return { events, text: () => text };
}

describe('live trace across two instances sharing Redis', () => {
  let a: TestServer;
  let b: TestServer;
  let fbA: FirebrickStandIn;
  let fbB: FirebrickStandIn;
  let raw: Redis;
  let prefix: string;
  const published: string[] = [];
  const servers = (): TestServer[] => [a, b];
  const watching = (): boolean[] => servers().map((s) => s.running.pipeline!.tracer.watching);

  beforeAll(async () => {
    prefix = uniquePrefix();
    const redis = { url: inject('redisUrl'), keyPrefix: prefix };
    a = await startTestServer({ redis }, RULES);
    b = await startTestServer({ redis }, RULES);
    for (const [username, number] of [
      ['alice', '301'],
      ['bob', '201'],
    ] as const) {
      await a.store.subscribers.put({ username, realm: REALM, ha1: { MD5: md5(`${username}:${REALM}:${username}-pw`) }, number, enabled: true });
    }
    fbA = new FirebrickStandIn('127.0.0.1', a.authPort, a.acctPort);
    fbB = new FirebrickStandIn('127.0.0.1', b.authPort, b.acctPort);
    // Sees every trace event published under this prefix, whoever it is for.
    raw = new Redis(inject('redisUrl'));
    raw.on('pmessage', (_pattern: string, _channel: string, message: string) => published.push(message));
    await raw.psubscribe(`${prefix}trace:events:*`);
  });
  afterAll(async () => {
    fbA?.close();
    fbB?.close();
    raw?.disconnect();
    await a?.stop();
    await b?.stop();
  });

  it('streams each watched INVITE from either instance to `firebridge trace`, none other, and nothing once it exits', async () => {
    expect(watching()).toEqual([false, false]);
    const trace = startCli(['trace', '--number', '201', '--count', '2', '--json', '--config', configFileFor(a.config)]);
    await trace.waitFor('stderr', /tracing number 201/);
    await untilTrue('both instances see the watcher', () => watching().every(Boolean));

    // Neither to nor from 201: no event (it would be the first the command prints).
    expect((await fbA.send(Code.AccessRequest, invite('alice', '202', '301')))?.code).toBe(Code.AccessAccept);
    expect((await fbA.send(Code.AccessRequest, invite('alice', '201', '301')))?.code).toBe(Code.AccessAccept);
    expect((await fbB.send(Code.AccessRequest, invite('alice', '201', '301')))?.code).toBe(Code.AccessAccept);
    expect(await trace.exited()).toBe(0);
    const events = jsonLines(trace.stdout()) as unknown as TraceEvent[];
    expect(events).toHaveLength(2);
    // One through each instance: each FireBrick stand-in has its own source port.
    expect(new Set(events.map((e) => e.from)).size).toBe(2);
    for (const e of events) {
      expect(e).toMatchObject({ filter: { kind: 'number', value: '201' }, code: 'Access-Request', outcome: 'route-accept', rule: { name: 'others' } });
      expect(e.instance).toMatch(/^.+:\d+$/);
      expect(e.request).toContainEqual(['Called-Station-Id', '201']);
      expect(e.request).toContainEqual(['Digest-Username', 'alice']);
      expect(e.request).toContainEqual(['Digest-Response', '(hidden)']);
      expect(e.rules!.map((t) => [t.rule, t.matched])).toEqual([
        ['to-202', false],
        ['others', true],
      ]);
      expect(e.rules![0]!.notes[0]).toMatch(/called/);
      expect(e.decision).toMatchObject({ rule: 'others', called: '201', subscriber: 'alice@firebridge' });
      expect(e.reply.code).toBe('Access-Accept');
      expect(e.reply.attributes.length).toBeGreaterThan(0);
      expect(e.reply.attributes.map(([, v]) => v).join(' ')).toContain('201');
      expect(e.ms).toBeGreaterThan(0);
    }
    expect(published).toHaveLength(2);

    // The command unregistered as it exited: the instances stop publishing at once.
    await untilTrue('both instances forget the watcher', () => watching().every((w) => !w));
    expect(await a.store.trace.watchers()).toEqual([]);
    expect((await fbA.send(Code.AccessRequest, invite('alice', '201', '301')))?.code).toBe(Code.AccessAccept);
    expect((await fbB.send(Code.AccessRequest, invite('alice', '201', '301')))?.code).toBe(Code.AccessAccept);
    await new Promise((r) => setTimeout(r, 300));
    expect(published).toHaveLength(2);
  });

  it('shows events as text, with secrets masked, and refuses a command without exactly one filter', async () => {
    const cfg = configFileFor(a.config);
    const trace = startCli(['trace', '--user', 'alice', '--count', '1', '--config', cfg]);
    await trace.waitFor('stderr', /tracing user alice/);
    await untilTrue('both instances see the watcher', () => watching().every(Boolean));
    expect((await fbB.send(Code.AccessRequest, invite('alice', '202', '301')))?.code).toBe(Code.AccessAccept);
    await trace.waitFor('stdout', /reply: /);
    expect(await trace.exited()).toBe(0);
    const text = trace.stdout();
    expect(text).toMatch(/Access-Request \d+ from fb4 .* \[user alice\]/);
    expect(text).toContain('Digest-Response = "(hidden)"');
    expect(text).toContain('MATCH to-202 (');
    expect(text).toMatch(/decision: route-accept \(.*rule=to-202/);
    expect(text).toMatch(/reply: Access-Accept after [\d.]+ ms/);

    const none = await runCli(['trace', '--config', cfg, '--count', '1']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('give exactly one of --number, --user or --firebrick');
    const two = await runCli(['trace', '--number', '201', '--user', 'alice', '--config', cfg, '--count', '1']);
    expect(two.code).not.toBe(0);
  });

  it('unregisters and exits 0 on SIGTERM', async () => {
    const trace = startCli(['trace', '--firebrick', 'fb4', '--json', '--config', configFileFor(a.config)]);
    await trace.waitFor('stderr', /tracing firebrick fb4/);
    expect(await a.store.trace.watchers()).toHaveLength(1);
    expect(await trace.stop()).toBe(0);
    expect(await a.store.trace.watchers()).toEqual([]);
  });

  it('stops after --seconds with nothing to show', async () => {
    const started = Date.now();
    const quiet = await runCli(['trace', '--firebrick', 'nowhere', '--seconds', '1', '--config', configFileFor(a.config)]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await untilTrue('the watcher is gone', async () => (await a.store.trace.watchers()).length === 0);
  });

  it('traces a FaxBack port server by its client name', async () => {
    const fax = await startTestServer({ redis: a.config.redis, clients: [{ kind: 'faxback', name: 'fax1', address: '127.0.0.1', secret: TEST_SECRET }] }, RULES);
    const port = new FirebrickStandIn('127.0.0.1', fax.authPort, fax.acctPort);
    try {
      const trace = startCli(['trace', '--firebrick', 'fax1', '--count', '1', '--json', '--config', configFileFor(a.config)]);
      await trace.waitFor('stderr', /tracing firebrick fax1/);
      await untilTrue('the port server’s instance sees the watcher', () => fax.running.pipeline!.tracer.watching);
      expect((await port.send(Code.AccessRequest, [[Attr.UserName, 'fax-user']]))?.code).toBe(Code.AccessReject);
      await trace.waitFor('stdout', /\n$/);
      expect(await trace.exited()).toBe(0);
      const [event] = jsonLines(trace.stdout()) as unknown as TraceEvent[];
      expect(event).toMatchObject({ client: 'fax1', code: 'Access-Request', outcome: 'reject:no-command', reply: { code: 'Access-Reject' } });
      expect(event!.request).toEqual([['Message-Authenticator', expect.stringMatching(/^0x/)], ['User-Name', 'fax-user']]);
    } finally {
      port.close();
      await fax.stop();
    }
  });

  describe('GET /api/trace', () => {
    let t: TestApi;
    beforeAll(async () => {
      t = await startTestApi(a);
    });
    afterAll(async () => t?.api.close());

    it('needs the operator role and exactly one filter', async () => {
      expect((await t.call('GET', '/api/trace?number=201')).status).toBe(401);
      expect((await t.call('GET', '/api/trace?number=201', { role: 'read-only' })).status).toBe(403);
      const none = await t.call('GET', '/api/trace', { role: 'operator' });
      expect(none.status).toBe(400);
      expect(none.body).toMatchObject({ error: 'invalid-request' });
      expect((await t.call('GET', '/api/trace?colour=red', { role: 'operator' })).status).toBe(400);
    });

    it('streams the events of a number as Server-Sent Events while the connection is open: the caller’s subscriber number and its accounting legs', async () => {
      const abort = new AbortController();
      const res = await fetch(`${t.api.url}/api/trace?number=201`, { headers: { authorization: `Bearer ${t.tokens.operator}` }, signal: abort.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const stream = sseEvents(res.body!);
      await untilTrue('both instances see the watcher', () => watching().every(Boolean));

      // bob's number is 201: his call to another number is watched through him.
      expect((await fbB.send(Code.AccessRequest, invite('bob', '01632960123', '01632000000')))?.code).toBe(Code.AccessAccept);
      expect((await fbA.send(Code.AccountingRequest, accountingStart('trace-leg-1', '201')))?.code).toBe(Code.AccountingResponse);
      await until('two events', () => (stream.events.length >= 2 ? true : undefined));
      const [call, leg] = [stream.events.find((e) => e.code === 'Access-Request')!, stream.events.find((e) => e.code === 'Accounting-Request')!];
      expect(call).toMatchObject({ filter: { kind: 'number', value: '201' }, rule: { name: 'others' }, reply: { code: 'Access-Accept' } });
      expect(call.decision).toMatchObject({ subscriber: 'bob@firebridge', called: '01632960123' });
      expect(leg).toMatchObject({ leg: { status: 'start', sessionId: 'trace-leg-1', calling: '201', startedAt: 1_763_800_000 }, reply: { code: 'Accounting-Response', attributes: [] } });
      expect(leg.request).toContainEqual(['Acct-Status-Type', 'Start']);
      expect(leg.rules).toBeUndefined();

      abort.abort();
      await untilTrue('the watch is removed with the connection', () => watching().every((w) => !w));
      expect(await a.store.trace.watchers()).toEqual([]);
    });
  });
});

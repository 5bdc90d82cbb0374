// The fraud guard end to end (issue 17 item 1): two firebridge instances on one Redis key prefix
// share the counters, so a burst of international calls from one subscriber is refused at the
// threshold whichever instance it reaches; `firebridge fraud clear` lifts the block; every crossing
// reaches the webhook once, correctly signed; and a failing webhook never holds a reply back.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { alertSignature } from '../../src/app/fraud/alerts.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli } from '../support/cli.js';
import { type DisconnectListener, FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';
import { until, untilTrue } from '../support/wait.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const SECRET = 'a-webhook-secret-for-tests';
const ALICE = 'subscriber:firebridge:alice';
const RULES = { 'all.yaml': 'rules:\n  - { name: all, route: [] }\n' };

let calls = 0;
function invite(to: string, callId = `fraud-call-${++calls}@phone`, username = 'alice'): OutgoingAttribute[] {
  return subscriberInvite({ username, realm: REALM, to, cli: '201', callId, extra: [[Attr.NasIpAddress, '192.0.2.50']] });
}

interface Received {
  readonly body: string;
  readonly signature: string | undefined;
}

/** A local HTTP receiver answering each alert by `answer` ('ok', 'fail': 500, 'hang': never). */
async function receiver(answer: 'ok' | 'fail' | 'hang'): Promise<{ url: string; got: Received[]; server: Server; held: ServerResponse[] }> {
  const got: Received[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ body, signature: req.headers['x-firebridge-signature'] as string | undefined });
      if (answer === 'hang') return void held.push(res);
      res.writeHead(answer === 'ok' ? 204 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, got, server, held };
}

function fraudConfig(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    preset: 'uk',
    thresholds: {
      international: { subscriber: { callsPerMinute: { warn: 2, block: 4 } } },
      premium: { subscriber: { concurrent: { block: 1 } } },
    },
    webhook: { url, secret: SECRET, firstRetryMs: 20, timeoutMs: 60_000, ...extra },
  };
}

async function addAlice(server: TestServer): Promise<void> {
  await server.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:alice-pw`) }, number: '201', enabled: true });
}

const requestLines = (servers: readonly TestServer[]): Array<Record<string, unknown>> =>
  servers.flatMap((s) => s.logs.filter((l) => l.outcome !== undefined && l.method === 'INVITE'));
const fraudLines = (servers: readonly TestServer[]): Array<Record<string, unknown>> => servers.flatMap((s) => s.logs.filter((l) => l.fraud !== undefined && l.msg !== undefined && String(l.msg).startsWith('fraud:')));

describe('fraud guard across two instances sharing Redis', () => {
  let hook: Awaited<ReturnType<typeof receiver>>;
  let a: TestServer;
  let b: TestServer;
  let fbA: FirebrickStandIn;
  let fbB: FirebrickStandIn;

  beforeAll(async () => {
    hook = await receiver('ok');
    const redis = { url: inject('redisUrl'), keyPrefix: uniquePrefix() };
    a = await startTestServer({ redis, fraud: fraudConfig(hook.url) }, RULES);
    b = await startTestServer({ redis, fraud: fraudConfig(hook.url) }, RULES);
    await addAlice(a);
    fbA = new FirebrickStandIn('127.0.0.1', a.authPort, a.acctPort);
    fbB = new FirebrickStandIn('127.0.0.1', b.authPort, b.acctPort);
  });
  afterAll(async () => {
    fbA?.close();
    fbB?.close();
    await a?.stop();
    await b?.stop();
    hook?.server.close();
  });

  /** Waits until the shared counters show `n` international calls of alice in the minute. */
  const counted = (n: number): Promise<void> =>
    untilTrue(`${n} calls counted`, async () => (await a.store.fraud.standing([{ subject: ALICE, cls: 'international' }]))[0]!.counts.calls === n);

  it('refuses the call past the block level on either instance, lets emergency and domestic calls through, and fraud clear lifts the block', async () => {
    // block: 4 — four international calls in a minute pass, alternating instances; the fifth is refused.
    for (let i = 1; i <= 4; i++) {
      const reply = await (i % 2 ? fbA : fbB).send(Code.AccessRequest, invite('0033123456789'));
      expect(reply?.code, `call ${i}`).toBe(Code.AccessAccept);
      await counted(i);
    }
    for (const fb of [fbB, fbA]) {
      const refused = await fb.send(Code.AccessRequest, invite('+33123456789'));
      expect(refused?.code).toBe(Code.AccessReject);
      expect(refused!.attrs.text(Attr.ReplyMessage)).toBe('International calls barred: fraud limit reached');
    }
    expect(requestLines([a, b]).filter((l) => l.outcome === 'reject:fraud')).toHaveLength(2);
    // Emergency numbers and calls in no class are never refused.
    for (const to of ['999', '112', '01632960123']) expect((await fbA.send(Code.AccessRequest, invite(to)))?.code, to).toBe(Code.AccessAccept);

    const cfg = configFileFor(a.config);
    const listed = await runCli(['fraud', 'list', '--config', cfg, '--json']);
    expect(listed.code).toBe(0);
    const blocks = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(blocks).toEqual([expect.objectContaining({ subject: ALICE, class: 'international', metric: 'callsPerMinute', value: 4, limit: 4 })]);

    // show reads the thresholds from the configuration: each class with thresholds for subscribers.
    const withFraud = join(mkdtempSync(join(tmpdir(), 'firebridge-fraud-')), 'firebridge.yaml');
    writeFileSync(withFraud, stringify({ ...(parse(readFileSync(cfg, 'utf8')) as object), fraud: { preset: 'uk', thresholds: a.config.fraud.thresholds } }));
    const shown = await runCli(['fraud', 'show', ALICE, '--config', withFraud, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      subject: ALICE,
      kind: 'subscriber',
      classes: [
        expect.objectContaining({ class: 'international', callsPerMinute: 4, blocked: 'callsPerMinute 4 (block at 4)' }),
        expect.objectContaining({ class: 'premium', callsPerMinute: 0 }),
      ],
    });
    expect((await runCli(['fraud', 'show', 'alice', '--config', withFraud])).code).not.toBe(0);

    const cleared = await runCli(['fraud', 'clear', ALICE, '--config', cfg, '--json']);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ subject: ALICE });
    expect(JSON.parse(cleared.stdout).removed).toBeGreaterThan(0);
    expect((await runCli(['fraud', 'list', '--config', cfg, '--json'])).stdout).toBe('');
    expect((await fbB.send(Code.AccessRequest, invite('0033123456789')))?.code).toBe(Code.AccessAccept);
  });

  it('counts a call as concurrent until its Stop, which any instance may take', async () => {
    const stop = (callId: string): OutgoingAttribute[] => [
      [Attr.AcctStatusType, 2],
      [Attr.AcctSessionId, `leg-of-${callId}`],
      [Attr.AcctMultiSessionId, callId],
      [Attr.AcctSessionTime, 42],
    ];
    const premium = { subject: ALICE, cls: 'premium' };
    expect((await fbA.send(Code.AccessRequest, invite('09061234567', 'premium-1@phone')))?.code).toBe(Code.AccessAccept);
    await untilTrue('the call counted', async () => (await a.store.fraud.standing([premium]))[0]!.counts.concurrent === 1);
    expect((await fbB.send(Code.AccessRequest, invite('09061234567')))?.code).toBe(Code.AccessReject);
    expect((await fbB.send(Code.AccountingRequest, stop('premium-1@phone')))?.code).toBe(Code.AccountingResponse);
    await untilTrue('the Stop counted', async () => (await a.store.fraud.standing([premium]))[0]!.counts.secondsHour === 42);
    expect((await a.store.fraud.standing([premium]))[0]!.counts.concurrent).toBe(0);
    // The block set by the refused call stands until cleared: a block holds for fraud.blockMinutes.
    expect((await fbA.send(Code.AccessRequest, invite('09061234567')))?.code).toBe(Code.AccessReject);
    expect((await runCli(['fraud', 'clear', ALICE, '--config', configFileFor(a.config)])).code).toBe(0);
    expect((await fbA.send(Code.AccessRequest, invite('09061234567')))?.code).toBe(Code.AccessAccept);
  });

  it('posted one correctly signed alert per crossing: the warning and the block', async () => {
    // Each server's store shares its connection with its pipeline: one command through each, answered,
    // means every set-if-absent either server sent before has been answered, and reported if it won.
    await Promise.all([a.store.fraud.blocks(), b.store.fraud.blocks()]);
    const reported = fraudLines([a, b]);
    expect(reported.map((l) => (l.fraud as { level: string }).level).sort()).toEqual(['block', 'block', 'warn']);
    await until('every alert', () => (hook.got.length >= 3 ? true : undefined));
    expect(hook.got).toHaveLength(3);
    for (const { body, signature } of hook.got) expect(signature).toBe(alertSignature(body, SECRET));
    const bodies = hook.got.map((g) => JSON.parse(g.body) as Record<string, unknown>).filter((x) => x.class === 'international').sort((x, y) => String(x.level).localeCompare(String(y.level)));
    expect(bodies[0]).toMatchObject({ event: 'fraud.block', subject: ALICE, subjectKind: 'subscriber', class: 'international', metric: 'callsPerMinute', value: 4, limit: 4, blockedSeconds: 3600 });
    expect(bodies[1]).toMatchObject({ event: 'fraud.warn', subject: ALICE, class: 'international', metric: 'callsPerMinute', value: 2, limit: 2 });
  });
});

describe('a rule reading the counters (fraud condition)', () => {
  let server: TestServer | undefined;
  let fb: FirebrickStandIn | undefined;
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  // With thresholds of its own, or none at all: a class rules read is counted either way.
  it.each([
    ['a far-off warn level', { international: { subscriber: { callsPerMinute: { warn: 100 } } } }],
    ['no thresholds', {}],
  ])('routes international calls while the caller made fewer than 2 in the minute, and the next rule answers after (%s)', async (_, thresholds) => {
    const rules = {
      'all.yaml': [
        'rules:',
        '  - { name: quiet, match: { called: { prefix: "00" }, fraud: { class: international, metric: callsPerMinute, below: 2 } }, route: [] }',
        '  - { name: busy, match: { called: { prefix: "00" } }, reject: "Slow down" }',
        '',
      ].join('\n'),
    };
    const fraud = { preset: 'uk', thresholds };
    server = await startTestServer({ fraud }, rules);
    await addAlice(server);
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    const s = server;
    const replies: Array<{ code: number | undefined; message: string | undefined }> = [];
    for (let i = 1; i <= 3; i++) {
      const reply = await fb.send(Code.AccessRequest, invite('0033123456789'));
      replies.push({ code: reply?.code, message: reply?.attrs.text(Attr.ReplyMessage) });
      if (reply?.code === Code.AccessAccept) {
        await untilTrue(`${i} calls counted`, async () => (await s.store.fraud.standing([{ subject: ALICE, cls: 'international' }]))[0]!.counts.calls === i);
      }
    }
    expect(replies).toEqual([
      { code: Code.AccessAccept, message: undefined },
      { code: Code.AccessAccept, message: undefined },
      { code: Code.AccessReject, message: 'Slow down' },
    ]);
    expect(requestLines([s]).map((l) => l.rule)).toEqual(['quiet', 'quiet', 'busy']);
  });
});

describe('a failing webhook', () => {
  let server: TestServer | undefined;
  let fb: FirebrickStandIn | undefined;
  let hook: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    fb?.close();
    await server?.stop();
    for (const res of hook?.held ?? []) res.destroy();
    hook?.server.close();
  });

  it.each(['fail', 'hang'] as const)('that answers %s does not hold back any reply', async (answer) => {
    hook = await receiver(answer);
    // warn at 1 and block at 2 per minute, per source address too: every call from here on crosses something new.
    const thresholds = {
      international: { subscriber: { callsPerMinute: { warn: 1, block: 2 } }, source: { callsPerMinute: { warn: 1 } } },
      premium: { subscriber: { callsPerMinute: { warn: 1, block: 2 } } },
    };
    server = await startTestServer({ fraud: { ...fraudConfig(hook.url, { retries: 3 }), thresholds } }, RULES);
    await addAlice(server);
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    const replies: number[] = [];
    for (const to of ['0033123456789', '0033123456789', '0033123456789', '09061234567', '09061234567', '09061234567']) {
      replies.push((await fb.send(Code.AccessRequest, invite(to)))?.code ?? 0);
      const s = server;
      await untilTrue('the call counted or refused', async () => requestLines([s]).length === replies.length);
    }
    // Every request answered, and decided as the thresholds say, while the receiver had not once said yes.
    expect(replies).toEqual([Code.AccessAccept, Code.AccessAccept, Code.AccessReject, Code.AccessAccept, Code.AccessAccept, Code.AccessReject]);
    await until('an alert attempt', () => (hook!.got.length >= 1 ? true : undefined));
    if (answer === 'hang') {
      // One delivery at a time: the first alert is still held open, the rest wait in the queue.
      expect(hook.got).toHaveLength(1);
    } else {
      // The first alert is retried (same body, same signature) before the next one is tried.
      await until('a retry', () => (hook!.got.length >= 2 ? true : undefined));
      expect(hook.got[1]!.body).toBe(hook.got[0]!.body);
      expect(hook.got[0]!.signature).toBe(alertSignature(hook.got[0]!.body, SECRET));
    }
  });
});

// Any kind of subject: the legs cut are those of the calls the guard counted as the subject's.
describe.each([
  ['subscriber', ALICE],
  ['source', 'source:192.0.2.50'],
] as const)('fraud.hangupOnBlock (%s thresholds)', (kind, subject) => {
  let server: TestServer;
  let fb: FirebrickStandIn;
  let disconnects: DisconnectListener;
  beforeAll(async () => {
    const hook = await receiver('ok');
    hook.server.unref();
    server = await startTestServer(
      {
        clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
        fraud: { ...fraudConfig(hook.url), thresholds: { international: { [kind]: { callsPerMinute: { block: 2 } } } }, hangupOnBlock: true },
        limits: { disconnectAttempts: 2, disconnectTimeoutMs: 200 },
      },
      RULES,
    );
    await addAlice(server);
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    disconnects = await fb.listenForDisconnect();
    server.running.reload({ ...server.config, clients: server.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port })) });
  });
  afterAll(async () => {
    disconnects?.close();
    fb?.close();
    await server?.stop();
  });

  it('disconnects, once, the live legs of the blocked class when the block is set, and leaves the others', async () => {
    const start = (callId: string, to: string): OutgoingAttribute[] => [
      [Attr.AcctStatusType, 1],
      [Attr.AcctSessionId, `leg-of-${callId}`],
      [Attr.AcctMultiSessionId, callId],
      [Attr.CalledStationId, to],
    ];
    // A live international leg and a live domestic one, both alice's (noted at their INVITEs).
    expect((await fb.send(Code.AccessRequest, invite('0033123456789', 'intl-1@phone')))?.code).toBe(Code.AccessAccept);
    expect((await fb.send(Code.AccessRequest, invite('01632960123', 'home-1@phone')))?.code).toBe(Code.AccessAccept);
    expect((await fb.send(Code.AccountingRequest, start('intl-1@phone', '0033123456789')))?.code).toBe(Code.AccountingResponse);
    expect((await fb.send(Code.AccountingRequest, start('home-1@phone', '01632960123')))?.code).toBe(Code.AccountingResponse);
    // block: 2 — the second international call passes; the third finds the level reached: refused, the
    // block set, and the live international leg cut.
    expect((await fb.send(Code.AccessRequest, invite('+33123456789', 'intl-2@phone')))?.code).toBe(Code.AccessAccept);
    await untilTrue('2 calls counted', async () => (await server.store.fraud.standing([{ subject, cls: 'international' }]))[0]!.counts.calls === 2);
    expect((await fb.send(Code.AccessRequest, invite('+33123456780', 'intl-3@phone')))?.code).toBe(Code.AccessReject);
    await untilTrue('the Disconnect-Request', async () => disconnects.requestsFor('leg-of-intl-1@phone') === 1);
    await untilTrue('its Stop', async () => (await server.store.calls.leg('leg-of-intl-1@phone')) === undefined);
    expect(server.logs.find((l) => l.msg === 'fraud block: live leg disconnected')).toMatchObject({ session: 'leg-of-intl-1@phone', subject, class: 'international', outcome: 'ack' });
    expect(disconnects.requestsFor('leg-of-home-1@phone')).toBe(0);
    expect(await server.store.calls.leg('leg-of-home-1@phone')).toBeDefined();
  });
});

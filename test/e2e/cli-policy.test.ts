// The CLI policy end to end (issue 17 item 3): INVITEs through real UDP and Redis to a firebridge
// whose two FireBricks have the uk-ofcom preset — fb4 rejecting refused caller IDs, fb6 marking them
// (presented withheld) — and the exact reply each gets; `subscriber set --present` authorises a number;
// and the policy still applies when Redis is down and the fallback rules route.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { firebrickClients } from '../../src/config/schema.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { rulesDirWith, startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

const RULES = {
  'rules.yaml': `
rules:
  - name: emergency
    match: { called: ["999", "112"] }
    route:
      - carrier: primary
  - name: inbound
    match: { from: carrier }
    route:
      - tel: "201"
  - name: extension
    match: { called: _2XX }
    route:
      - tel: \${called}
  - name: switchboard
    match: { called: "300" }
    cli: "02071234500"
    route:
      - carrier: primary
  - name: outbound
    match: { called: { prefix: "0" } }
    route:
      - carrier: primary
`,
};

const policy = (action: 'reject' | 'mark') => ({ preset: 'uk-ofcom', action, internationalGateways: ['intl'] });

/** An INVITE from subscriber alice presenting `cli`. */
function invite(cli: string, to = '02071234599'): OutgoingAttribute[] {
  return subscriberInvite({ username: 'alice', realm: REALM, to, cli });
}

/** A call the FireBrick took from carrier `carrier`, presenting `cli`. */
function carrierCall(carrier: string, cli: string): OutgoingAttribute[] {
  return [
    [Attr.UserName, `@${carrier}`],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.DigestUri, 'sip:442071234501@firebrick.example.com'],
    [Attr.CalledStationId, '442071234501'],
    [Attr.CallingStationId, cli],
  ];
}

/** The reply's attributes in wire order, Message-Authenticator and Digest-Response-Auth left out. */
function wire(reply: { packet: { attributes: readonly { type: number; value: Buffer }[] } } | undefined): Array<[number, string]> {
  return reply!.packet.attributes.filter((a) => a.type !== Attr.MessageAuthenticator && a.type !== Attr.DigestResponseAuth).map((a) => [a.type, a.value.toString()]);
}

describe('the uk-ofcom CLI policy through RADIUS', () => {
  let server: TestServer;
  let rejecting: FirebrickStandIn;
  let marking: FirebrickStandIn;

  beforeAll(async () => {
    server = await startTestServer(
      {
        clients: [
          { name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET, firebrick: { cliPolicy: policy('reject') } },
          { name: 'fb6', address: '::1', secret: TEST_SECRET, firebrick: { cliPolicy: policy('mark') } },
        ],
      },
      RULES,
    );
    rejecting = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    marking = new FirebrickStandIn('::1', server.authPort, server.acctPort);
    await server.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:alice-pw`) }, number: '02071234567', enabled: true });
  });
  afterAll(async () => {
    rejecting?.close();
    marking?.close();
    await server?.stop();
  });

  it("presents the subscriber's own number, in any written form", async () => {
    for (const cli of ['02071234567', '442071234567', '+442071234567']) {
      const reply = await rejecting.send(Code.AccessRequest, invite(cli));
      expect(reply?.code).toBe(Code.AccessAccept);
      expect(wire(reply)).toEqual([[Attr.CalledStationId, '@primary']]);
    }
  });

  it('reject: a 09 premium-rate CLI is an Access-Reject whose Reply-Message names the number and why', async () => {
    const reply = await rejecting.send(Code.AccessRequest, invite('09012345678'));
    expect(reply?.code).toBe(Code.AccessReject);
    expect(wire(reply)).toEqual([[Attr.ReplyMessage, 'Caller ID refused: 09012345678 is a 09 premium-rate number']]);
    const line = server.logs.find((l) => l.msg === 'request' && l.client === 'fb4' && l.reason === 'cli:premium-rate');
    expect(line).toMatchObject({ outcome: 'reject:cli:premium-rate', cliPolicy: 'refused:premium-rate', cli: '09012345678' });
  });

  it('mark: the same call is accepted with its CLI withheld, and the withholding is logged', async () => {
    const reply = await marking.send(Code.AccessRequest, invite('09012345678'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply)).toEqual([
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, '@primary'],
    ]);
    expect(server.logs.find((l) => l.msg === 'caller ID withheld by the CLI policy')).toMatchObject({
      client: 'fb6',
      withheld: [{ leg: 1, cli: '09012345678', reason: 'premium-rate' }],
    });
    const metrics = await (await fetch(`http://127.0.0.1:${server.running.metricsPort()!}/metrics`)).text();
    expect(metrics).toContain('firebridge_cli_withheld_total{client="fb6",reason="premium-rate"} 1');
  });

  it('a valid number the subscriber is not authorised for is refused until firebridge subscriber set --present lists it', async () => {
    const refused = await rejecting.send(Code.AccessRequest, invite('02071234500'));
    expect(wire(refused)).toEqual([[Attr.ReplyMessage, 'Caller ID refused: 02071234500 is not a number this caller may present']]);
    // The switchboard rule presents the company number on the leg: judged, and refused, the same way.
    const ruleCli = await rejecting.send(Code.AccessRequest, invite('02071234567', '300'));
    expect(wire(ruleCli)).toEqual([[Attr.ReplyMessage, 'Caller ID refused: 02071234500 is not a number this caller may present']]);

    const cfg = configFileFor(server.config);
    const set = await runCli(['subscriber', 'set', 'alice', '--config', cfg, '--present', '020 7123 4500']);
    expect(set.stderr).toContain('is not a telephone number');
    expect(set.code).not.toBe(0);
    expect((await runCli(['subscriber', 'set', 'alice', '--config', cfg, '--present', '02071234500,+14155550123'])).code).toBe(0);
    const shown = JSON.parse((await runCli(['subscriber', 'show', 'alice', '--config', cfg, '--json'])).stdout) as { present: string[] };
    expect(shown.present).toEqual(['+442071234500', '+14155550123']);

    expect(wire(await rejecting.send(Code.AccessRequest, invite('442071234500')))).toEqual([[Attr.CalledStationId, '@primary']]);
    expect(wire(await rejecting.send(Code.AccessRequest, invite('02071234567', '300')))).toEqual([
      [Attr.CallingStationId, '02071234500'],
      [Attr.CalledStationId, '@primary'],
    ]);

    expect((await runCli(['subscriber', 'set', 'alice', '--config', cfg, '--present', ''])).code).toBe(0);
    expect((await server.store.subscribers.get(REALM, 'alice'))?.present).toBeUndefined();
  });

  it('firebridge route shows what the policy does to a call, per client', async () => {
    // The file the commands read, with each client's policy as the server has it.
    const cfg = configFileFor(server.config);
    const file = parse(readFileSync(cfg, 'utf8')) as { clients: Array<{ name: string }> };
    const policies = new Map(firebrickClients(server.config.clients).map((c) => [c.name, c.firebrick.cliPolicy]));
    writeFileSync(cfg, stringify({ ...file, clients: file.clients.map((c) => ({ ...c, firebrick: { cliPolicy: policies.get(c.name) } })) }));
    const rejected = await runCli(['route', '--config', cfg, '--client', 'fb4', '--user', 'alice', '--from', '09012345678', '--to', '02071234599']);
    expect(rejected.stdout).toContain('caller ID policy: refused:premium-rate (09012345678)');
    expect(rejected.stdout).toContain('reply: Access-Reject\n  Reply-Message = "Caller ID refused: 09012345678 is a 09 premium-rate number"');
    const marked = await runCli(['route', '--config', cfg, '--client', 'fb6', '--user', 'alice', '--from', '09012345678', '--to', '02071234599', '--json']);
    expect(JSON.parse(marked.stdout)).toMatchObject({
      cliPolicy: 'withheld:premium-rate',
      reply: { code: 'Access-Accept', attributes: [['Calling-Station-Id', 'Anonymous'], ['Called-Station-Id', '@primary']] },
    });
  });

  it('a call between extensions stays on the own network: its CLI is not judged', async () => {
    const reply = await rejecting.send(Code.AccessRequest, invite('201', '202'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply)).toEqual([[Attr.CalledStationId, 'tel:202']]);
    expect(wire(await rejecting.send(Code.AccessRequest, invite('201')))).toEqual([[Attr.ReplyMessage, "Caller ID refused: 201 is not an international number of 7 to 15 digits"]]);
  });

  it('an emergency call is routed whatever its CLI', async () => {
    const reply = await rejecting.send(Code.AccessRequest, invite('09012345678', '999'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply)).toEqual([[Attr.CalledStationId, '@primary']]);
  });

  it('a call from an international gateway presenting a UK landline is refused; a UK mobile (roaming) and a foreign number are not', async () => {
    const landline = await rejecting.send(Code.AccessRequest, carrierCall('intl', '442071234567'));
    expect(wire(landline)).toEqual([[Attr.ReplyMessage, 'Caller ID refused: 442071234567 is a UK number on a call from abroad']]);
    for (const cli of ['447912345678', '33142685300']) {
      expect(wire(await rejecting.send(Code.AccessRequest, carrierCall('intl', cli)))).toEqual([[Attr.CalledStationId, 'tel:201']]);
    }
    // The same UK landline from a UK carrier is fine; marked from abroad, it is withheld.
    expect(wire(await rejecting.send(Code.AccessRequest, carrierCall('uk', '442071234567')))).toEqual([[Attr.CalledStationId, 'tel:201']]);
    expect(wire(await marking.send(Code.AccessRequest, carrierCall('intl', '442071234567')))).toEqual([
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, 'tel:201'],
    ]);
  });
});

describe('the CLI policy under redis.failurePolicy static, with Redis killed', () => {
  let redis: RedisServerHandle;
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    redis = await startRedisServer();
    // The live rules need the store (a lookup), so with Redis down the fallback rules route.
    const live = { 'live.yaml': 'rules:\n  - { name: did, let: { to: "did:${called}" }, match: { from: carrier }, route: [{ tel: "${lookup.to}" }] }\n' };
    const fallback = rulesDirWith({ 'fallback.yaml': 'rules:\n  - { name: fallback, route: [{ carrier: backup }] }\n' });
    server = await startTestServer(
      {
        clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET, firebrick: { cliPolicy: policy('reject') } }],
        redis: { url: redis.url, keyPrefix: 'p:', commandTimeoutMs: 150, failurePolicy: 'static', fallbackRulesDir: fallback },
      },
      live,
    );
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
    await redis?.stop();
  });

  it('still refuses a UK landline from an international gateway, and routes a foreign CLI by the fallback rules', async () => {
    await redis.kill();
    const landline = await fb.send(Code.AccessRequest, carrierCall('intl', '442071234567'), 1_000);
    expect(wire(landline)).toEqual([[Attr.ReplyMessage, 'Caller ID refused: 442071234567 is a UK number on a call from abroad']]);
    const foreign = await fb.send(Code.AccessRequest, carrierCall('intl', '33142685300'), 1_000);
    expect(wire(foreign)).toEqual([[Attr.CalledStationId, '@backup']]);
    expect(server.logs.find((l) => l.msg === 'request' && l.reason === 'cli:uk-from-abroad')).toMatchObject({ fallback: true });
  });
});

// Issue 5 end to end: INVITEs through real UDP and Redis, routed by the shipped example rules.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { SourceError } from '../../src/text/yaml-validation.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { rulesDirWith, startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

function invite(from: string, to: string, extra: OutgoingAttribute[] = []): OutgoingAttribute[] {
  return subscriberInvite({ username: from, realm: REALM, to, cli: from === 'alice' ? '201' : '202', extra });
}

/** The reply's attributes as [name-ish, value] in wire order, Message-Authenticator left out. */
function wire(reply: { packet: { attributes: readonly { type: number; value: Buffer }[] } }): Array<[number, string]> {
  return reply.packet.attributes.filter((a) => a.type !== Attr.MessageAuthenticator && a.type !== Attr.DigestResponseAuth).map((a) => [a.type, a.value.toString()]);
}

describe('routing with the example rule set (issue 5)', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    server = await startTestServer();
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    for (const [u, n] of [['alice', '201'], ['bob', '202']] as const) {
      await server.store.subscribers.put({ username: u, realm: REALM, ha1: { MD5: md5(`${u}:${REALM}:${u}-pw`) }, number: n, enabled: true });
    }
    // alice's phone is registered; bob's is not.
    const reg = await fb.authenticate({ method: 'REGISTER', username: 'alice', password: 'alice-pw', extra: [[Attr.SipAor, 'sip:alice@192.0.2.10'], [Attr.SessionTimeout, 300]] });
    expect(reg.reply?.code).toBe(Code.AccessAccept);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('rings a registered extension, then voicemail after 20 s', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, '20+sip:vm-201@voicemail.example.com'],
    ]);
  });

  it('sends an unregistered extension straight to voicemail', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('alice', '202'));
    expect(wire(reply!)).toEqual([[Attr.CalledStationId, 'sip:vm-202@voicemail.example.com']]);
  });

  it('routes outbound calls via the primary carrier with the backup as fallback, presenting the caller number', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('alice', '01632960123'));
    expect(wire(reply!)).toEqual([
      [Attr.CallingStationId, '201'],
      [Attr.CalledStationId, '@primary'],
      [Attr.CalledStationId, '999+@backup'],
    ]);
  });

  it('bars premium-rate numbers with a Reply-Message', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('alice', '09098790000'));
    expect(reply?.code).toBe(Code.AccessReject);
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Premium-rate numbers are barred on this line');
  });

  it('routes carrier calls to DIDs through the Redis DID table', async () => {
    await server.store.setLookup('did:441632960100', '200');
    const carrierCall: OutgoingAttribute[] = [
      [Attr.UserName, '@primary'],
      [Attr.DigestMethod, 'INVITE'],
      [Attr.DigestUri, 'sip:441632960100@firebrick.example.com'],
      [Attr.CalledStationId, '441632960100'],
      [Attr.CallingStationId, '447700900123'],
    ];
    const reply = await fb.send(Code.AccessRequest, carrierCall);
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, 'tel:200'],
      [Attr.CalledStationId, '999+sip:vm-200@voicemail.example.com'],
    ]);
    const unknown = await fb.send(Code.AccessRequest, carrierCall.map(([t, v]) => (t === Attr.CalledStationId ? ([t, '441632960999'] as const) : ([t, v] as const))));
    expect(unknown!.attrs.text(Attr.ReplyMessage)).toBe('Number not in service');
  });

  it('emergency numbers are always routed', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('bob', '999'));
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, '@primary'],
      [Attr.CalledStationId, '999+@backup'],
    ]);
  });

  it('firebridge route explains the decision and prints the attributes', async () => {
    const cfg = configFileFor(server.config);
    const r = await runCli(['route', '--config', cfg, '--user', 'bob', '--from', '202', '--to', '201']);
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toMatch(/skip +emergency .*called 201 does not match/);
    expect(r.stdout).toMatch(/MATCH extension/);
    expect(r.stdout).toContain('Called-Station-Id = "tel:201"');
    const json = JSON.parse((await runCli(['route', '--config', cfg, '--to', '09012345678', '--json'])).stdout) as { rule: { name: string } };
    expect(json.rule.name).toBe('premium-rate barred');
  });
});

describe('interleaved CLI and CUI (spec §4.3) and the v1.25 profile', () => {
  const rules = {
    'rules.yaml': `
rules:
  - name: hunt
    match: { called: "300" }
    cui: cust-17
    route:
      - tel: "301"
        cli: "441632960001"
      - tel: "302"
        cli: "441632960001"
      - carrier: carrierA
        number: "5551234"
        delay: 15
        cli: Anonymous
      - sip: sip:night@pbx.example.com
        cui: cust-99
        fallback: true
`,
  };
  let server: TestServer;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    server = await startTestServer(
      {
        clients: [
          { name: 'fb4', address: '127.0.0.1', secret: 'a-test-secret-of-24-chars' },
          { name: 'fb6', address: '::1', secret: 'a-test-secret-of-24-chars', firebrick: { routingModel: 'v1.25', sipAorAttribute: 121 } },
        ],
      },
      rules,
    );
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  const carrierInvite: OutgoingAttribute[] = [
    [Attr.UserName, '@carrierA'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.CalledStationId, '300'],
    [Attr.CallingStationId, '447700900123'],
  ];

  it('writes CUI and CLI only where they change, in wire order', async () => {
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    const reply = await fb.send(Code.AccessRequest, carrierInvite);
    expect(reply!.packet.attributes.map((a) => [a.type, a.type === Attr.MessageAuthenticator ? '' : a.value.toString()])).toEqual([
      [Attr.MessageAuthenticator, ''],
      [Attr.ChargeableUserIdentity, 'cust-17'],
      [Attr.CallingStationId, '441632960001'],
      [Attr.CalledStationId, 'tel:301'],
      [Attr.CalledStationId, 'tel:302'],
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, '15+5551234@carrierA'],
      [Attr.ChargeableUserIdentity, 'cust-99'],
      [Attr.CallingStationId, '447700900123'],
      [Attr.CalledStationId, '999+sip:night@pbx.example.com'],
    ]);
    fb.close();
  });

  it('writes each leg as SIP-AOR (121 as configured) for a v1.25 client', async () => {
    fb = new FirebrickStandIn('::1', server.authPort, server.acctPort);
    const reply = await fb.send(Code.AccessRequest, carrierInvite);
    const legs = reply!.packet.attributes.filter((a) => a.type === 121).map((a) => a.value.toString());
    expect(legs).toEqual(['tel:301', 'tel:302', '15+5551234@carrierA', '999+sip:night@pbx.example.com']);
    expect(reply!.packet.attributes.some((a) => a.type === Attr.CalledStationId)).toBe(false);
  });
});

describe('redirects and the v1.25 routing model (spec §4.4, §9.3)', () => {
  const REFUSAL = 'uses routingModel v1.25, where SIP-AOR creates a leg and cannot redirect (spec §4.4, §9.3)';
  const redirectRules = (onlyFirebrick?: string): Record<string, string> => ({
    '50-x.yaml': `rules:\n  - name: desk\n    match: { called: "400"${onlyFirebrick ? `, firebrick: ${onlyFirebrick}` : ''} }\n    redirect: sip:desk@pbx.example.com\n  - { name: rest, route: [] }\n`,
  });
  const clients = (fb6Model: 'v1.24' | 'v1.25'): Array<Record<string, unknown>> => [
    { name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET },
    { name: 'fb6', address: '::1', secret: TEST_SECRET, firebrick: { routingModel: fb6Model } },
  ];
  const call: OutgoingAttribute[] = [
    [Attr.UserName, '@carrierA'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.CalledStationId, '400'],
    [Attr.CallingStationId, '447700900123'],
  ];
  const requestLines = (server: TestServer, client: string): Array<Record<string, unknown>> =>
    server.logs.filter((l) => l.msg === 'request' && l.client === client);

  it('refuses to start when a redirect rule can reach a v1.25 client, naming the rule and the client', async () => {
    const refusal = await startTestServer({ clients: clients('v1.25') }, redirectRules()).then(
      (started) => started.stop(),
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(SourceError);
    expect((refusal as SourceError).message).toMatch(new RegExp(`50-x\\.yaml:4:15: rules\\[0\\]\\.redirect: client "fb6" ${escape(REFUSAL)}$`));
  });

  it('starts with a redirect limited to the other clients, and redirects only there', async () => {
    const server = await startTestServer({ clients: clients('v1.25') }, redirectRules('fb4'));
    const fb4 = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    const fb6 = new FirebrickStandIn('::1', server.authPort, server.acctPort);
    try {
      const redirected = await fb4.send(Code.AccessRequest, call);
      expect(redirected?.code).toBe(Code.AccessAccept);
      expect(redirected!.packet.attributes.filter((a) => a.type === Attr.SipAor).map((a) => a.value.toString())).toEqual(['sip:desk@pbx.example.com']);
      const routed = await fb6.send(Code.AccessRequest, call);
      expect(routed?.code).toBe(Code.AccessAccept);
      expect(routed!.packet.attributes.some((a) => a.type === Attr.SipAor || a.type === 121)).toBe(false);
    } finally {
      fb4.close();
      fb6.close();
      await server.stop();
    }
  });

  it('refuses a reload whose clients the rules no longer fit, keeps the running set, and logs the reject it then sends', async () => {
    const server = await startTestServer({ clients: clients('v1.24') }, redirectRules());
    const fb6 = new FirebrickStandIn('::1', server.authPort, server.acctPort);
    try {
      expect((await fb6.send(Code.AccessRequest, call))?.code).toBe(Code.AccessAccept);
      const running = server.running.pipeline!.rules.current;
      // SIGHUP after the operator set fb6 to v1.25: the new client table is served, the rules are refused.
      server.running.reload(configSchema.parse({ ...server.config, clients: clients('v1.25') }));
      const refused = server.logs.find((l) => l.msg === 'routing rules refused; the previous rules keep serving');
      expect(refused?.problems).toEqual([expect.stringMatching(new RegExp(`50-x\\.yaml:4:15: rules\\[0\\]\\.redirect: client "fb6" ${escape(REFUSAL)}$`))]);
      expect(server.running.pipeline!.rules.current).toBe(running);
      // The old set still redirects, which fb6 can no longer be sent: the reply, the log and the metrics agree.
      const reply = await fb6.send(Code.AccessRequest, call);
      expect(reply?.code).toBe(Code.AccessReject);
      expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Call routing failed');
      expect(requestLines(server, 'fb6').at(-1)).toMatchObject({ reply: 'Access-Reject', outcome: 'reject:route-encoding', reason: 'route-encoding', rule: 'desk' });
      expect(requestLines(server, 'fb6').at(-1)?.encodingError).toContain(REFUSAL);
      expect(server.logs.filter((l) => l.msg === 'request' && l.reply === 'Access-Reject' && l.outcome === 'route-accept')).toEqual([]);
      const metrics = await (await fetch(`http://127.0.0.1:${server.running.metricsPort()!}/metrics`)).text();
      expect(metrics).toMatch(/firebridge_requests_total\{client="fb6",code="Access-Request",reply="Access-Reject",outcome="reject:route-encoding"\} 1/);
    } finally {
      fb6.close();
      await server.stop();
    }
  });

  it('firebridge check, firebridge route and firebridge serve report the same problem', async () => {
    const rulesDir = rulesDirWith(redirectRules());
    const cfg = join(mkdtempSync(join(tmpdir(), 'firebridge-cfg-')), 'firebridge.yaml');
    writeFileSync(
      cfg,
      stringify({
        listen: { host: '127.0.0.1', auth: 0, acct: 0 },
        clients: clients('v1.25'),
        redis: { url: inject('redisUrl'), keyPrefix: uniquePrefix() },
        rules: { dir: rulesDir, watch: false },
        metrics: { enabled: false },
        api: { enabled: false },
        log: { format: 'json' },
      }),
    );
    const problem = new RegExp(`50-x\\.yaml:4:15: rules\\[0\\]\\.redirect: client "fb6" ${escape(REFUSAL)}\\n`);
    const check = await runCli(['check', '--config', cfg]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(problem);
    const checkDir = await runCli(['check', rulesDir, '--config', cfg]);
    expect(checkDir.stderr).toMatch(problem);
    // Without the configuration no client is known, so there is nothing to refuse.
    expect((await runCli(['check', rulesDir])).code).toBe(0);
    const route = await runCli(['route', '--config', cfg, '--client', 'fb6', '--to', '400']);
    expect(route.code).not.toBe(0);
    expect(route.stderr).toMatch(problem);
    // Killed after a while should it start after all, so a failing test leaves no server behind.
    const serve = spawnSync(process.execPath, [fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)), 'serve', '--config', cfg], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toMatch(/invalid routing rules/);
    expect(serve.stderr).toMatch(problem);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

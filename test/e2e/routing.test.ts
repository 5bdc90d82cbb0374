// Issue 5 end to end: INVITEs through real UDP and Redis, routed by the shipped example rules.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { digestAttributes, FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

function invite(from: string, to: string, extra: OutgoingAttribute[] = []): OutgoingAttribute[] {
  return digestAttributes({
    method: 'INVITE',
    username: from,
    password: `${from}-pw`,
    realm: REALM,
    nonce: `fb-nonce-${Math.random().toString(36).slice(2)}`,
    qop: 'auth',
    uri: `sip:${to}@firebrick.example.com`,
    base: [
      [Attr.DigestMethod, 'INVITE'],
      [Attr.DigestUri, `sip:${to}@firebrick.example.com`],
      [Attr.CalledStationId, to],
      [Attr.CallingStationId, from === 'alice' ? '201' : '202'],
      [Attr.AcctMultiSessionId, `call-${Math.random().toString(36).slice(2)}@phone`],
      ...extra,
    ],
  });
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

// Issue 18 end to end: a subscriber's call features through real UDP and Redis with the shipped
// example rules — the INVITE's exact reply attributes in order (spec §4.2 delays and fallback, §4.5
// redirect, §5 Reply-Message) — feature codes changing them, and `firebridge route` showing them.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import type { CallFeatures } from '../../src/store/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const NUMBERS = { alice: '201', bob: '202', carol: '203' } as const;

function invite(from: keyof typeof NUMBERS, to: string, extra: OutgoingAttribute[] = []): OutgoingAttribute[] {
  return subscriberInvite({ username: from, realm: REALM, to, cli: NUMBERS[from], extra });
}

function wire(reply: { packet: { attributes: readonly { type: number; value: Buffer }[] } }): Array<[number, string]> {
  return reply.packet.attributes.filter((a) => a.type !== Attr.MessageAuthenticator && a.type !== Attr.DigestResponseAuth).map((a) => [a.type, a.value.toString()]);
}

describe('call features and feature codes (issue 18)', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;

  async function setFeatures(username: keyof typeof NUMBERS, features: CallFeatures | undefined): Promise<void> {
    const s = (await server.store.subscribers.get(REALM, username))!;
    const { features: _old, ...rest } = s;
    await server.store.subscribers.put(features ? { ...rest, features } : rest);
  }

  beforeAll(async () => {
    server = await startTestServer({
      clients: [
        { name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET, firebrick: { featureCodes: { carrier: 'primary' } } },
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
      ],
    });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    for (const [u, n] of Object.entries(NUMBERS)) {
      await server.store.subscribers.put({ username: u, realm: REALM, ha1: { MD5: md5(`${u}:${REALM}:${u}-pw`) }, number: n, enabled: true });
    }
    const reg = await fb.authenticate({ method: 'REGISTER', username: 'alice', password: 'alice-pw', extra: [[Attr.SipAor, 'sip:alice@192.0.2.10'], [Attr.SessionTimeout, 300]] });
    expect(reg.reply?.code).toBe(Code.AccessAccept);
  });
  beforeEach(async () => setFeatures('alice', undefined));
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('routes a subscriber without features exactly as before', async () => {
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, '20+sip:vm-201@voicemail.example.com'],
    ]);
  });

  it('forwards unconditionally as the one leg', async () => {
    await setFeatures('alice', { forward: { kind: 'carrier', carrier: 'primary', number: '07700900123' }, simRing: [{ kind: 'tel', number: '203' }] });
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply!)).toEqual([[Attr.CalledStationId, '07700900123@primary']]);
  });

  it('forwards by a 302 redirect (SIP-AOR) when the subscriber asks for one', async () => {
    await setFeatures('alice', { forward: { kind: 'sip', uri: 'sip:alice@home.example' }, forwardMode: 'redirect' });
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply!)).toEqual([[Attr.SipAor, 'sip:alice@home.example']]);
  });

  it('forwards on no answer as a delayed leg and when unreachable as the fallback leg', async () => {
    await setFeatures('alice', {
      forwardNoAnswer: { kind: 'voicemail' },
      noAnswerSeconds: 15,
      voicemail: 'sip:vm-201@voicemail.example.com',
      forwardUnreachable: { kind: 'carrier', carrier: 'primary', number: '07700900123' },
    });
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, '15+sip:vm-201@voicemail.example.com'],
      [Attr.CalledStationId, '999+07700900123@primary'],
    ]);
  });

  it('rejects a call to a subscriber on do-not-disturb with the message, or sends it to voicemail only', async () => {
    await setFeatures('alice', { dnd: true });
    let reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(reply?.code).toBe(Code.AccessReject);
    expect(wire(reply!)).toEqual([[Attr.ReplyMessage, 'Do not disturb']]);
    await setFeatures('alice', { dnd: true, dndMode: 'voicemail', voicemail: 'sip:vm-201@voicemail.example.com' });
    reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(wire(reply!)).toEqual([[Attr.CalledStationId, 'sip:vm-201@voicemail.example.com']]);
  });

  it('rings follow-me destinations at their delays and simultaneous-ring numbers at once', async () => {
    await setFeatures('alice', {
      simRing: [{ kind: 'tel', number: '203' }],
      followMe: [
        { target: { kind: 'sip', uri: 'sip:alice@mobile.example' }, delaySeconds: 10 },
        { target: { kind: 'carrier', carrier: 'primary', number: '07700900123' }, delaySeconds: 25 },
      ],
    });
    const reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(wire(reply!)).toEqual([
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, 'tel:203'],
      [Attr.CalledStationId, '10+sip:alice@mobile.example'],
      [Attr.CalledStationId, '25+07700900123@primary'],
    ]);
  });

  it('a feature code changes the caller’s features, confirms it, is audited, and the next call follows it', async () => {
    let reply = await fb.send(Code.AccessRequest, invite('alice', '*21*07700900123#'));
    expect(reply?.code).toBe(Code.AccessReject);
    expect(wire(reply!)).toEqual([[Attr.ReplyMessage, 'Call forwarding on to 07700900123']]);
    expect((await server.store.subscribers.get(REALM, 'alice'))?.features).toEqual({ forward: { kind: 'carrier', carrier: 'primary', number: '07700900123' } });
    reply = await fb.send(Code.AccessRequest, invite('bob', '201'));
    expect(wire(reply!)).toEqual([[Attr.CalledStationId, '07700900123@primary']]);

    // A subscriber's number rings its registrations, not the carrier.
    reply = await fb.send(Code.AccessRequest, invite('alice', '*21*203#'));
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Call forwarding on to 203');
    expect(wire((await fb.send(Code.AccessRequest, invite('bob', '201')))!)).toEqual([[Attr.CalledStationId, 'tel:203']]);

    reply = await fb.send(Code.AccessRequest, invite('alice', '#21#'));
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Call forwarding off');
    reply = await fb.send(Code.AccessRequest, invite('alice', '*78'));
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Do not disturb on');
    expect(wire((await fb.send(Code.AccessRequest, invite('bob', '201')))!)).toEqual([[Attr.ReplyMessage, 'Do not disturb']]);
    reply = await fb.send(Code.AccessRequest, invite('alice', '*61*300*30#'));
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('No-answer forwarding on to 300 after 30 s');
    reply = await fb.send(Code.AccessRequest, invite('alice', '*79'));
    expect(reply!.attrs.text(Attr.ReplyMessage)).toBe('Do not disturb off');
    expect(wire((await fb.send(Code.AccessRequest, invite('bob', '201')))!)).toEqual([
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, '30+300@primary'],
    ]);

    const audit = await server.store.audit.list({ count: 10, subject: `subscriber:${REALM}:alice` });
    expect(audit.map((r) => r.what).slice(0, 3)).toEqual(['feature code *79', 'feature code *61*300*30#', 'feature code *78']);
    expect(audit[0]).toMatchObject({ who: { kind: 'subscriber', name: `${REALM}:alice` }, before: { dnd: '1' }, after: {} });
    expect(audit.at(-1)).toMatchObject({ what: 'feature code *21*07700900123#', before: {}, after: { fwd: '07700900123@primary' } });
  });

  it('a code from a caller who is nobody, or a number that is no code, is routed as any call', async () => {
    const carrierCall: OutgoingAttribute[] = [
      [Attr.UserName, '@primary'],
      [Attr.DigestMethod, 'INVITE'],
      [Attr.DigestUri, 'sip:*78@firebrick.example.com'],
      [Attr.CalledStationId, '*78'],
      [Attr.CallingStationId, '447700900123'],
    ];
    const reply = await fb.send(Code.AccessRequest, carrierCall);
    expect(reply!.attrs.text(Attr.ReplyMessage)).not.toBe('Do not disturb on');
    expect((await server.store.audit.list({ count: 10, subject: `subscriber:${REALM}:bob` })).length).toBe(0);
    const other = await fb.send(Code.AccessRequest, invite('bob', '*99#'));
    expect(other!.attrs.text(Attr.ReplyMessage)).not.toMatch(/forwarding|disturb/i);
  });

  it('firebridge route shows the features in a dry run', async () => {
    await setFeatures('alice', { simRing: [{ kind: 'tel', number: '203' }], forwardUnreachable: { kind: 'tel', number: '202' } });
    const cfg = configFileFor(server.config);
    const r = await runCli(['route', '--config', cfg, '--user', 'bob', '--from', '202', '--to', '201']);
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toMatch(/MATCH extension with call features .*201 \(alice\): 2 feature legs added/);
    expect(r.stdout).toContain('Called-Station-Id = "tel:201"\n  Called-Station-Id = "tel:203"\n  Called-Station-Id = "999+tel:202"');
    await setFeatures('alice', { dnd: true });
    const dnd = await runCli(['route', '--config', cfg, '--user', 'bob', '--from', '202', '--to', '201']);
    expect(dnd.stdout).toMatch(/201 \(alice\): do not disturb/);
    expect(dnd.stdout).toContain('Reply-Message = "Do not disturb"');
  });

  it('firebridge route shows what a feature code would change, and writes nothing', async () => {
    await setFeatures('alice', { dnd: true });
    const file = configFileFor(server.config);
    const withCodes = parse(readFileSync(file, 'utf8')) as { clients: Array<Record<string, unknown>> };
    withCodes.clients[0]!.firebrick = { featureCodes: { carrier: 'primary' } };
    writeFileSync(file, stringify(withCodes));
    const r = await runCli(['route', '--config', file, '--client', 'fb4', '--user', 'alice', '--from', '201', '--to', '*21*07700900123#']);
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toContain('feature code *21*07700900123# (forward) of alice@firebridge: - -> fwd=07700900123@primary (not written by a dry run)');
    expect(r.stdout).toContain('reply: Access-Reject\n  Reply-Message = "Call forwarding on to 07700900123"');
    expect((await server.store.subscribers.get(REALM, 'alice'))?.features).toEqual({ dnd: true });
  });
});

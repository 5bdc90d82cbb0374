// Ring groups end to end: INVITEs through real UDP and Redis, routed by the shipped example rules
// (routing-rules/22-groups.yaml), each reply's Called-Station-Id destinations exactly in spec §4
// order with their `N+` delays; a number that is no group's routes as before.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import type { RingGroup } from '../../src/rules/groups/index.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const tel = (number: string) => ({ kind: 'tel', number }) as const;

function carrierCall(to: string): OutgoingAttribute[] {
  return [
    [Attr.UserName, '@primary'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.DigestUri, `sip:${to}@firebrick.example.com`],
    [Attr.CalledStationId, to],
    [Attr.CallingStationId, '447700900123'],
  ];
}

/** The reply's attributes as [type, value] in wire order, Message-Authenticator left out. */
function wire(reply: { packet: { attributes: readonly { type: number; value: Buffer }[] } } | undefined): Array<[number, string]> {
  return reply!.packet.attributes.filter((a) => a.type !== Attr.MessageAuthenticator && a.type !== Attr.DigestResponseAuth).map((a) => [a.type, a.value.toString()]);
}
const called = (...values: string[]): Array<[number, string]> => values.map((v) => [Attr.CalledStationId, v]);

describe('ring groups through RADIUS (shipped rules)', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    server = await startTestServer();
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    await server.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:alice-pw`) }, number: '201', enabled: true });
    const groups: RingGroup[] = [
      { name: 'sales', number: '300', members: [tel('201'), tel('202'), tel('203')], strategy: 'cascade', delaySeconds: 10, fallback: { kind: 'sip', uri: 'sip:vm-sales@voicemail.example.com' } },
      { name: 'support', number: '310', members: [tel('204'), tel('205'), { kind: 'carrier', carrier: 'mobiles', number: '07700900123' }], strategy: 'round-robin', delaySeconds: 15 },
      { name: 'office', number: '320', members: [tel('201'), { kind: 'sip', uri: 'sip:desk@pbx.example' }], strategy: 'all', delaySeconds: 10, fallback: tel('299'), ringSeconds: 25 },
    ];
    for (const g of groups) expect(await server.store.groups.put(g)).toEqual({ ok: true });
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('cascade: each member 10 s after the one before, voicemail as the fallback leg (999+)', async () => {
    const reply = await fb.send(Code.AccessRequest, carrierCall('300'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply)).toEqual(called('tel:201', '10+tel:202', '20+tel:203', '999+sip:vm-sales@voicemail.example.com'));
  });

  it('round-robin: each call starts one member further on, wrapping', async () => {
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(wire(await fb.send(Code.AccessRequest, carrierCall('310'))));
    expect(replies).toEqual([
      called('tel:204', '15+tel:205', '30+07700900123@mobiles'),
      called('tel:205', '15+07700900123@mobiles', '30+tel:204'),
      called('07700900123@mobiles', '15+tel:204', '30+tel:205'),
      called('tel:204', '15+tel:205', '30+07700900123@mobiles'),
    ]);
  });

  it('all: every member at once, the fallback at the ring time; from a subscriber as from a carrier', async () => {
    expect(wire(await fb.send(Code.AccessRequest, carrierCall('320')))).toEqual(called('tel:201', 'sip:desk@pbx.example', '25+tel:299'));
    const reply = await fb.send(Code.AccessRequest, subscriberInvite({ username: 'alice', realm: REALM, to: '320', cli: '201' }));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(wire(reply).filter(([t]) => t === Attr.CalledStationId)).toEqual(called('tel:201', 'sip:desk@pbx.example', '25+tel:299'));
  });

  it('a number that is no group routes as before; a deleted group no longer answers its number', async () => {
    await server.store.setLookup('did:441632960100', '200');
    expect(wire(await fb.send(Code.AccessRequest, carrierCall('441632960100')))).toEqual(called('tel:200', '999+sip:vm-200@voicemail.example.com'));
    expect(await server.store.groups.delete('sales')).toBe(true);
    const after = await fb.send(Code.AccessRequest, carrierCall('300'));
    expect(wire(after)).not.toContainEqual([Attr.CalledStationId, 'tel:201']);
  });
});

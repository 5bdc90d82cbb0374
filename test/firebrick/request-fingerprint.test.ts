// Which SIP request an Access-Request is about: equal for a FireBrick's retry in a new RADIUS packet
// (new Identifier, Request Authenticator and Message-Authenticator, spec §7, §8.7), different as soon
// as anything the SIP request said differs.
import { describe, expect, it } from 'vitest';
import { sipRequestFingerprint } from '../../src/firebrick/request-fingerprint.js';
import { readAccessRequest } from '../../src/firebrick/access-request.js';
import { Attr, AttributeReader, serializeRequest, type Attribute, type OutgoingAttribute } from '../../src/radius/index.js';
import { parsePacket } from '../../src/radius/parser.js';

const SECRET = Buffer.from('a-fingerprint-test-secret');

/** A REGISTER as a V1.36+ FireBrick forwards it (spec §1.2). */
const REGISTER: readonly OutgoingAttribute[] = [
  [Attr.UserName, 'alice'],
  [Attr.NasIdentifier, 'fb1.example.net'],
  [Attr.NasIpAddress, '198.51.100.20'],
  [Attr.NasPort, 5060],
  [Attr.CalledStationId, 'alice'],
  [Attr.CallingStationId, 'alice'],
  [Attr.Class, 'Softphone/1.0'],
  [Attr.AcctMultiSessionId, 'call-id-1@198.51.100.20'],
  [Attr.DigestMethod, 'REGISTER'],
  [Attr.DigestUri, 'sip:firebrick.example.com'],
  [Attr.DigestUsername, 'alice'],
  [Attr.DigestRealm, 'firebridge'],
  [Attr.DigestNonce, 'nonce-1'],
  [Attr.DigestQop, 'auth'],
  [Attr.DigestNonceCount, '00000001'],
  [Attr.DigestCNonce, 'cnonce-1'],
  [Attr.DigestAlgorithm, 'MD5'],
  [Attr.DigestResponse, '0123456789abcdef0123456789abcdef'],
  [Attr.SipAor, 'sip:alice@198.51.100.20:5060'],
  [Attr.SessionTimeout, 3600],
];

/** The attributes as firebridge receives them: a signed packet, with a new Identifier and authenticator each time. */
function received(attributes: readonly OutgoingAttribute[], identifier = 1): readonly Attribute[] {
  const parsed = parsePacket(serializeRequest(1, identifier, attributes, SECRET));
  if (!parsed.ok) throw new Error('test packet does not parse');
  return parsed.packet.attributes;
}

const fingerprint = (attributes: readonly OutgoingAttribute[], identifier = 1, client = 'fb1'): string =>
  sipRequestFingerprint(client, received(attributes, identifier));

describe('SIP request fingerprint', () => {
  it('is the same for the same SIP request in a new RADIUS packet', () => {
    const first = received(REGISTER, 1);
    const retry = received(REGISTER, 2);
    const signature = (attributes: readonly Attribute[]): Buffer | undefined => attributes.find((a) => a.type === Attr.MessageAuthenticator)?.value;
    expect(signature(retry)).not.toEqual(signature(first));
    expect(sipRequestFingerprint('fb1', retry)).toBe(sipRequestFingerprint('fb1', first));
    expect(fingerprint(REGISTER, 200)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('leaves out what belongs to the RADIUS packet, hop or exchange: Message-Authenticator, Proxy-State, State', () => {
    const base = fingerprint(REGISTER);
    expect(fingerprint([...REGISTER, [Attr.ProxyState, Buffer.from('proxy-a')]], 7)).toBe(base);
    expect(fingerprint([[Attr.ProxyState, Buffer.from('proxy-b')], ...REGISTER, [Attr.ProxyState, Buffer.from('c')]], 8)).toBe(base);
    expect(fingerprint([...REGISTER, [Attr.State, Buffer.from('challenge-state')]], 9)).toBe(base);
    expect(sipRequestFingerprint('fb1', received(REGISTER).filter((a) => a.type !== Attr.MessageAuthenticator))).toBe(base);
  });

  it.each(REGISTER.map(([type], index) => [type, index] as const))('changes when attribute %i has another value', (type, index) => {
    const other = (value: OutgoingAttribute[1]): OutgoingAttribute[1] =>
      typeof value === 'number' ? value + 1 : type === Attr.NasIpAddress ? '198.51.100.21' : `${String(value)}x`;
    const changed = REGISTER.map((a, i): OutgoingAttribute => (i === index ? [type, other(a[1])] : a));
    expect(fingerprint(changed)).not.toBe(fingerprint(REGISTER));
  });

  it('changes when an attribute is added, dropped, repeated or moved', () => {
    const base = fingerprint(REGISTER);
    expect(fingerprint([...REGISTER, [Attr.NasPortType, 5]])).not.toBe(base);
    expect(fingerprint(REGISTER.slice(0, -1))).not.toBe(base);
    expect(fingerprint([...REGISTER, REGISTER.at(-1)!])).not.toBe(base);
    expect(fingerprint([REGISTER[1]!, REGISTER[0]!, ...REGISTER.slice(2)])).not.toBe(base);
  });

  it('does not let values run into each other', () => {
    const a: OutgoingAttribute[] = [[Attr.Class, 'ab'], [Attr.Class, 'c']];
    const b: OutgoingAttribute[] = [[Attr.Class, 'a'], [Attr.Class, 'bc']];
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  it('differs between FireBricks: another client sending the identical digest is not a retry', () => {
    expect(fingerprint(REGISTER, 1, 'fb2')).not.toBe(fingerprint(REGISTER, 1, 'fb1'));
  });

  it('is read with the request', () => {
    const attributes = received(REGISTER);
    expect(readAccessRequest(new AttributeReader(attributes), 'fb1').fingerprint).toBe(sipRequestFingerprint('fb1', attributes));
  });
});

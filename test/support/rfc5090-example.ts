// The RFC 5090 §6 example exchange (spec §8.10), shared secret "secret", and the self-made accounting
// vector of spec §8.10: the fixtures every byte-for-byte wire test reproduces.
import { Attr, encodeAttributes, type OutgoingAttribute } from '../../src/radius/index.js';

export const EXAMPLE_SECRET = Buffer.from('secret');
export const EXAMPLE_AUTHENTICATOR_A = Buffer.from('F5E55840E324AA49D216D9DBD069807C', 'hex');
export const EXAMPLE_AUTHENTICATOR_C = Buffer.from('F5E55840E324AA49D216D9DBD069807D', 'hex');

/** (a) The first Access-Request: INVITE without credentials, asking for a nonce. */
export const exampleRequestA: OutgoingAttribute[] = [
  [Attr.NasIpAddress, '192.0.2.38'],
  [Attr.NasPort, 5],
  [Attr.UserName, '12345678'],
  [Attr.DigestMethod, 'INVITE'],
  [Attr.DigestUri, 'sip:97226491335@example.com'],
];

/** The Digest-* answer to the challenge, in the RFC's order, up to (not including) Digest-Username. */
export const exampleDigestAnswer: OutgoingAttribute[] = [
  [Attr.DigestRealm, 'example.com'],
  [Attr.DigestQop, 'auth'],
  [Attr.DigestAlgorithm, 'MD5'],
  [Attr.DigestCNonce, '56593a80'],
  [Attr.DigestNonce, '3bada1a0'],
  [Attr.DigestNonceCount, '00000001'],
  [Attr.DigestResponse, '756933f735fcd93f90a4bbdd5467f263'],
];

/** (c) The second Access-Request, answering the challenge, with SIP-AOR under the given number (spec §9.1). */
export const exampleRequestC = (sipAorType: number): OutgoingAttribute[] => [
  ...exampleRequestA,
  ...exampleDigestAnswer,
  [Attr.DigestUsername, '12345678'],
  [sipAorType, 'sip:12345678@example.com'],
];

/** Spec §8.10's Accounting-Request (id 1): Request Authenticator af1f6fac…, reply 1a1073e2…. */
export const exampleAccountingStart: OutgoingAttribute[] = [
  [Attr.AcctStatusType, 1],
  [Attr.AcctSessionId, 'abc123'],
  [Attr.NasIdentifier, 'fb.example'],
];

/** Header + attributes + a zeroed Message-Authenticator appended last, as RFC 5090 §6 lays them out. */
export function assembleWithTrailingMa(
  code: number,
  identifier: number,
  authenticator: Buffer,
  attributes: readonly OutgoingAttribute[],
): { packet: Buffer; maOffset: number } {
  const body = encodeAttributes(attributes);
  const packet = Buffer.concat([Buffer.alloc(20), body, Buffer.from([Attr.MessageAuthenticator, 18]), Buffer.alloc(16)]);
  packet[0] = code;
  packet[1] = identifier;
  packet.writeUInt16BE(packet.length, 2);
  authenticator.copy(packet, 4);
  return { packet, maOffset: packet.length - 16 };
}

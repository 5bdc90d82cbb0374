// Byte-for-byte reproduction of the RFC 5090 §6 example exchange (spec §8.10), shared secret "secret",
// with our attribute encoder and authenticator code; plus the self-made accounting vector of spec §8.10
// and the shape of replies we sign ourselves (Message-Authenticator first).
import { describe, expect, it } from 'vitest';
import {
  checkReplyMessageAuthenticator,
  checkRequestMessageAuthenticator,
  computeMessageAuthenticator,
  verifyAccountingRequestAuthenticator,
  verifyResponseAuthenticator,
} from '../../src/radius/authenticators.js';
import { Attr } from '../../src/radius/attribute-types.js';
import { Code } from '../../src/radius/codes.js';
import { encodeAttributes } from '../../src/radius/dictionary.js';
import type { RadiusPacket } from '../../src/radius/packet.js';
import { parsePacket } from '../../src/radius/parser.js';
import { serializeReply, serializeRequest, signReply, type OutgoingAttribute } from '../../src/radius/serializer.js';
import {
  assembleWithTrailingMa,
  EXAMPLE_AUTHENTICATOR_A,
  EXAMPLE_AUTHENTICATOR_C,
  EXAMPLE_SECRET,
  exampleAccountingStart,
  exampleRequestA,
  exampleRequestC,
} from '../support/rfc5090-example.js';

const secret = EXAMPLE_SECRET;
const authenticatorA = EXAMPLE_AUTHENTICATOR_A;
const authenticatorC = EXAMPLE_AUTHENTICATOR_C;
const requestA = exampleRequestA;
const requestC = exampleRequestC;

function parsed(packet: Buffer): RadiusPacket {
  const r = parsePacket(packet);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.packet;
}

/** A signed Access-Request as in the RFC: MA computed over the packet with MA zeroed, then filled in. */
function signedRequest(identifier: number, authenticator: Buffer, attributes: readonly OutgoingAttribute[]): Buffer {
  const { packet, maOffset } = assembleWithTrailingMa(Code.AccessRequest, identifier, authenticator, attributes);
  computeMessageAuthenticator(packet, maOffset, secret).copy(packet, maOffset);
  return packet;
}

const maOf = (packet: Buffer): string => {
  const a = parsed(packet).attributes.find((x) => x.type === Attr.MessageAuthenticator);
  return a!.value.toString('hex').toUpperCase();
};


describe('RFC 5090 §6 example, byte for byte', () => {
  it('(a) Access-Request id 0x7c: length 97, Message-Authenticator 7600D5B0…', () => {
    const packet = signedRequest(0x7c, authenticatorA, requestA);
    expect(packet.length).toBe(97);
    expect(packet.readUInt16BE(2)).toBe(97);
    // The attribute octets themselves, spelled out: NAS-IP-Address c0000226, NAS-Port 5, the texts.
    expect(packet.subarray(20, 32).toString('hex')).toBe('0406c0000226' + '050600000005');
    expect(packet.subarray(32, 42).toString('latin1')).toBe('\x01\x0a12345678');
    expect(packet.subarray(42, 50).toString('latin1')).toBe('\x6c\x08INVITE');
    expect(packet.subarray(50, 79).toString('latin1')).toBe('\x6d\x1dsip:97226491335@example.com');
    expect(packet.subarray(79, 81).toString('hex')).toBe('5012');
    expect(maOf(packet)).toBe('7600D5B0BDC33987A60D5C6167B28B3B');
    expect(checkRequestMessageAuthenticator(parsed(packet), secret)).toBe('valid');
    expect(checkRequestMessageAuthenticator(parsed(packet), Buffer.from('Secret'))).toBe('invalid');
  });

  it('(b) Access-Challenge id 0x7c: length 72, MA 5DA18ED3…, Response Authenticator EBE20199…', () => {
    const { packet } = assembleWithTrailingMa(Code.AccessChallenge, 0x7c, Buffer.alloc(16), [
      [Attr.DigestNonce, '3bada1a0'],
      [Attr.DigestRealm, 'example.com'],
      [Attr.DigestQop, 'auth'],
      [Attr.DigestAlgorithm, 'MD5'],
    ]);
    signReply(packet, authenticatorA, secret);
    expect(packet.length).toBe(72);
    expect(maOf(packet)).toBe('5DA18ED3BBC9513DCBDE0A37F51B7DE3');
    expect(packet.subarray(4, 20).toString('hex').toUpperCase()).toBe('EBE20199C26EFEAD69BF8AB0E786CA4D');
    const reply = parsed(packet);
    expect(verifyResponseAuthenticator(reply, authenticatorA, secret)).toBe(true);
    expect(checkReplyMessageAuthenticator(reply, authenticatorA, secret)).toBe('valid');
    // Bound to the request: the other request's authenticator does not verify it.
    expect(verifyResponseAuthenticator(reply, authenticatorC, secret)).toBe(false);
    expect(checkReplyMessageAuthenticator(reply, authenticatorC, secret)).toBe('invalid');
  });

  it('(c) Access-Request id 0x7d with SIP-AOR as type 122: length 221, MA B6C7F7F8…', () => {
    const packet = signedRequest(0x7d, authenticatorC, requestC(Attr.SipAor));
    expect(packet.length).toBe(221);
    expect(maOf(packet)).toBe('B6C7F7F8D11EF261A26933D234561A60');
    expect(checkRequestMessageAuthenticator(parsed(packet), secret)).toBe('valid');
    const types = parsed(packet).attributes.map((a) => a.type);
    expect(types).toEqual([4, 5, 1, 108, 109, 104, 110, 111, 113, 105, 114, 103, 115, 122, 80]);
  });

  it('(c) the same request with SIP-AOR as 121 has a different MA: the RFC example uses 122', () => {
    const packet = signedRequest(0x7d, authenticatorC, requestC(Attr.DigestHa1OrFireBrickSipAor));
    expect(packet.length).toBe(221);
    expect(maOf(packet)).not.toBe('B6C7F7F8D11EF261A26933D234561A60');
    // And the 122 packet's MA does not verify the 121 packet.
    const with122 = signedRequest(0x7d, authenticatorC, requestC(Attr.SipAor));
    const forged = Buffer.from(packet);
    with122.subarray(with122.length - 16).copy(forged, forged.length - 16);
    expect(checkRequestMessageAuthenticator(parsed(forged), secret)).toBe('invalid');
  });

  it('(d) Access-Accept id 0x7d: MA 7B76E2F1…, Response Authenticator FFDD74D6…', () => {
    const { packet } = assembleWithTrailingMa(Code.AccessAccept, 0x7d, Buffer.alloc(16), [
      [Attr.DigestResponseAuth, 'f847de948d12285f8f4199e366f1af21'],
    ]);
    signReply(packet, authenticatorC, secret);
    expect(maOf(packet)).toBe('7B76E2F10A7067AF601938BF13B0A62E');
    expect(packet.subarray(4, 20).toString('hex').toUpperCase()).toBe('FFDD74D6470D21CB6FC4D6056BE245D2');
    const reply = parsed(packet);
    expect(verifyResponseAuthenticator(reply, authenticatorC, secret)).toBe(true);
    expect(checkReplyMessageAuthenticator(reply, authenticatorC, secret)).toBe('valid');
  });

  it('signReply overwrites whatever authenticator and MA octets the buffer held', () => {
    const { packet } = assembleWithTrailingMa(Code.AccessAccept, 0x7d, Buffer.alloc(16, 0xaa), [
      [Attr.DigestResponseAuth, 'f847de948d12285f8f4199e366f1af21'],
    ]);
    packet.fill(0x55, packet.length - 16);
    signReply(packet, authenticatorC, secret);
    expect(maOf(packet)).toBe('7B76E2F10A7067AF601938BF13B0A62E');
    expect(packet.subarray(4, 20).toString('hex').toUpperCase()).toBe('FFDD74D6470D21CB6FC4D6056BE245D2');
  });
});

describe('accounting vector (spec §8.10, self-made)', () => {
  const request = serializeRequest(Code.AccountingRequest, 1, exampleAccountingStart, secret, { messageAuthenticator: false });

  it('Accounting-Request id 1: length 46, Request Authenticator af1f6fac…', () => {
    expect(request.length).toBe(46);
    expect(request.subarray(4, 20).toString('hex')).toBe('af1f6fac60003c06b45fe16503928d46');
    expect(request.subarray(20).toString('hex')).toBe('2806' + '00000001' + '2c08' + Buffer.from('abc123').toString('hex') + '200c' + Buffer.from('fb.example').toString('hex'));
    expect(verifyAccountingRequestAuthenticator(parsed(request), secret)).toBe(true);
    expect(verifyAccountingRequestAuthenticator(parsed(request), Buffer.from('secreT'))).toBe(false);
  });

  it('empty Accounting-Response id 1: length 20, Response Authenticator 1a1073e2…', () => {
    const reply = serializeReply(Code.AccountingResponse, 1, request.subarray(4, 20), [], secret, { messageAuthenticator: false });
    expect(reply.length).toBe(20);
    expect(reply.toString('hex')).toBe('05010014' + '1a1073e203d3b538e7a35de6867d98db');
    expect(verifyResponseAuthenticator(parsed(reply), request.subarray(4, 20), secret)).toBe(true);
  });

  it('an Accounting-Request with Message-Authenticator: MA over the zeroed authenticator, both verify', () => {
    const withMa = serializeRequest(Code.AccountingRequest, 2, [[Attr.AcctStatusType, 2], [Attr.AcctSessionId, 'abc123']], secret, {
      messageAuthenticator: true,
    });
    const p = parsed(withMa);
    expect(p.attributes[0]!.type).toBe(Attr.MessageAuthenticator);
    expect(verifyAccountingRequestAuthenticator(p, secret)).toBe(true);
    expect(checkRequestMessageAuthenticator(p, secret)).toBe('valid');
  });
});

describe('replies we sign ourselves', () => {
  const request = signedRequest(0x7c, authenticatorA, requestA);
  const requestAuthenticator = parsed(request).authenticator;
  const attributes: OutgoingAttribute[] = [
    [Attr.ReplyMessage, 'hello'],
    [Attr.CalledStationId, 'tel:201'],
    [Attr.CallingStationId, '01234'],
    [Attr.CalledStationId, '10+@carrierA'],
    [Attr.SessionTimeout, 3600],
  ];

  it('put Message-Authenticator first, then the attributes in the given order, and verify', () => {
    const wire = serializeReply(Code.AccessAccept, 0x7c, requestAuthenticator, attributes, secret);
    const reply = parsed(wire);
    expect(reply.code).toBe(Code.AccessAccept);
    expect(reply.identifier).toBe(0x7c);
    expect(reply.attributes.map((a) => a.type)).toEqual([Attr.MessageAuthenticator, 18, 30, 31, 30, 27]);
    expect(reply.attributes[0]!.value).toHaveLength(16);
    expect(reply.attributes.slice(1, 5).map((a) => a.value.toString())).toEqual(['hello', 'tel:201', '01234', '10+@carrierA']);
    expect(reply.attributes[5]!.value.readUInt32BE(0)).toBe(3600);
    expect(checkReplyMessageAuthenticator(reply, requestAuthenticator, secret)).toBe('valid');
    expect(verifyResponseAuthenticator(reply, requestAuthenticator, secret)).toBe(true);
    // Wrong secret or wrong request: neither check passes.
    expect(checkReplyMessageAuthenticator(reply, requestAuthenticator, Buffer.from('other'))).toBe('invalid');
    expect(verifyResponseAuthenticator(reply, authenticatorC, secret)).toBe(false);
  });

  it('sign the same way as signReply over a hand-assembled packet with MA first', () => {
    const wire = serializeReply(Code.AccessChallenge, 9, requestAuthenticator, attributes, secret);
    const body = encodeAttributes(attributes);
    const manual = Buffer.concat([Buffer.from([Code.AccessChallenge, 9, 0, 0]), Buffer.alloc(16), Buffer.from([80, 18]), Buffer.alloc(16), body]);
    manual.writeUInt16BE(manual.length, 2);
    expect(signReply(manual, requestAuthenticator, secret).equals(wire)).toBe(true);
  });

  it('an Access-Reject with no attributes still carries (only) a Message-Authenticator', () => {
    const wire = serializeReply(Code.AccessReject, 3, requestAuthenticator, [], secret);
    expect(wire.length).toBe(38);
    const reply = parsed(wire);
    expect(reply.attributes.map((a) => a.type)).toEqual([Attr.MessageAuthenticator]);
    expect(checkReplyMessageAuthenticator(reply, requestAuthenticator, secret)).toBe('valid');
    expect(verifyResponseAuthenticator(reply, requestAuthenticator, secret)).toBe(true);
  });

  it('requests we originate carry MA first and verify (Access-Request, Status-Server)', () => {
    for (const code of [Code.AccessRequest, Code.StatusServer]) {
      const wire = serializeRequest(code, 5, code === Code.AccessRequest ? requestA : [], secret);
      const p = parsed(wire);
      expect(p.attributes[0]!.type).toBe(Attr.MessageAuthenticator);
      expect(checkRequestMessageAuthenticator(p, secret)).toBe('valid');
    }
  });
});

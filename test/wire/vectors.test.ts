// RFC 5090 §6 example packets and the accounting vector of spec §8.10, byte for byte, through our
// own authenticator code; plus the forgery regression the `radius` package fails.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Attr,
  checkReplyMessageAuthenticator,
  checkRequestMessageAuthenticator,
  Code,
  computeMessageAuthenticator,
  parsePacket,
  serializeReply,
  serializeRequest,
  signReply,
  verifyAccountingRequestAuthenticator,
  verifyResponseAuthenticator,
  type OutgoingAttribute,
} from '../../src/radius/index.js';
import { assembleWithTrailingMa, EXAMPLE_SECRET, exampleAccountingStart, exampleRequestA, exampleRequestC } from '../support/rfc5090-example.js';

const secret = EXAMPLE_SECRET;
const hex = (b: Buffer): string => b.toString('hex').toUpperCase();

/** Header + attributes + Message-Authenticator LAST, as the RFC's examples lay them out. */
const assemble = (code: number, id: number, authenticator: string, attrs: OutgoingAttribute[]): Buffer =>
  assembleWithTrailingMa(code, id, Buffer.from(authenticator, 'hex'), attrs).packet;
const maOf = (p: Buffer): string => hex(p.subarray(p.length - 16));
const request1 = exampleRequestA;
const request2 = exampleRequestC;

describe('RFC 5090 §6 examples', () => {
  it('Access-Request 0x7c', () => {
    const p = assemble(Code.AccessRequest, 0x7c, 'F5E55840E324AA49D216D9DBD069807C', request1);
    computeMessageAuthenticator(p, p.length - 16, secret).copy(p, p.length - 16);
    expect(p.length).toBe(97);
    expect(maOf(p)).toBe('7600D5B0BDC33987A60D5C6167B28B3B');
    const parsed = parsePacket(p);
    expect(parsed.ok && checkRequestMessageAuthenticator(parsed.packet, secret)).toBe('valid');
  });

  it('Access-Challenge 0x7c', () => {
    const reply = assemble(Code.AccessChallenge, 0x7c, '00'.repeat(16), [
      [Attr.DigestNonce, '3bada1a0'],
      [Attr.DigestRealm, 'example.com'],
      [Attr.DigestQop, 'auth'],
      [Attr.DigestAlgorithm, 'MD5'],
    ]);
    signReply(reply, Buffer.from('F5E55840E324AA49D216D9DBD069807C', 'hex'), secret);
    expect(reply.length).toBe(72);
    expect(maOf(reply)).toBe('5DA18ED3BBC9513DCBDE0A37F51B7DE3');
    expect(hex(reply.subarray(4, 20))).toBe('EBE20199C26EFEAD69BF8AB0E786CA4D');
  });

  it('Access-Request 0x7d with SIP-AOR as 122 (and not as 121)', () => {
    const p = assemble(Code.AccessRequest, 0x7d, 'F5E55840E324AA49D216D9DBD069807D', request2(122));
    computeMessageAuthenticator(p, p.length - 16, secret).copy(p, p.length - 16);
    expect(p.length).toBe(221);
    expect(maOf(p)).toBe('B6C7F7F8D11EF261A26933D234561A60');
    const as121 = assemble(Code.AccessRequest, 0x7d, 'F5E55840E324AA49D216D9DBD069807D', request2(121));
    computeMessageAuthenticator(as121, as121.length - 16, secret).copy(as121, as121.length - 16);
    expect(maOf(as121)).not.toBe('B6C7F7F8D11EF261A26933D234561A60');
  });

  it('Access-Accept 0x7d', () => {
    const reply = assemble(Code.AccessAccept, 0x7d, '00'.repeat(16), [[Attr.DigestResponseAuth, 'f847de948d12285f8f4199e366f1af21']]);
    signReply(reply, Buffer.from('F5E55840E324AA49D216D9DBD069807D', 'hex'), secret);
    expect(maOf(reply)).toBe('7B76E2F10A7067AF601938BF13B0A62E');
    expect(hex(reply.subarray(4, 20))).toBe('FFDD74D6470D21CB6FC4D6056BE245D2');
  });

  it('our replies put Message-Authenticator first and verify', () => {
    const requestAuth = randomBytes(16);
    const wire = serializeReply(Code.AccessAccept, 9, requestAuth, [[Attr.ReplyMessage, 'ok']], secret);
    const parsed = parsePacket(wire);
    if (!parsed.ok) throw new Error('unparseable');
    expect(parsed.packet.attributes[0]!.type).toBe(Attr.MessageAuthenticator);
    expect(checkReplyMessageAuthenticator(parsed.packet, requestAuth, secret)).toBe('valid');
    expect(verifyResponseAuthenticator(parsed.packet, requestAuth, secret)).toBe(true);
  });
});

describe('accounting vector (spec §8.10)', () => {
  it('Request and Response Authenticators', () => {
    const req = serializeRequest(Code.AccountingRequest, 1, exampleAccountingStart, secret, { messageAuthenticator: false });
    expect(req.length).toBe(46);
    expect(req.subarray(4, 20).toString('hex')).toBe('af1f6fac60003c06b45fe16503928d46');
    const resp = serializeReply(Code.AccountingResponse, 1, req.subarray(4, 20), [], secret, { messageAuthenticator: false });
    expect(resp.length).toBe(20);
    expect(resp.subarray(4, 20).toString('hex')).toBe('1a1073e203d3b538e7a35de6867d98db');
  });
});

describe('forgery regression: random authenticators never verify', () => {
  const base = serializeRequest(Code.AccountingRequest, 1, [[Attr.AcctStatusType, 1], [Attr.AcctSessionId, 'abc123']], secret, {
    messageAuthenticator: false,
  });
  const withAuthenticator = (a: Buffer): Buffer => {
    const p = Buffer.from(base);
    a.copy(p, 4);
    return p;
  };

  it('invalid-UTF-8 patterns the radius package collapses to U+FFFD', () => {
    for (const byte of [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff]) {
      const parsed = parsePacket(withAuthenticator(Buffer.alloc(16, byte)));
      expect(parsed.ok && verifyAccountingRequestAuthenticator(parsed.packet, secret)).toBe(false);
    }
  });

  it('100k random Accounting-Request authenticators', () => {
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      const parsed = parsePacket(withAuthenticator(randomBytes(16)));
      if (parsed.ok && verifyAccountingRequestAuthenticator(parsed.packet, secret)) accepted++;
    }
    expect(accepted).toBe(0);
  });

  it('random Message-Authenticators on an Access-Request, and any flipped bit of a signed one', () => {
    const signed = serializeRequest(Code.AccessRequest, 3, [[Attr.UserName, 'alice']], secret);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (ma) => {
        const p = Buffer.from(signed);
        p.set(ma, 22);
        const parsed = parsePacket(p);
        return !parsed.ok || Buffer.from(ma).equals(signed.subarray(22, 38)) || checkRequestMessageAuthenticator(parsed.packet, secret) !== 'valid';
      }),
      { numRuns: 20_000 },
    );
    for (let bit = 0; bit < signed.length * 8; bit++) {
      const p = Buffer.from(signed);
      p[bit >> 3]! ^= 1 << (bit & 7);
      const parsed = parsePacket(p);
      if (parsed.ok) expect(checkRequestMessageAuthenticator(parsed.packet, secret)).not.toBe('valid');
    }
  });
});

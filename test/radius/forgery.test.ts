// Forgery regression (spec libraries.md §1): the `radius` library compares digests as UTF-8 strings, so
// every invalid byte collapses to U+FFFD and e.g. sixteen 0x80 octets matched any authenticator that
// decodes to sixteen U+FFFD. Our checks compare raw octets; nothing but the right 16 octets verifies.
import { describe, expect, it } from 'vitest';
import {
  checkReplyMessageAuthenticator,
  checkRequestMessageAuthenticator,
  verifyAccountingRequestAuthenticator,
  verifyResponseAuthenticator,
} from '../../src/radius/authenticators.js';
import { Attr, Code, serializeReply, serializeRequest, type OutgoingAttribute } from '../../src/radius/index.js';
import type { RadiusPacket } from '../../src/radius/packet.js';
import { parsePacket } from '../../src/radius/parser.js';

const secret = Buffer.from('forgery-test-secret-0123456789');

function parsed(packet: Buffer): RadiusPacket {
  const r = parsePacket(packet);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.packet;
}

/** Deterministic xorshift32 stream, so a failure can be reproduced. */
function prng(seed: number): (out: Buffer) => Buffer {
  let x = seed >>> 0 || 1;
  return (out) => {
    for (let i = 0; i < out.length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

/** Authenticator patterns that are invalid UTF-8 (each decodes to U+FFFD runs) or otherwise special. */
const SPECIAL_PATTERNS: Buffer[] = [
  Buffer.alloc(16, 0x80),
  Buffer.alloc(16, 0xbf),
  Buffer.alloc(16, 0xc0),
  Buffer.alloc(16, 0xc1),
  Buffer.alloc(16, 0xf5),
  Buffer.alloc(16, 0xfe),
  Buffer.alloc(16, 0xff),
  Buffer.alloc(16, 0x00),
  Buffer.from('efbfbd'.repeat(5) + '80', 'hex'), // literal U+FFFD five times, then a stray continuation
  Buffer.from('c080'.repeat(8), 'hex'), // overlong NULs
  Buffer.from('eda080'.repeat(5) + 'ff', 'hex'), // UTF-16 surrogates encoded in UTF-8
  Buffer.from('f4908080'.repeat(4), 'hex'), // above U+10FFFF
  Buffer.from('e2'.repeat(16), 'hex'), // truncated three-octet leads
];

/**
 * Octet strings that differ from `real` but decode to the same (lossy) UTF-8 string: exactly the
 * forgeries a string comparison lets through. Found by changing one octet at a time.
 */
function lossyTwins(real: Buffer): Buffer[] {
  const text = real.toString('utf8');
  const twins: Buffer[] = [];
  for (let i = 0; i < real.length; i++) {
    for (let v = 0; v < 256; v++) {
      if (v === real[i]) continue;
      const c = Buffer.from(real);
      c[i] = v;
      if (c.toString('utf8') === text) twins.push(c);
    }
  }
  return twins;
}

const accountingAttributes = (session: string): OutgoingAttribute[] => [
  [Attr.AcctStatusType, 1],
  [Attr.AcctSessionId, session],
  [Attr.NasIdentifier, 'fb.example'],
  [Attr.CallingStationId, '01234567890'],
];

describe('Accounting-Request authenticator', () => {
  it('100k random and all invalid-UTF-8 patterns never verify', () => {
    const wire = serializeRequest(Code.AccountingRequest, 1, accountingAttributes('abc123'), secret, { messageAuthenticator: false });
    const real = Buffer.from(wire.subarray(4, 20));
    const work = Buffer.from(wire);
    const packet = parsed(work); // views into `work`: rewriting its authenticator is seen by the check
    expect(verifyAccountingRequestAuthenticator(packet, secret)).toBe(true);

    const next = prng(0x5eed);
    const candidate = Buffer.alloc(16);
    let verified = 0;
    for (let i = 0; i < 100_000; i++) {
      next(candidate);
      if (candidate.equals(real)) continue;
      candidate.copy(work, 4);
      if (verifyAccountingRequestAuthenticator(packet, secret)) verified++;
    }
    for (const pattern of SPECIAL_PATTERNS) {
      pattern.copy(work, 4);
      if (verifyAccountingRequestAuthenticator(packet, secret)) verified++;
    }
    expect(verified).toBe(0);
    real.copy(work, 4);
    expect(verifyAccountingRequestAuthenticator(packet, secret)).toBe(true);
  });

  it('forged authenticators that a UTF-8 string comparison would accept are refused', () => {
    let tried = 0;
    for (let n = 0; tried < 200 && n < 200; n++) {
      const wire = serializeRequest(Code.AccountingRequest, n & 0xff, accountingAttributes(`s${n}`), secret, { messageAuthenticator: false });
      const real = Buffer.from(wire.subarray(4, 20));
      for (const twin of lossyTwins(real)) {
        // Precondition: the library's comparison cannot tell them apart.
        expect(twin.toString('utf8')).toBe(real.toString('utf8'));
        expect(twin.equals(real)).toBe(false);
        const forged = Buffer.from(wire);
        twin.copy(forged, 4);
        expect(verifyAccountingRequestAuthenticator(parsed(forged), secret)).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(50);
  });
});

describe('Access-Request Message-Authenticator', () => {
  const wire = serializeRequest(
    Code.AccessRequest,
    0x42,
    [
      [Attr.UserName, 'alice'],
      [Attr.DigestMethod, 'REGISTER'],
      [Attr.DigestUri, 'sip:example.com'],
    ],
    secret,
  );
  const maOffset = 22; // serializeRequest puts MA first

  it('random and invalid-UTF-8 Message-Authenticators never verify', () => {
    const real = Buffer.from(wire.subarray(maOffset, maOffset + 16));
    const work = Buffer.from(wire);
    const packet = parsed(work);
    expect(checkRequestMessageAuthenticator(packet, secret)).toBe('valid');
    const next = prng(0xbeef);
    const candidate = Buffer.alloc(16);
    const results = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      next(candidate);
      if (candidate.equals(real)) continue;
      candidate.copy(work, maOffset);
      const r = checkRequestMessageAuthenticator(packet, secret);
      results.set(r, (results.get(r) ?? 0) + 1);
    }
    for (const pattern of [...SPECIAL_PATTERNS, ...lossyTwins(real)]) {
      pattern.copy(work, maOffset);
      const r = checkRequestMessageAuthenticator(packet, secret);
      results.set(r, (results.get(r) ?? 0) + 1);
    }
    expect([...results.keys()]).toEqual(['invalid']);
  });

  it('forged Message-Authenticators on replies never verify (random, patterns, lossy twins)', () => {
    const requestAuthenticator = parsed(wire).authenticator;
    const reply = serializeReply(Code.AccessAccept, 0x42, requestAuthenticator, [[Attr.ReplyMessage, 'ok']], secret);
    const real = Buffer.from(reply.subarray(maOffset, maOffset + 16));
    const work = Buffer.from(reply);
    const packet = parsed(work);
    expect(checkReplyMessageAuthenticator(packet, requestAuthenticator, secret)).toBe('valid');
    const next = prng(0xface);
    const candidates = [...SPECIAL_PATTERNS, ...lossyTwins(real), ...Array.from({ length: 5_000 }, () => next(Buffer.alloc(16)))];
    for (const c of candidates) {
      c.copy(work, maOffset);
      expect(checkReplyMessageAuthenticator(packet, requestAuthenticator, secret)).toBe('invalid');
    }
    // And the Response Authenticator: random values and lossy twins of the real one.
    real.copy(work, maOffset);
    const realRa = Buffer.from(reply.subarray(4, 20));
    for (const c of [...SPECIAL_PATTERNS, ...lossyTwins(realRa), ...Array.from({ length: 5_000 }, () => next(Buffer.alloc(16)))]) {
      c.copy(work, 4);
      expect(verifyResponseAuthenticator(packet, requestAuthenticator, secret)).toBe(false);
    }
  });

  it('two Message-Authenticators, or one of the wrong length, are invalid even if one is right', () => {
    const p = parsed(wire);
    const ma = p.attributes[0]!.value;
    const twice = Buffer.concat([wire, Buffer.from([Attr.MessageAuthenticator, 18]), ma]);
    twice.writeUInt16BE(twice.length, 2);
    expect(checkRequestMessageAuthenticator(parsed(twice), secret)).toBe('invalid');
    // A 17-octet "Message-Authenticator" in front of the body.
    const long = Buffer.concat([wire.subarray(0, 20), Buffer.from([Attr.MessageAuthenticator, 19]), ma, Buffer.from([0]), wire.subarray(38)]);
    long.writeUInt16BE(long.length, 2);
    expect(checkRequestMessageAuthenticator(parsed(long), secret)).toBe('invalid');
  });
});

describe('any flipped bit in a signed packet fails verification', () => {
  /** Every single-bit flip of `wire` that still frames as a packet. */
  function* flips(wire: Buffer): Generator<RadiusPacket> {
    for (let bit = 0; bit < wire.length * 8; bit++) {
      const d = Buffer.from(wire);
      d[bit >> 3]! ^= 1 << (bit & 7);
      const r = parsePacket(d);
      if (r.ok) yield r.packet;
    }
  }

  const attrs: OutgoingAttribute[] = [
    [Attr.UserName, 'alice'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.DigestUri, 'sip:201@example.com'],
    [Attr.DigestResponse, '756933f735fcd93f90a4bbdd5467f263'],
  ];

  it('Access-Request: Message-Authenticator never "valid" after a flip', () => {
    const wire = serializeRequest(Code.AccessRequest, 1, attrs, secret);
    let n = 0;
    for (const p of flips(wire)) {
      expect(checkRequestMessageAuthenticator(p, secret)).not.toBe('valid');
      n++;
    }
    expect(n).toBeGreaterThan(wire.length * 4);
  });

  it('Accounting-Request (with and without MA): authenticator never verifies after a flip', () => {
    for (const messageAuthenticator of [false, true]) {
      const wire = serializeRequest(Code.AccountingRequest, 2, accountingAttributes('flip'), secret, { messageAuthenticator });
      for (const p of flips(wire)) {
        expect(verifyAccountingRequestAuthenticator(p, secret)).toBe(false);
      }
    }
  });

  it('Access-Accept: neither Response Authenticator nor Message-Authenticator verify after a flip', () => {
    const request = parsed(serializeRequest(Code.AccessRequest, 3, attrs, secret));
    const wire = serializeReply(Code.AccessAccept, 3, request.authenticator, [[Attr.ReplyMessage, 'welcome'], [Attr.CalledStationId, 'tel:201']], secret);
    for (const p of flips(wire)) {
      expect(verifyResponseAuthenticator(p, request.authenticator, secret)).toBe(false);
      // The MA does not cover the Response Authenticator field itself; everything else it does.
      if (!p.raw.subarray(0, 4).equals(wire.subarray(0, 4)) || !p.raw.subarray(20).equals(wire.subarray(20))) {
        expect(checkReplyMessageAuthenticator(p, request.authenticator, secret)).not.toBe('valid');
      }
    }
  });
});

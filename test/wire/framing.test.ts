// Framing validation (RFC 2865 §3) and a fuzz of the decoder: nothing throws, ever.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Attr, Code, parsePacket, serializeRequest } from '../../src/radius/index.js';

const good = serializeRequest(Code.AccessRequest, 1, [[Attr.UserName, 'alice'], [Attr.DigestMethod, 'INVITE']], Buffer.from('s'));
const withLength = (p: Buffer, n: number): Buffer => {
  const c = Buffer.from(p);
  c.writeUInt16BE(n, 2);
  return c;
};

describe('parsePacket', () => {
  it.each([
    ['short datagram', good.subarray(0, 19), 'short-datagram'],
    ['Length below 20', withLength(good, 19), 'length-below-minimum'],
    ['Length above 4096', withLength(good, 4097), 'length-above-maximum'],
    ['Length beyond the datagram', withLength(good, good.length + 1), 'length-exceeds-datagram'],
    ['attribute length 0', Buffer.concat([withLength(good, good.length + 2), Buffer.from([1, 0])]), 'attribute-length-invalid'],
    ['attribute length 1', Buffer.concat([withLength(good, good.length + 2), Buffer.from([1, 1])]), 'attribute-length-invalid'],
    ['attribute overrunning Length', Buffer.concat([withLength(good, good.length + 3), Buffer.from([1, 9, 65])]), 'attribute-truncated'],
  ])('%s', (_n, datagram, reason) => {
    const r = parsePacket(datagram);
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('ignores padding beyond Length and tiles attributes in order', () => {
    const r = parsePacket(Buffer.concat([good, Buffer.from('padding')]));
    if (!r.ok) throw new Error(r.detail);
    expect(r.packet.raw.length).toBe(good.length);
    expect(r.packet.attributes.map((a) => a.type)).toEqual([Attr.MessageAuthenticator, Attr.UserName, Attr.DigestMethod]);
  });

  it('never throws on random bytes, and what it accepts tiles exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const r = parsePacket(Buffer.from(bytes));
        if (!r.ok) return true;
        const tiled = r.packet.attributes.reduce((n, a) => n + 2 + a.value.length, 20);
        return tiled === r.packet.raw.length;
      }),
      { numRuns: 20_000 },
    );
  });

  it('never throws on mutations of a valid packet (bit flips, truncation, length lies)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length * 8 - 1)), { maxLength: 8 }),
        fc.nat(good.length),
        fc.option(fc.nat(5000)),
        (flips, cut, length) => {
          let p = Buffer.from(good);
          for (const [bit] of flips) p[bit >> 3]! ^= 1 << (bit & 7);
          p = p.subarray(0, Math.max(cut, 0));
          if (length !== null && p.length >= 4) p.writeUInt16BE(length, 2);
          const r = parsePacket(p);
          return r.ok ? r.packet.raw.length <= p.length : typeof r.reason === 'string';
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

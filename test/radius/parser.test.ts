// Framing validation (RFC 2865 §3, spec §8.1): every way a datagram can lie about its size is refused
// with its own reason, padding is ignored, and what is accepted tiles the body exactly — for any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Attr, AttributeReader, Code, copyValue, serializeRequest, valueLength, type Attribute } from '../../src/radius/index.js';
import { parsePacket, type MalformedReason } from '../../src/radius/parser.js';
import type { RadiusPacket } from '../../src/radius/packet.js';

const secret = Buffer.from('parser-test-secret-0123456789');

/** A real, signed Access-Request: MA, then User-Name, Digest-Method, Digest-URI, two Proxy-States. */
const valid = serializeRequest(
  Code.AccessRequest,
  42,
  [
    [Attr.UserName, 'alice'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.DigestUri, 'sip:201@example.com'],
    [Attr.ProxyState, Buffer.from([0])],
    [Attr.ProxyState, Buffer.from('second')],
  ],
  secret,
);

/** A packet from a header with the given Length field and any body bytes. */
function packet(length: number, body: readonly number[] | Buffer = [], code: number = Code.AccessRequest): Buffer {
  const b = Buffer.concat([Buffer.alloc(20), Buffer.from(body)]);
  b[0] = code;
  b[1] = 7;
  b.writeUInt16BE(length, 2);
  return b;
}

function reasonOf(datagram: Buffer): MalformedReason | 'ok' {
  const r = parsePacket(datagram);
  return r.ok ? 'ok' : r.reason;
}

/** Attributes re-serialised, to compare with the body they were read from. */
function retile(p: RadiusPacket): Buffer {
  return Buffer.concat(p.attributes.map((a) => Buffer.concat([Buffer.from([a.type, a.value.length + 2]), a.value])));
}

function expectTiles(p: RadiusPacket): void {
  expect(retile(p).equals(p.raw.subarray(20))).toBe(true);
}

describe('parsePacket framing', () => {
  it('refuses a datagram shorter than a header', () => {
    expect(reasonOf(Buffer.alloc(0))).toBe('short-datagram');
    expect(reasonOf(valid.subarray(0, 19))).toBe('short-datagram');
    const r = parsePacket(valid.subarray(0, 3));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(/3 octets/);
  });

  it('refuses Length below 20, even with the octets present', () => {
    expect(reasonOf(packet(19))).toBe('length-below-minimum');
    expect(reasonOf(packet(0))).toBe('length-below-minimum');
    const lying = Buffer.from(valid);
    lying.writeUInt16BE(4, 2);
    expect(reasonOf(lying)).toBe('length-below-minimum');
  });

  it('refuses Length above 4096, even when the datagram is that long', () => {
    expect(reasonOf(packet(4097, Buffer.alloc(4077, 0x01)))).toBe('length-above-maximum');
    expect(reasonOf(packet(65535))).toBe('length-above-maximum');
    // Exactly 4096, with attributes tiling it, is fine: 16 × 254 + 12 = 4076 octets of body.
    const body = Buffer.concat([
      ...Array.from({ length: 16 }, () => Buffer.concat([Buffer.from([Attr.ReplyMessage, 254]), Buffer.alloc(252, 0x61)])),
      Buffer.concat([Buffer.from([Attr.ReplyMessage, 12]), Buffer.alloc(10, 0x62)]),
    ]);
    expect(body.length).toBe(4076);
    const r = parsePacket(packet(4096, body));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.packet.attributes).toHaveLength(17);
      expectTiles(r.packet);
    }
  });

  it('refuses a Length larger than the datagram (a short packet is silently discarded)', () => {
    const lying = Buffer.from(valid);
    lying.writeUInt16BE(valid.length + 1, 2);
    expect(reasonOf(lying)).toBe('length-exceeds-datagram');
    expect(reasonOf(valid.subarray(0, valid.length - 1))).toBe('length-exceeds-datagram');
    expect(reasonOf(packet(21))).toBe('length-exceeds-datagram');
  });

  it('ignores octets beyond Length (padding) and does not expose them', () => {
    const padded = Buffer.concat([valid, Buffer.from([Attr.UserName, 6, 0x65, 0x76, 0x69, 0x6c, 0xff, 0x00, 0x01])]);
    const r = parsePacket(padded);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.packet.raw.length).toBe(valid.length);
    expect(r.packet.raw.equals(valid)).toBe(true);
    expect(r.packet.attributes.filter((a) => a.type === Attr.UserName)).toHaveLength(1);
    expectTiles(r.packet);
    // A bare header with padding behind it: no attributes at all.
    const bare = parsePacket(packet(20, [1, 2, 3, 4, 5]));
    expect(bare.ok && bare.packet.attributes).toEqual([]);
  });

  it('refuses attribute length 0 and 1', () => {
    expect(reasonOf(packet(22, [Attr.UserName, 0]))).toBe('attribute-length-invalid');
    expect(reasonOf(packet(22, [Attr.UserName, 1]))).toBe('attribute-length-invalid');
    // After a good attribute too.
    expect(reasonOf(packet(27, [Attr.UserName, 3, 0x61, Attr.ReplyMessage, 1, 0, 0]))).toBe('attribute-length-invalid');
    expect(reasonOf(packet(25, [Attr.UserName, 3, 0x61, Attr.ReplyMessage, 0]))).toBe('attribute-length-invalid');
  });

  it('refuses an attribute that runs past Length, even when the datagram has the octets', () => {
    expect(reasonOf(packet(23, [Attr.UserName, 5, 0x61, 0x62, 0x63]))).toBe('attribute-truncated');
    // Header of an attribute cut by Length: one octet left.
    expect(reasonOf(packet(21, [Attr.UserName, 3, 0x61]))).toBe('attribute-truncated');
    expect(reasonOf(packet(24, [Attr.UserName, 3, 0x61, Attr.UserName, 3, 0x62]))).toBe('attribute-truncated');
    // The last attribute of a real packet one octet too long.
    const cut = Buffer.from(valid);
    cut.writeUInt16BE(valid.length - 1, 2);
    expect(reasonOf(cut)).toBe('attribute-truncated');
  });

  it('reads a well-formed packet: header fields and attributes in wire order, values as views of raw', () => {
    const r = parsePacket(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.packet;
    expect(p.code).toBe(Code.AccessRequest);
    expect(p.identifier).toBe(42);
    expect(p.authenticator.equals(valid.subarray(4, 20))).toBe(true);
    expect(p.attributes.map((a) => a.type)).toEqual([
      Attr.MessageAuthenticator,
      Attr.UserName,
      Attr.DigestMethod,
      Attr.DigestUri,
      Attr.ProxyState,
      Attr.ProxyState,
    ]);
    expect(p.attributes.map((a) => a.value.toString('latin1')).slice(1)).toEqual(['alice', 'INVITE', 'sip:201@example.com', '\0', 'second']);
    expect(p.attributes[0]!.value).toHaveLength(16);
    expectTiles(p);
    // Unknown codes and attribute types are framing-valid: deciding about them is the server's job.
    const odd = parsePacket(packet(25, [250, 5, 1, 2, 3], 99));
    expect(odd.ok && odd.packet.attributes.map((a) => ({ type: a.type, value: a.value }))).toEqual([{ type: 250, value: Buffer.from([1, 2, 3]) }]);
  });
});

describe('parsed attributes', () => {
  it('read, measure and copy as plain attributes with the same values do', () => {
    const body = [Attr.UserName, 7, ...Buffer.from('alice'), Attr.NasPort, 6, 0, 0, 1, 2, Attr.NasIpAddress, 6, 192, 0, 2, 9, Attr.ReplyMessage, 2, 26, 4, 0xc3, 0xa9];
    const r = parsePacket(packet(20 + body.length, body));
    if (!r.ok) throw new Error(r.detail);
    const parsed = r.packet.attributes;
    const plain: Attribute[] = parsed.map((a) => ({ type: a.type, value: Buffer.from(a.value) }));
    for (const [i, a] of parsed.entries()) {
      expect(valueLength(a)).toBe(plain[i]!.value.length);
      const into = Buffer.alloc(8, 0xff);
      const from = Buffer.alloc(8, 0xff);
      expect(copyValue(a, into, 1)).toBe(copyValue(plain[i]!, from, 1));
      expect(into).toEqual(from);
    }
    const ours = new AttributeReader(parsed);
    const theirs = new AttributeReader(plain);
    for (const type of [Attr.UserName, Attr.NasPort, Attr.NasIpAddress, Attr.ReplyMessage, 26, Attr.State]) {
      expect(ours.text(type)).toEqual(theirs.text(type));
      expect(ours.integer(type)).toEqual(theirs.integer(type));
      expect(ours.ipv4(type)).toEqual(theirs.ipv4(type));
      expect(ours.first(type)).toEqual(theirs.first(type));
      expect(ours.all(type)).toEqual(theirs.all(type));
    }
    expect(ours.integer(Attr.NasPort)).toBe(258);
    expect(ours.text(26)).toBe('é');
  });
});

describe('parsePacket on hostile input (property tests)', () => {
  /** When parsing succeeds: Length within bounds and the datagram, attributes tiling the body exactly. */
  function wellFormedOrReason(datagram: Buffer): boolean {
    let r;
    try {
      r = parsePacket(datagram);
    } catch (err) {
      throw new Error(`parsePacket threw on ${datagram.toString('hex')}: ${(err as Error).message}`);
    }
    if (!r.ok) return typeof r.reason === 'string' && r.reason.length > 0 && typeof r.detail === 'string';
    const length = datagram.readUInt16BE(2);
    const p = r.packet;
    return (
      length >= 20 &&
      length <= 4096 &&
      length <= datagram.length &&
      p.raw.length === length &&
      p.raw.equals(datagram.subarray(0, length)) &&
      p.code === datagram[0] &&
      p.identifier === datagram[1] &&
      p.authenticator.equals(datagram.subarray(4, 20)) &&
      p.attributes.every((a) => a.value.length <= 253) &&
      retile(p).equals(p.raw.subarray(20))
    );
  }

  it('never throws on random bytes, and accepted packets tile exactly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => wellFormedOrReason(Buffer.from(bytes))), { numRuns: 20_000 });
  });

  it('never throws on random headers with a truthful Length over random attribute soup', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(64), (body, padding) => {
        const d = Buffer.concat([packet(20 + body.length, Buffer.from(body)), Buffer.alloc(padding, 0xee)]);
        return wellFormedOrReason(d);
      }),
      { numRuns: 20_000 },
    );
  });

  it('never throws on mutations of a valid packet: bit flips, truncation, extension, Length lies', () => {
    const mutation = fc.record({
      flips: fc.array(fc.nat(valid.length * 8 - 1), { maxLength: 6 }),
      cut: fc.option(fc.nat(valid.length), { nil: undefined }),
      extra: fc.uint8Array({ maxLength: 40 }),
      length: fc.option(fc.oneof(fc.nat(65535), fc.integer({ min: 0, max: valid.length + 40 })), { nil: undefined }),
      attrLength: fc.option(fc.tuple(fc.nat(valid.length - 21), fc.nat(255)), { nil: undefined }),
    });
    fc.assert(
      fc.property(mutation, ({ flips, cut, extra, length, attrLength }) => {
        let d = Buffer.concat([valid, Buffer.from(extra)]);
        for (const bit of flips) d[bit >> 3]! ^= 1 << (bit & 7);
        if (attrLength) d[20 + attrLength[0]] = attrLength[1];
        if (cut !== undefined) d = d.subarray(0, cut);
        if (length !== undefined && d.length >= 4) d.writeUInt16BE(length, 2);
        return wellFormedOrReason(d);
      }),
      { numRuns: 30_000 },
    );
  });

  it('accepts every packet our serializer writes, attributes round-tripping in order', () => {
    const attribute = fc.tuple(
      fc.constantFrom(Attr.UserName, Attr.ReplyMessage, Attr.CalledStationId, Attr.DigestUri, Attr.ProxyState, Attr.Class),
      fc.uint8Array({ minLength: 1, maxLength: 253 }),
    );
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 14 }), fc.nat(255), (attrs, id) => {
        const wire = serializeRequest(Code.AccessRequest, id, attrs.map(([t, v]) => [t, Buffer.from(v)] as const), secret);
        const r = parsePacket(wire);
        if (!r.ok) return false;
        const got = r.packet.attributes.slice(1);
        return (
          r.packet.identifier === id &&
          got.length === attrs.length &&
          got.every((a, i) => a.type === attrs[i]![0] && a.value.equals(Buffer.from(attrs[i]![1])))
        );
      }),
      { numRuns: 2_000 },
    );
  });
});

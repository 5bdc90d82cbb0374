// The FaxBack VSA codec (spec §1.2, RFC 2865 §5.26): several sub-attributes per VSA read, one per VSA
// written, encode ⇄ decode for any sub-attributes, every malformed VSA a typed problem, values of
// more than 247 octets refused; and the value and UUID codecs beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUuid, writeUuid } from '../../src/faxback/uuid.js';
import { encodeFaxbackVsa, MAX_SUB_ATTRIBUTE_VALUE, readFaxbackVsas, VsaTooLongError, type SubAttribute } from '../../src/faxback/vsa.js';
import { decodeWireValue, encodeWireValue } from '../../src/faxback/wire-values.js';
import { Attr } from '../../src/radius/index.js';
import { hex } from './support.js';

const vsa = (value: Buffer) => ({ type: Attr.VendorSpecific, value });

describe('readFaxbackVsas', () => {
  it('reads FB-Command and FB-Context packed in one VSA (spec §9), in order', () => {
    const r = readFaxbackVsas([vsa(hex('000077e6 01 06 00000009 02 06 00000005'))]);
    expect(r.problems).toEqual([]);
    expect(r.subAttributes).toEqual([
      { type: 1, value: hex('00000009') },
      { type: 2, value: hex('00000005') },
    ]);
  });

  it('passes over other attributes and other vendors\' VSAs', () => {
    const r = readFaxbackVsas([{ type: 1, value: Buffer.from('x') }, vsa(hex('00000009 01 03 41')), vsa(hex('000077e6 4b 06 31313131'))]);
    expect(r.subAttributes).toEqual([{ type: 75, value: Buffer.from('1111') }]);
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['000077', 'no-vendor-id'],
    ['000077e6', 'no-sub-attribute'],
    ['000077e6 01 01 00', 'sub-length-below-2'],
    ['000077e6 01 00', 'sub-length-below-2'],
    ['000077e6 01 07 00000009', 'sub-attribute-overruns'],
    ['000077e6 01 06 00000009 02', 'sub-attribute-overruns'],
  ] as const)('a VSA %s is malformed: %s, and none of its sub-attributes is taken', (value, reason) => {
    const r = readFaxbackVsas([vsa(hex(value)), vsa(hex('000077e6 4b 03 31'))]);
    expect(r.problems.map((p) => p.reason)).toEqual([reason]);
    expect(r.problems[0]!.raw.equals(hex(value))).toBe(true);
    expect(r.subAttributes).toEqual([{ type: 75, value: Buffer.from('1') }]);
  });
});

describe('encodeFaxbackVsa', () => {
  it('writes one sub-attribute per VSA as the port server receives it: integers 4 octets, strings bare', () => {
    const r = encodeFaxbackVsa({ type: 10, value: hex('00000004') });
    expect(r.ok && r.value.toString('hex')).toBe('000077e60a0600000004');
  });

  it('refuses a value over 247 octets with a typed error, and takes exactly 247', () => {
    expect(encodeFaxbackVsa({ type: 34, value: Buffer.alloc(MAX_SUB_ATTRIBUTE_VALUE) }).ok).toBe(true);
    const r = encodeFaxbackVsa({ type: 34, value: Buffer.alloc(248) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(VsaTooLongError);
      expect(r.error.message).toMatch(/248 octets .*at most 247/);
    }
  });

  it('round trip: any sub-attributes, one or several per VSA, read back as written', () => {
    const sub = fc.record({ type: fc.integer({ min: 0, max: 255 }), value: fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)) });
    fc.assert(
      fc.property(fc.array(fc.array(sub, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (groups) => {
        const attributes = groups.map((g) => {
          const e = encodeFaxbackVsa(g as SubAttribute[]);
          if (!e.ok) throw e.error;
          return vsa(e.value);
        });
        const r = readFaxbackVsas(attributes);
        expect(r.problems).toEqual([]);
        expect(r.subAttributes).toEqual(groups.flat());
      }),
    );
  });
});

describe('wire values', () => {
  it.each([
    ['integer', 4, '00000004'],
    ['integer', '61', '0000003d'],
    ['date', 1249336279, '4a775bd7'],
    ['short', 258, '0102'],
    ['byte', 7, '07'],
    ['signed', -1, 'ffffffff'],
    ['ipaddr', '10.0.0.84', '0a000054'],
    ['string', 'email@domain.com', Buffer.from('email@domain.com').toString('hex')],
  ] as const)('%s %s ⇄ %s', (type, value, bytes) => {
    const e = encodeWireValue(type, value);
    expect(e.ok && e.value.toString('hex')).toBe(bytes);
    expect(decodeWireValue(type, hex(bytes))).toBe(String(value));
  });

  it('refuses values that are not the type, and decodes a wrong-length integer as nothing', () => {
    expect(encodeWireValue('integer', -1).ok).toBe(false);
    expect(encodeWireValue('integer', 2 ** 32).ok).toBe(false);
    expect(encodeWireValue('integer', 'Queue').ok).toBe(false);
    expect(encodeWireValue('ipaddr', '10.0.0').ok).toBe(false);
    expect(encodeWireValue('string', 3).ok).toBe(false);
    expect(decodeWireValue('integer', hex('000004'))).toBeUndefined();
    expect(decodeWireValue('octets', hex('00ff'))).toBe('00ff');
  });
});

describe('UUIDs (spec §6)', () => {
  const uuid = '05a32765c400499390d835289f96988a';

  it('writes the three encodings of the spec', () => {
    expect(writeUuid(uuid, 'binary')!.toString('hex')).toBe(uuid);
    expect(writeUuid(uuid, 'hex')!.toString()).toBe('0x05A32765C400499390D835289F96988A');
    expect(writeUuid(uuid, 'dash')!.toString()).toBe('05A32765-C400-4993-90D8-35289F96988A');
    expect(writeUuid('not a uuid', 'dash')).toBeUndefined();
  });

  it('reads all three on input, hex in any case, 0x optional', () => {
    for (const text of ['0x05A32765C400499390D835289F96988A', '05a32765c400499390d835289f96988a', '0X05a32765C400499390d835289F96988A', '05A32765-C400-4993-90D8-35289F96988A']) {
      expect(readUuid(Buffer.from(text))).toBe(uuid);
    }
    expect(readUuid(Buffer.from(uuid, 'hex'))).toBe(uuid);
    expect(readUuid(Buffer.from('05A32765C400-4993-90D8-35289F96988A'))).toBeUndefined();
    expect(readUuid(Buffer.alloc(15))).toBeUndefined();
  });
});

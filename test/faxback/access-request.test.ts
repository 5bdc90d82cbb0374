// Reading a FaxBack Access-Request (spec §2.3, §7): every row's fields, the §7 readings, and every
// kind of bad input refused by name — and random or mutated bytes never make the reader throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFaxbackRequest } from '../../src/faxback/access-request.js';
import { BUILT_IN_DICTIONARY } from '../../src/faxback/dictionary.js';
import { Attr, AttributeReader, parsePacket } from '../../src/radius/index.js';
import { AUTHENTICATOR, FULL_DICTIONARY, SECRET, faxRequest, fbVsa, hex, read } from './support.js';

const refusal = (datagram: Buffer, options: Parameters<typeof read>[1] = {}): string | undefined => {
  const r = read(datagram, options);
  return r.ok ? undefined : r.refusal.reason;
};

describe('readFaxbackRequest: rows of spec §2.3', () => {
  it('row 1 Account-Login: name, revealed password, client info', () => {
    const r = read(faxRequest(1, 1, [[Attr.UserName, 'account'], fbVsa(45, ';FV=1.0;UN;MN=X')], 'pässwörd'));
    expect(r.ok && r.request).toMatchObject({ kind: 'account-login', account: 'account', clientInfo: { tags: { FV: '1.0', UN: '', MN: 'X' } } });
    expect(r.ok && r.request.kind === 'account-login' && r.request.password.toString()).toBe('pässwörd');
  });

  it('row 2 Account-Validate', () => {
    const r = read(faxRequest(1, 2, [[Attr.UserName, 'Account']], 'pw'));
    expect(r.ok && r.request).toMatchObject({ kind: 'account-validate', account: 'Account' });
  });

  it('row 3 Pre-Send by name, or by FB-Account-UUID in any of the three encodings (spec §6)', () => {
    const base = [fbVsa(34, '5551112345'), fbVsa(58, 2), [Attr.AcctSessionId, 's1']] as const;
    expect(read(faxRequest(1, 3, [[Attr.UserName, 'account'], ...base]))).toMatchObject({
      ok: true,
      request: { kind: 'pre-send', account: { name: 'account' }, dialNumber: '5551112345', transferType: 2, sessionId: 's1' },
    });
    for (const uuid of [hex('05a32765c400499390d835289f96988a'), Buffer.from('0x05A32765C400499390D835289F96988A'), Buffer.from('05A32765-C400-4993-90D8-35289F96988A')]) {
      const r = read(faxRequest(1, 3, [[Attr.UserName, 'a-name-longer-than-sixteen-bytes'], fbVsa(101, uuid), ...base]), { dictionary: FULL_DICTIONARY, uuidMode: true });
      expect(r.ok && r.request).toMatchObject({ kind: 'pre-send', account: { uuid: '05a32765c400499390d835289f96988a' } });
    }
    expect(refusal(faxRequest(1, 3, [fbVsa(101, 'garbage'), ...base]), { dictionary: FULL_DICTIONARY })).toBe('invalid-uuid');
  });

  it('rows 4–14 and the §7 readings', () => {
    const cases: Array<[Buffer, object]> = [
      [faxRequest(1, 4, [[Attr.UserName, 'account'], fbVsa(34, '555'), fbVsa(58, 1)]), { kind: 'pre-receive', dialNumber: '555', transferType: 1 }],
      [faxRequest(1, 5, [[Attr.UserName, 'account']]), { kind: 'account-info', account: 'account' }],
      [faxRequest(2, 4, [[Attr.UserName, '*'], [Attr.AcctSessionId, 'x']]), { kind: 'route-did', did: '*', sessionId: 'x' }],
      [faxRequest(2, 5, [[Attr.UserName, '5551231234']]), { kind: 'did-email', did: '5551231234' }],
      [faxRequest(7, 5, [[Attr.UserName, '00:90:8f:1d:37:f0'], fbVsa(66, 0)]), { kind: 'ata-by-mac', mac: '00908F1D37F0', ataType: 0 }],
      [faxRequest(6, 5, [[Attr.UserName, '27482734']]), { kind: 'ata-by-serial', serial: '27482734', ataType: undefined }],
      [faxRequest(5, 3, [[Attr.UserName, '5551231234']]), { kind: 'call-ahead', number: '5551231234' }],
      // §7 #8: the address is FB-Snd-Email when present, else User-Name.
      [faxRequest(3, 5, [[Attr.UserName, 'user@example.com']]), { kind: 'sender-email', email: 'user@example.com' }],
      // §7 #2: Get-DID with context 3 or 5 alike.
      [faxRequest(8, 3, [[Attr.UserName, '2222']]), { kind: 'get-did', key: '2222', context: 3 }],
      [faxRequest(8, 5, [[Attr.UserName, '2222']]), { kind: 'get-did', key: '2222', context: 5 }],
      // §7 #3: Get-DIDs-For-Account is 9.
      [faxRequest(9, 5, [[Attr.UserName, 'TEST']]), { kind: 'dids-for-account', account: 'TEST' }],
      // §7 #1: Load-Balance comes with context 4.
      [faxRequest(4, 4, [[Attr.UserName, 'group']]), { kind: 'group-members', account: 'group' }],
    ];
    for (const [datagram, expected] of cases) expect(read(datagram)).toMatchObject({ ok: true, request: expected });
    const withSndEmail = read(faxRequest(3, 5, [[Attr.UserName, 'other'], fbVsa(118, 'Sender@Example.com')]), { dictionary: FULL_DICTIONARY });
    expect(withSndEmail.ok && withSndEmail.request).toMatchObject({ kind: 'sender-email', email: 'Sender@Example.com' });
  });
});

describe('readFaxbackRequest: bad input is a named refusal', () => {
  it.each([
    ['no FB-Command', serialize([fbVsa(2, 1), [Attr.UserName, 'a']]), 'no-command'],
    ['no FB-Context', serialize([fbVsa(1, 1), [Attr.UserName, 'a']]), 'no-context'],
    ['FB-Command of 2 octets', serialize([fbVsa(1, hex('0001')), fbVsa(2, 1)]), 'unknown-command'],
    ['unknown command 10', faxRequest(10, 5, [[Attr.UserName, 'a']]), 'unknown-command'],
    ['unknown command 0', faxRequest(0, 1, [[Attr.UserName, 'a']]), 'unknown-command'],
    ['Get-Account-From-DID with Account-Login', faxRequest(2, 1, [[Attr.UserName, 'a']]), 'invalid-pair'],
    ['Get-DID with Pre-Receive', faxRequest(8, 4, [[Attr.UserName, 'a']]), 'invalid-pair'],
    ['Load-Balance with Pre-Send (the table on p.29)', faxRequest(4, 3, [[Attr.UserName, 'a']]), 'invalid-pair'],
    ['Get-Call-Ahead-Mode with context 6', faxRequest(5, 6, [[Attr.UserName, 'a']]), 'invalid-pair'],
    ['no User-Name on Get-DID', faxRequest(8, 3, []), 'no-user-name'],
    ['an empty User-Name', hex('01 07 0028 6c422a8afa766542a678b82f8db0104f 1a 12 000077e6 01 06 00000002 02 06 00000004 01 02'), 'no-user-name'],
    ['no User-Name on Account-Login', faxRequest(1, 1, [], 'pw'), 'no-user-name'],
    ['a 17-byte name (spec §1.4)', faxRequest(1, 1, [[Attr.UserName, 'a'.repeat(17)]], 'pw'), 'invalid-account-name'],
    ['a 17-byte name on Pre-Receive', faxRequest(1, 4, [[Attr.UserName, 'ééééééééé']]), 'invalid-account-name'],
    ['a 17-byte name on Get-DIDs-For-Account', faxRequest(9, 5, [[Attr.UserName, 'b'.repeat(17)]]), 'invalid-account-name'],
    ['no User-Password on Account-Login', faxRequest(1, 1, [[Attr.UserName, 'account']]), 'no-password'],
    ['a 17-octet User-Password', faxRequest(1, 2, [[Attr.UserName, 'account'], [Attr.UserPassword, Buffer.alloc(17, 1)]]), 'undecodable-password'],
    ['a MAC that is not one', faxRequest(7, 5, [[Attr.UserName, '00908F1D37']]), 'invalid-mac'],
    ['a VSA whose sub-attribute overruns', serialize([[Attr.VendorSpecific, hex('000077e6 01 06 00000001 02 09 00000001')]]), 'malformed-vsa'],
    ['a VSA with sub-length 0', faxRequest(1, 5, [[Attr.UserName, 'a'], [Attr.VendorSpecific, hex('000077e6 22 00')]]), 'malformed-vsa'],
  ] as const)('%s → %s', (_name, datagram, reason) => {
    expect(refusal(datagram)).toBe(reason);
  });

  it('a 17-byte name is fine in UUID mode, 65 characters are not (spec §6)', () => {
    expect(refusal(faxRequest(1, 5, [[Attr.UserName, 'a'.repeat(17)]]), { uuidMode: true })).toBeUndefined();
    expect(refusal(faxRequest(1, 5, [[Attr.UserName, 'é'.repeat(64)]]), { uuidMode: true })).toBeUndefined();
    expect(refusal(faxRequest(1, 5, [[Attr.UserName, 'é'.repeat(65)]]), { uuidMode: true })).toBe('invalid-account-name');
  });

  it('refusals carry the pair and a detail for the log', () => {
    const r = read(faxRequest(2, 1, [[Attr.UserName, 'a']]));
    expect(r).toEqual({ ok: false, refusal: { reason: 'invalid-pair', detail: 'FB-Command 2 with FB-Context 1', command: 2, context: 1 } });
  });
});

function serialize(attributes: Parameters<typeof faxRequest>[2]): Buffer {
  // A request without the usual FB-Command/FB-Context VSA: reuse faxRequest's framing, then drop that VSA.
  const full = faxRequest(1, 1, attributes);
  const body = full.subarray(20 + 18);
  const out = Buffer.concat([full.subarray(0, 20), body]);
  out.writeUInt16BE(out.length, 2);
  return out;
}

describe('readFaxbackRequest never throws', () => {
  const ctx = { secret: SECRET, requestAuthenticator: AUTHENTICATOR, dictionary: FULL_DICTIONARY, uuidMode: false };
  const readAttributes = (datagram: Buffer): void => {
    const p = parsePacket(datagram);
    if (p.ok) readFaxbackRequest(new AttributeReader(p.packet.attributes), ctx);
  };

  it('on random attribute lists, FaxBack VSAs among them', () => {
    const value = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    const vsaValue = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.concat([hex('000077e6'), Buffer.from(a)]));
    const attribute = fc.oneof(
      fc.record({ type: fc.constantFrom(1, 2, 26, 44), value }),
      fc.record({ type: fc.constant(26), value: vsaValue }),
      fc.record({ type: fc.integer({ min: 0, max: 255 }), value }),
    );
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 12 }), (list) => {
        expect(() => readFaxbackRequest(new AttributeReader(list), ctx)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('on every spec request with bytes flipped, cut or inserted', () => {
    const seeds = [
      faxRequest(1, 1, [[Attr.UserName, 'account'], fbVsa(45, ';FV=1')], 'pw'),
      faxRequest(1, 3, [[Attr.UserName, 'account'], fbVsa(34, '555'), fbVsa(58, 2), fbVsa(100, 'x')]),
      faxRequest(3, 5, [[Attr.UserName, 'a@b'], fbVsa(118, 'x@y')]),
      hex('01 0b 0040 38f79b70099aab4db17c1f4809ffdca8 1a 12 000077e6 01 06 00000007 02 06 00000005 01 0e 303039303846314433374630 1a 0c 000077e6 42 06 00000000'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')), { minLength: 1, maxLength: 6 }),
        (seed, edits) => {
          let b = Buffer.from(seed);
          for (const [at, byte, op] of edits) {
            const i = 20 + (at % Math.max(1, b.length - 20));
            if (op === 'flip') b[i] = byte;
            else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
            else b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
            if (b.length >= 4) b.writeUInt16BE(b.length, 2);
          }
          expect(() => readAttributes(b)).not.toThrow();
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// A FaxBack Accounting-Request as a FaxEvent (spec §4): status Start / Alive / Stop, Acct-Session-Id
// required and at most 48, named sub-attributes as record fields, unknown ones kept as (number, hex)
// (spec §8.5), FB-Msg-Type as string or integer (§7 #12), FB-Called-Number-Result of a Stop with
// its FB-Dial-Number for the Called Numbers database (§5); random input never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFaxAccounting, recordFieldName } from '../../src/faxback/accounting-request.js';
import { BUILT_IN_DICTIONARY, type FaxbackDictionary } from '../../src/faxback/dictionary.js';
import { faxRecordFields } from '../../src/faxback/fax-event.js';
import { Attr, AttributeReader, type Attribute } from '../../src/radius/index.js';
import { FULL_DICTIONARY, hex, uint32 } from './support.js';

const client = { name: 'portserver-1', source: '192.0.2.10' };
const vsa = (type: number, value: Buffer | string | number): Attribute => {
  const bytes = Buffer.isBuffer(value) ? value : typeof value === 'number' ? uint32(value) : Buffer.from(value);
  return { type: Attr.VendorSpecific, value: Buffer.concat([hex('000077e6'), Buffer.from([type, bytes.length + 2]), bytes]) };
};
const text = (type: number, value: string): Attribute => ({ type, value: Buffer.from(value) });
const int = (type: number, value: number): Attribute => ({ type, value: uint32(value) });

function readWith(list: Attribute[], dictionary: FaxbackDictionary = FULL_DICTIONARY) {
  return readFaxAccounting(new AttributeReader(list), client, 1_700_000_000_123, dictionary);
}

const session = '78967f9a89164bb1b43132dec73d45fe';

describe('readFaxAccounting', () => {
  it.each([
    [1, 'start'],
    [3, 'alive'],
    [2, 'stop'],
  ] as const)('Acct-Status-Type %i is %s', (status, kind) => {
    const r = readWith([int(Attr.AcctStatusType, status), text(Attr.AcctSessionId, session)]);
    expect(r.kind === 'fax' && r.event.status).toBe(kind);
  });

  it.each([
    [[int(Attr.AcctStatusType, 7), text(Attr.AcctSessionId, 's')], /Acct-Status-Type 7/],
    [[text(Attr.AcctSessionId, 's')], /Acct-Status-Type \(absent\)/],
    [[int(Attr.AcctStatusType, 2)], /no Acct-Session-Id/],
    [[int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, 'x'.repeat(49))], /49 characters/],
  ] as const)('invalid: %#', (list, reason) => {
    const r = readWith([...list]);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.reason).toMatch(reason);
  });

  it('a 48-character session id is accepted (spec §7 #13)', () => {
    expect(readWith([int(Attr.AcctStatusType, 1), text(Attr.AcctSessionId, 'x'.repeat(48))]).kind).toBe('fax');
  });

  it('a send Stop: named fields, integers in decimal, FB-Start-Time as Unix seconds, the Called Numbers update', () => {
    const r = readWith([
      int(Attr.AcctStatusType, 2),
      text(Attr.AcctSessionId, session),
      text(Attr.UserName, 'account'),
      int(Attr.AcctDelayTime, 3),
      vsa(126, 4), // FB-Page-Count
      vsa(127, 1249336279), // FB-Start-Time
      vsa(34, '5551112345'), // FB-Dial-Number
      vsa(125, 2), // FB-Called-Number-Result = VoiceError
      vsa(129, 'PS1'), // FB-Port-Server
      vsa(200, hex('c0ffee')), // unknown
    ]);
    expect(r.kind).toBe('fax');
    if (r.kind !== 'fax') return;
    expect(r.event).toMatchObject({
      status: 'stop',
      sessionId: session,
      account: 'account',
      portServer: 'portserver-1',
      radiusSource: '192.0.2.10',
      unknown: [[200, 'c0ffee']],
      calledNumber: { number: '5551112345', result: 'voice-error' },
      receivedAt: 1_700_000_000_123,
    });
    expect(r.event.fields).toEqual({
      acct_delay_time: '3',
      page_count: '4',
      start_time: '1249336279',
      dial_number: '5551112345',
      called_number_result: '2',
      fb_port_server: 'PS1',
    });
    // FB-Port-Server does not collide with the record's own port_server (the RADIUS client).
    expect(faxRecordFields(r.event)).toMatchObject({ port_server: 'portserver-1', fb_port_server: 'PS1', unknown: '200:c0ffee' });
  });

  it('FB-Called-Number-Result only counts on a Stop with FB-Dial-Number', () => {
    const base = [text(Attr.AcctSessionId, session), vsa(125, 0)];
    const start = readWith([int(Attr.AcctStatusType, 1), ...base, vsa(34, '555')]);
    const noNumber = readWith([int(Attr.AcctStatusType, 2), ...base]);
    const stop = readWith([int(Attr.AcctStatusType, 2), ...base, vsa(34, '555')]);
    expect([start, noNumber, stop].map((r) => r.kind === 'fax' && r.event.calledNumber)).toEqual([undefined, undefined, { number: '555', result: 'success' }]);
  });

  it('before the dictionary numbers them, FaxBack sub-attributes are kept as (number, hex) (spec §8.5)', () => {
    const r = readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, session), vsa(126, 4), vsa(34, '555')], BUILT_IN_DICTIONARY);
    expect(r.kind === 'fax' && [r.event.fields, r.event.unknown]).toEqual([{ dial_number: '555' }, [[126, '00000004']]]);
  });

  it('FB-Msg-Type as ASCII digits or as a 4-octet integer, raw kept (spec §7 #12)', () => {
    const asText = readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, session), vsa(128, '1')]);
    const asInteger = readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, session), vsa(128, 2)]);
    expect(asText.kind === 'fax' && asText.event.fields).toEqual({ msg_type: '1', msg_type_raw: '31' });
    expect(asInteger.kind === 'fax' && asInteger.event.fields).toEqual({ msg_type: '2', msg_type_raw: '00000002' });
  });

  it('an integer of the wrong length and a repeated attribute lose nothing', () => {
    const r = readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, session), vsa(126, hex('0004')), vsa(130, 'a'), vsa(130, 'b')]);
    expect(r.kind === 'fax' && [r.event.fields, r.event.unknown]).toEqual([{ caller_id: 'a', caller_id_2: 'b' }, [[126, '0004']]]);
  });

  it('a malformed VSA does not lose the CDR: it is kept raw, the rest is read', () => {
    const bad: Attribute = { type: Attr.VendorSpecific, value: hex('000077e6 22 09 3535') };
    const r = readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, session), bad, vsa(126, 1)]);
    expect(r.kind === 'fax' && r.event.fields).toEqual({ page_count: '1', malformed_vsa: '000077e622093535' });
  });

  it('record field names', () => {
    expect(['FB-Page-Count', 'FB-V21-Frame-Error-Count', 'FB-SIP-Call-Id', 'FB-Port-Server', 'FB-Dial-Number', 'Vendor-Thing'].map(recordFieldName)).toEqual([
      'page_count',
      'v21_frame_error_count',
      'sip_call_id',
      'fb_port_server',
      'dial_number',
      'vendor_thing',
    ]);
  });

  it('never throws on random attributes', () => {
    const value = fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a));
    const attribute = fc.oneof(
      fc.record({ type: fc.constantFrom(1, 26, 40, 41, 44), value }),
      fc.record({ type: fc.constant(26), value: value.map((v) => Buffer.concat([hex('000077e6'), v])) }),
    );
    fc.assert(
      fc.property(fc.array(attribute, { maxLength: 10 }), (list) => {
        expect(() => readWith([int(Attr.AcctStatusType, 2), text(Attr.AcctSessionId, 's'), ...list])).not.toThrow();
        expect(() => readWith(list)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

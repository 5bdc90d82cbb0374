// The port server's side of the dialect: what faxbackRequestAttributes writes, the reader reads back
// as the same request (encode ⇄ decode), and the layout is the manual's (spec §9).
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DICTIONARY } from '../../src/faxback/dictionary.js';
import { faxAccountingAttributes, faxbackRequestAttributes, RequestEncodingError } from '../../src/faxback/encode-request.js';
import { readFaxAccounting } from '../../src/faxback/accounting-request.js';
import { AttributeReader, Code, encodeAttributes, serializeRequest } from '../../src/radius/index.js';
import { hex, packetOf, read, SECRET } from './support.js';

describe('faxbackRequestAttributes', () => {
  it('writes Get-DIDs-For-Account exactly as the manual’s packet (spec §9)', () => {
    const attrs = faxbackRequestAttributes(BUILT_IN_DICTIONARY, { command: 9, context: 5, userName: 'TEST' });
    expect(encodeAttributes(attrs).toString('hex')).toBe(hex('1a 12 000077e6 01 06 00000009 02 06 00000005 01 06 54455354').toString('hex'));
  });

  it('round-trips through the request reader', () => {
    const attrs = faxbackRequestAttributes(BUILT_IN_DICTIONARY, {
      command: 1,
      context: 4,
      userName: 'account',
      sessionId: '03bb96b4af2d41f08dd0e46c250c274f',
      attributes: [
        ['FB-Dial-Number', '5551112345'],
        ['FB-Transfer-Type', 1],
      ],
    });
    const r = read(serializeRequest(Code.AccessRequest, 2, attrs, SECRET));
    expect(r).toMatchObject({ ok: true, request: { kind: 'pre-receive', account: 'account', sessionId: '03bb96b4af2d41f08dd0e46c250c274f', dialNumber: '5551112345', transferType: 1 } });
  });

  it('refuses an attribute the dictionary does not number', () => {
    expect(() => faxbackRequestAttributes(BUILT_IN_DICTIONARY, { command: 3, context: 5, attributes: [['FB-Snd-Email', 'a@b']] })).toThrow(RequestEncodingError);
  });
});

describe('faxAccountingAttributes', () => {
  it('round-trips a Stop through the accounting reader, leaving out what has no number', () => {
    const attrs = faxAccountingAttributes(BUILT_IN_DICTIONARY, {
      status: 'stop',
      sessionId: 's-1',
      account: 'acme',
      attributes: [
        ['FB-Dial-Number', '5551231234'],
        ['FB-Page-Count', 3],
      ],
    });
    const packet = packetOf(serializeRequest(Code.AccountingRequest, 7, attrs, SECRET));
    const m = readFaxAccounting(new AttributeReader(packet.attributes), { name: 'fax1', source: '192.0.2.1' }, 1_000, BUILT_IN_DICTIONARY);
    expect(m).toMatchObject({ kind: 'fax', event: { status: 'stop', sessionId: 's-1', account: 'acme', fields: { dial_number: '5551231234' } } });
    if (m.kind === 'fax') expect(m.event.fields.page_count).toBeUndefined();
  });
});

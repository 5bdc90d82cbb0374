import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTelUri, parseTelUri, type TelUri } from '../../../src/firebrick/uri/index.js';

type Expect = Partial<Omit<TelUri, 'params'>> & { params?: Record<string, string | null> };

const VALID: ReadonlyArray<[string, Expect]> = [
  // RFC 3966 §6 examples and friends
  ['tel:+1-201-555-0123', { global: true, number: '+12015550123', context: undefined }],
  ['tel:7042;phone-context=example.com', { global: false, number: '7042', context: 'example.com' }],
  ['tel:863-1234;phone-context=+1-914-555', { global: false, number: '8631234', context: '+1914555' }],
  ['tel:+44-1632-960123', { global: true, number: '+441632960123' }],
  ['tel:+44(0)1632.960.123', { number: '+4401632960123' }],
  ['TEL:+441632960123', { number: '+441632960123' }],
  ['tel:+441632960123;ext=201', { number: '+441632960123', extension: '201' }],
  ['tel:+1-201-555-0123;ext=1-2.3', { extension: '123' }],
  ['tel:+441632960123;isub=1234%41;foo=bar', { isdnSubaddress: '1234%41', params: { foo: 'bar' } }],
  ['tel:+441632960123;Foo=Bar;baz', { params: { foo: 'Bar', baz: null } }],
  ['tel:+441632960123;EXT=9', { extension: '9' }],
  ['tel:7042;PHONE-CONTEXT=Example.COM', { context: 'example.com' }],
  ['tel:7042;phone-context=pbx.example.com.', { context: 'pbx.example.com.' }],
  ['tel:7042;phone-context=a-1.example', { context: 'a-1.example' }],
  ['tel:*67;phone-context=example.com', { number: '*67' }],
  ['tel:#31#;phone-context=+44', { number: '#31#', context: '+44' }],
  ['tel:%2331%23;phone-context=+44', { number: '#31#' }],
  ['tel:1a2B;phone-context=x.example', { global: false, number: '1a2B' }],
  ['tel:+44;ext=1', { number: '+44', extension: '1' }],
  ['tel:201;ext=5;phone-context=example.com;isub=7', { number: '201', extension: '5', isdnSubaddress: '7' }],
  // The FireBrick's own routing form (spec §4.2): a bare number without phone-context.
  ['tel:441632960123', { global: false, number: '441632960123', context: undefined }],
  ['tel:201', { global: false, number: '201' }],
  ['tel:0-1632-960123', { global: false, number: '01632960123' }],
];

const INVALID: readonly string[] = [
  '',
  'tel:',
  'tel:+',
  'tel:+-',
  'tel:-',
  'tel:()',
  'tel:+44 1632',
  'tel:+44abc',
  'tel:+44#1',
  'tel:+44%231',
  'tel:+441632960123;phone-context=example.com',
  'tel:7042;phone-context=',
  'tel:7042;phone-context',
  'tel:7042;phone-context=-bad.com',
  'tel:7042;phone-context=bad-.com',
  'tel:7042;phone-context=ex_ample.com',
  'tel:7042;phone-context=1example',
  'tel:7042;phone-context=example..com',
  'tel:7042;phone-context=+',
  'tel:7042;phone-context=+-',
  'tel:7042;phone-context=a.com;phone-context=b.com',
  'tel:+44;ext=',
  'tel:+44;ext=abc',
  'tel:+44;ext=1;ext=2',
  'tel:+44;isub=',
  'tel:+44;foo=1;FOO=2',
  'tel:+44;',
  'tel:+44;=x',
  'tel:+44;a=',
  'tel:+44;a_b=1',
  'tel:+44;a=%zz',
  'tel:+44?x=y',
  'sip:+44@example.com',
  'tel:%23%2',
];

describe('parseTelUri', () => {
  it.each(VALID)('parses %s', (text, want) => {
    const tel = parseTelUri(text);
    expect(tel).toBeDefined();
    const { params, ...fields } = want;
    expect(tel).toMatchObject(fields);
    expect({ ...tel!.params }).toEqual(params ?? {});
  });

  it.each(INVALID)('rejects %j', (text) => {
    expect(parseTelUri(text)).toBeUndefined();
    expect(parseTelUri(text, { strict: true })).toBeUndefined();
  });

  it('returns every field', () => {
    expect(parseTelUri('tel:+44-1632-960123;ext=12')).toEqual({
      global: true,
      number: '+441632960123',
      context: undefined,
      extension: '12',
      isdnSubaddress: undefined,
      params: {},
    });
  });

  it('strict mode requires phone-context on local numbers (RFC 3966 §5.1.5)', () => {
    expect(parseTelUri('tel:441632960123', { strict: true })).toBeUndefined();
    expect(parseTelUri('tel:201;ext=1', { strict: true })).toBeUndefined();
    expect(parseTelUri('tel:7042;phone-context=example.com', { strict: true })?.number).toBe('7042');
    expect(parseTelUri('tel:+441632960123', { strict: true })?.number).toBe('+441632960123');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string()), (s) => {
        parseTelUri(s);
        parseTelUri('tel:' + s);
        parseTelUri('tel:+' + s, { strict: true });
      }),
      { numRuns: 3000 },
    );
    for (const odd of [undefined, null, 5, {}] as unknown[]) expect(parseTelUri(odd as string)).toBeUndefined();
  });

  it('strips visual separators from generated global numbers', () => {
    const piece = fc.oneof(fc.constantFrom(...'0123456789'), fc.constantFrom('-', '.', '(', ')'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.integer({ min: 0, max: 9 }), (pieces, digit) => {
        const written = pieces.join('') + digit;
        expect(parseTelUri('tel:+' + written)?.number).toBe('+' + written.replace(/[-.()]/g, ''));
      }),
    );
  });
});

describe('formatTelUri', () => {
  it.each(VALID)('round-trips %s', (text) => {
    const tel = parseTelUri(text)!;
    expect(parseTelUri(formatTelUri(tel))).toEqual(tel);
  });

  it('writes RFC 3966 §5.4 parameter order and escapes #', () => {
    expect(
      formatTelUri({ number: '#31#', context: '+44', extension: '5', isdnSubaddress: '7', params: { a: 'b', c: null } }),
    ).toBe('tel:%2331%23;ext=5;isub=7;phone-context=+44;a=b;c');
    expect(formatTelUri({ number: '+441632960123' })).toBe('tel:+441632960123');
  });
});

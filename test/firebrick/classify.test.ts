// Spec §1.3: what kind of question an Access-Request asks, from its attributes.
import { describe, expect, it } from 'vitest';
import { readAccessRequest } from '../../src/firebrick/access-request.js';
import { classify } from '../../src/firebrick/classify.js';
import { Attr, AttributeReader } from '../../src/radius/index.js';

function req(attrs: Array<[number, string | number]>) {
  return readAccessRequest(
    new AttributeReader(
      attrs.map(([type, v]) => {
        if (typeof v === 'number') {
          const b = Buffer.alloc(4);
          b.writeUInt32BE(v);
          return { type, value: b };
        }
        return { type, value: Buffer.from(v) };
      }),
    ),
    'fb',
  );
}

describe('classify', () => {
  it.each([
    ['no Digest-Method', [[Attr.UserName, 'x']], 'not-voip'],
    ['no credentials', [[Attr.DigestMethod, 'REGISTER']], 'pre-challenge'],
    ['empty response', [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUsername, 'a'], [Attr.DigestRealm, 'r'], [Attr.DigestResponse, '']], 'pre-challenge'],
    ['digest', [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUsername, 'a'], [Attr.DigestRealm, 'r'], [Attr.DigestResponse, 'abc']], 'digest'],
    ['carrier (V1.25+)', [[Attr.DigestMethod, 'INVITE'], [Attr.UserName, '@carrierA']], 'carrier'],
    ['carrier (V1.24.087 Digest-Username)', [[Attr.DigestMethod, 'INVITE'], [Attr.DigestUsername, '@carrierA']], 'carrier'],
    ['local phone', [[Attr.DigestMethod, 'INVITE'], [Attr.UserName, 'reception'], [Attr.ChargeableUserIdentity, 'c1']], 'local-phone'],
  ] as Array<[string, Array<[number, string]>, string]>)('%s', (_n, attrs, kind) => {
    expect(classify(req(attrs)).kind).toBe(kind);
  });

  it('reads SIP-AOR from 122, or from 121 when 122 is absent, and remembers which', () => {
    expect(req([[Attr.SipAor, 'sip:a@b']])).toMatchObject({ contact: 'sip:a@b', sipAorAttribute: 122 });
    expect(req([[121, 'sip:a@c']])).toMatchObject({ contact: 'sip:a@c', sipAorAttribute: 121 });
  });

  it('reads the SIP peer, NAT flag, expiry and redirect code', () => {
    const r = req([
      [Attr.DigestMethod, 'INVITE'],
      [Attr.NasPort, 5062],
      [Attr.NasPortType, 5],
      [Attr.SessionTimeout, 300],
      [Attr.AcctTerminateCause, 302],
    ]);
    expect(r.sipPeer).toMatchObject({ port: 5062, behindNat: true });
    expect(r.expires).toBe(300);
    expect(r.redirectCode).toBe(302);
  });
});

describe('V1.24 Contact in User-Name', () => {
  it('takes the Contact from User-Name when it is a SIP URI and no SIP-AOR came', () => {
    expect(req([[Attr.UserName, 'sip:201@192.0.2.1:5060']])).toMatchObject({ contact: 'sip:201@192.0.2.1:5060', sipAorAttribute: undefined });
    expect(req([[Attr.UserName, 'reception']]).contact).toBeUndefined();
    expect(req([[Attr.UserName, 'sip:a@b'], [Attr.SipAor, 'sip:c@d']]).contact).toBe('sip:c@d');
  });
});

import { Grammar } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { formatNameAddr, formatSipUri, parseSipUri, type SipUri } from '../../../src/firebrick/uri/index.js';
import { INVALID_CONTACTS, INVALID_URIS, VALID_CONTACTS, VALID_URIS } from './corpus.js';
import { ourReferenceView, sipjsParse, sipjsView } from './reference.js';

function parsed(text: string): SipUri {
  const uri = parseSipUri(text);
  if (uri === undefined) throw new Error(`did not parse: ${text}`);
  return uri;
}

describe('parseSipUri against sip.js on the corpus', () => {
  it('has a corpus of realistic size', () => {
    expect(VALID_URIS.length + VALID_CONTACTS.length).toBeGreaterThanOrEqual(60);
    expect(INVALID_URIS.length + INVALID_CONTACTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VALID_URIS)('agrees on %s', (text) => {
    const reference = sipjsParse(text);
    expect(reference, 'sip.js accepts it').toBeDefined();
    const ours = parsed(text);
    expect(ourReferenceView(ours)).toEqual(sipjsView(reference!));
    expect(ours.displayName).toBeUndefined();
    expect(ours.contactParams).toBeUndefined();
  });

  it.each(INVALID_URIS)('both reject %j', (text) => {
    expect(sipjsParse(text)).toBeUndefined();
    expect(parseSipUri(text)).toBeUndefined();
  });

  it.each(VALID_CONTACTS)('agrees with nameAddrHeaderParse on %s', (text) => {
    const reference = Grammar.nameAddrHeaderParse(text);
    expect(reference, 'sip.js accepts it').toBeDefined();
    const ours = parsed(text);
    expect(ourReferenceView(ours)).toEqual(sipjsView(reference!.uri));
    expect({ ...ours.contactParams }).toEqual({ ...reference!.parameters });
    // sip.js leaves quoted-pairs escaped in the display name; we unescape them (see divergences).
    expect(ours.displayName?.replace(/(["\\])/g, '\\$1')).toEqual(reference!.displayName);
  });

  it.each(INVALID_CONTACTS)('both reject the contact %j', (text) => {
    expect(Grammar.nameAddrHeaderParse(text)).toBeUndefined();
    expect(parseSipUri(text)).toBeUndefined();
  });
});

describe('parseSipUri fields', () => {
  it('splits a Yealink contact', () => {
    expect(parsed('sip:201@192.168.1.50:5060;transport=UDP')).toEqual({
      scheme: 'sip',
      user: '201',
      password: undefined,
      host: '192.168.1.50',
      hostType: 'ipv4',
      port: 5060,
      transport: 'udp',
      params: { transport: 'udp' },
      headers: [],
      displayName: undefined,
      contactParams: undefined,
    });
  });

  it('keeps IPv6 references bracketed and lower-cased, as sip.js does', () => {
    const uri = parsed('sips:snom.202@[2001:DB8:10::60]:5061;transport=TLS;line=kd8X');
    expect(uri.host).toBe('[2001:db8:10::60]');
    expect(uri.hostType).toBe('ipv6');
    expect(uri.port).toBe(5061);
    expect(uri.scheme).toBe('sips');
    expect(uri.params).toEqual({ transport: 'tls', line: 'kd8X' });
  });

  it('percent-decodes the user like sip.js URI.user, and splits off the password', () => {
    expect(parsed('sip:%23123@pbx.example.com').user).toBe('#123');
    expect(parsed('sip:j%C3%BCrgen@example.de').user).toBe('jürgen');
    const withPassword = parsed('sip:alice:s%40cret@atlanta.com');
    expect(withPassword.user).toBe('alice');
    expect(withPassword.password).toBe('s@cret');
    expect(parsed('sip:alice:@atlanta.com').password).toBe('');
    expect(parsed('sip:atlanta.com').user).toBeUndefined();
  });

  it('reads user, password and host the RFC 3261 way when ; ? / appear in the user', () => {
    const uri = parsed('sip:alice;day=tuesday@atlanta.com');
    expect(uri.user).toBe('alice;day=tuesday');
    expect(uri.params).toEqual({});
    const noUser = parsed('sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com');
    expect(noUser.user).toBeUndefined();
    expect(noUser.params).toEqual({ method: 'REGISTER' });
    expect(noUser.headers).toEqual([['to', 'alice%40atlanta.com']]);
  });

  it('returns valueless params as null, later duplicates win, and names are lower-cased', () => {
    const uri = parsed('sip:a@h.example.com;OB;Rinstance=AbC;transport=tcp;TRANSPORT=tls;lr');
    expect(uri.params).toEqual({ ob: null, rinstance: 'AbC', transport: 'tls', lr: null });
    expect(uri.transport).toBe('tls');
    expect(parsed('sip:a@h.example.com;transport').transport).toBeUndefined();
  });

  it('returns headers in order, as written', () => {
    expect(parsed('sip:bob@biloxi.com?Call-ID=a84b&Subject=&call-id=2').headers).toEqual([
      ['Call-ID', 'a84b'],
      ['Subject', ''],
      ['call-id', '2'],
    ]);
  });

  it('classifies hosts', () => {
    expect(parsed('sip:EXAMPLE.com').hostType).toBe('domain');
    expect(parsed('sip:EXAMPLE.com').host).toBe('example.com');
    expect(parsed('sip:10.0.0.1.example.com').hostType).toBe('domain');
    expect(parsed('sip:10.0.0.1').hostType).toBe('ipv4');
    expect(parsed('sip:[::1]').hostType).toBe('ipv6');
  });

  it('reads a Contact with display name and header parameters', () => {
    const uri = parsed('"Bob" <sip:bob@192.0.2.4:5060;transport=tcp>;expires=3600;+sip.instance="<urn:uuid:1>"');
    expect(uri.displayName).toBe('Bob');
    expect(uri.transport).toBe('tcp');
    expect(uri.params).toEqual({ transport: 'tcp' });
    expect(uri.contactParams).toEqual({ expires: '3600', '+sip.instance': '"<urn:uuid:1>"' });
    const bare = parsed('<sip:bob@192.0.2.4>');
    expect(bare.displayName).toBeUndefined();
    expect(bare.contactParams).toEqual({});
    expect(parsed('Bob  Smith\t<sip:b@h.example.com>').displayName).toBe('Bob  Smith');
    expect(parsed('"A \\"q\\" \\\\ b" <sip:b@h.example.com>').displayName).toBe('A "q" \\ b');
  });

  it('treats every ;param of a bare URI as a URI parameter (SIP-AOR form)', () => {
    const uri = parsed('sip:bob@192.0.2.4;expires=3600');
    expect(uri.params).toEqual({ expires: '3600' });
    expect(uri.contactParams).toBeUndefined();
  });

  it('never throws on odd input', () => {
    for (const input of [undefined, null, 42, {}, [], '\u0000', '\ud800', 'sip:\ud800@h', '<', '"', '<sip:'] as unknown[]) {
      expect(parseSipUri(input as string)).toBeUndefined();
    }
  });
});

// Each row: input, what we return (or undefined), and what sip.js returns (its view, or undefined).
describe('documented divergences from sip.js', () => {
  const view = (text: string) => {
    const uri = sipjsParse(text);
    return uri && sipjsView(uri);
  };

  it('user never includes the password (sip.js: user = "user:password")', () => {
    expect(parsed('sip:alice:secret@atlanta.com').user).toBe('alice');
    expect(view('sip:alice:secret@atlanta.com')?.user).toBe('alice:secret');
  });

  it('maddr does not replace the host, ttl is kept, lr keeps a value', () => {
    const text = 'sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15;lr=on';
    expect(parsed(text).host).toBe('atlanta.com');
    expect(parsed(text).params).toEqual({ maddr: '239.255.255.1', ttl: '15', lr: 'on' });
    expect(view(text)?.host).toBe('239.255.255.1');
    expect(view(text)?.params).toEqual({ maddr: '239.255.255.1', lr: null });
  });

  it.each([
    ['sip:atlanta.com:', NaN],
    ['sip:alice@atlanta.com:', NaN],
    ['sip:alice@atlanta.com:65536', 65536],
    ['sip:alice@atlanta.com:99999', 99999],
  ])('rejects the port in %s (sip.js: %d)', (text, sipjsPort) => {
    expect(parseSipUri(text)).toBeUndefined();
    expect(view(text)?.port).toBe(sipjsPort);
  });

  it('accepts port 65535', () => {
    expect(parsed('sip:alice@atlanta.com:65535').port).toBe(65535);
  });

  it.each([
    ['sip:alice@atlanta.com;transport=udpx', 'transport', 'udpx'],
    ['sip:alice@atlanta.com;transport=tcp6', 'transport', 'tcp6'],
    ['sip:alice@atlanta.com;user=iphone', 'user', 'iphone'],
    ['sip:alice@atlanta.com;user=phone-context', 'user', 'phone-context'],
    ['sip:alice@atlanta.com;lrx', 'lrx', null],
    ['sip:alice@atlanta.com;lr2=1', 'lr2', '1'],
    ['sip:alice@atlanta.com;ttl=1234', 'ttl', '1234'],
    ['sip:alice@atlanta.com;method=INVITEX', 'method', 'INVITEX'],
    ['sip:alice@atlanta.com;maddr=[::1]x', 'maddr', '[::1]x'],
  ])('accepts a keyword-prefixed value sip.js commits to and rejects: %s', (text, name, value) => {
    expect(parsed(text).params[name]).toBe(value);
    expect(view(text)).toBeUndefined();
  });

  it.each(['sip:alice@atlanta.com.', 'sip:alice@sub.atlanta.com.:5060', 'sip:alice@[::]'])(
    'accepts the RFC-valid host in %s (sip.js rejects)',
    (text) => {
      expect(parseSipUri(text)).toBeDefined();
      expect(view(text)).toBeUndefined();
    },
  );

  it.each(['sip:alice@atlanta.com;transport=a`b', 'sip:alice@atlanta.com;user=10%', 'sip:alice@atlanta.com;lr=`'])(
    'rejects token-only characters in keyword values: %s (sip.js accepts)',
    (text) => {
      expect(parseSipUri(text)).toBeUndefined();
      expect(view(text)).toBeDefined();
    },
  );

  it('lower-cases every transport value (sip.js only lower-cases token-shaped ones)', () => {
    expect(parsed('sip:alice@atlanta.com;transport=(X)').transport).toBe('(x)');
    expect(view('sip:alice@atlanta.com;transport=(X)')?.transport).toBe('(X)');
  });

  it('keeps a __proto__ parameter (sip.js loses it)', () => {
    expect(parsed('sip:alice@atlanta.com;__proto__=x').params['__proto__']).toBe('x');
    expect(view('sip:alice@atlanta.com;__proto__=x')?.params).toEqual({});
  });

  it('returns header names as written (sip.js headerizes them)', () => {
    expect(parsed('sip:alice@atlanta.com?call-id=1').headers).toEqual([['call-id', '1']]);
    expect(view('sip:alice@atlanta.com?call-id=1')?.headers).toEqual({ 'Call-ID': ['1'] });
  });

  it('allows whitespace after the last contact parameter (sip.js only after ">")', () => {
    expect(parsed('<sip:b@h.example.com>;expires=60 ').contactParams).toEqual({ expires: '60' });
    expect(Grammar.nameAddrHeaderParse('<sip:b@h.example.com>;expires=60 ')).toBeUndefined();
    expect(Grammar.nameAddrHeaderParse('<sip:b@h.example.com> ')).toBeDefined();
  });

  it('unescapes quoted-pairs in the display name (sip.js leaves them)', () => {
    const text = '"a \\"b\\"" <sip:alice@atlanta.com>';
    expect(parsed(text).displayName).toBe('a "b"');
    expect(Grammar.nameAddrHeaderParse(text)?.displayName).toBe('a \\"b\\"');
  });
});

describe('formatSipUri / formatNameAddr', () => {
  it.each([...VALID_URIS, ...VALID_CONTACTS])('round-trips %s', (text) => {
    const uri = parsed(text);
    const again = parsed(formatSipUri(uri));
    expect({ ...again, displayName: undefined, contactParams: undefined }).toEqual({
      ...uri,
      displayName: undefined,
      contactParams: undefined,
    });
    expect(parsed(formatNameAddr(uri))).toEqual({ ...uri, contactParams: uri.contactParams ?? {} });
  });

  it('writes components canonically', () => {
    expect(formatSipUri(parsed('SIP:Alice@AtLanTa.CoM:5060;Transport=UDP;OB?Subject=x'))).toBe(
      'sip:Alice@atlanta.com:5060;transport=udp;ob?Subject=x',
    );
    expect(formatSipUri({ host: 'example.com' })).toBe('sip:example.com');
    expect(
      formatSipUri({
        scheme: 'sips',
        user: '#1 bob@home',
        password: 'p:w',
        host: '[2001:db8::1]',
        port: 5061,
        transport: 'tls',
        params: { transport: 'udp', lr: null },
        headers: [['subject', 'hi']],
      }),
    ).toBe('sips:%231%20bob%40home:p%3Aw@[2001:db8::1]:5061;transport=tls;lr?subject=hi');
    expect(formatSipUri({ user: '', host: 'h.example.com' })).toBe('sip:h.example.com');
  });

  it('writes a name-addr', () => {
    expect(
      formatNameAddr({ displayName: 'Bob "B" \\', user: 'bob', host: '192.0.2.4', contactParams: { expires: '60', ob: null } }),
    ).toBe('"Bob \\"B\\" \\\\" <sip:bob@192.0.2.4>;expires=60;ob');
  });
});

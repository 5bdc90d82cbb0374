// Issue 9, the pure parts of the lab: SIP parsing and responses, the Access-Request per firmware
// profile (spec §1.2), and reading RADIUS answers back into SIP (spec §2–§5).
import { describe, expect, it } from 'vitest';
import { accessRequestAttributes, ipv6Bytes, type AccessRequestContext } from '../../src/lab/access-request.js';
import { accountingAttributes, simulatedLegs } from '../../src/lab/accounting.js';
import { parseEndpoint } from '../../src/cli/lab.js';
import { readRoutePlan } from '../../src/firebrick/read-route-plan.js';
import { challengeFrom, challengeHeaderValue, sipAnswer, type AnswerContext } from '../../src/lab/decision.js';
import { buildResponse, contactUriOf, parseDigestCredentials, parseSipRequest, type SipRequest } from '../../src/lab/sip-message.js';
import { Attr, Code, type Attribute } from '../../src/radius/index.js';

const CRLF = '\r\n';
function text(lines: string[], body = ''): string {
  return lines.join(CRLF) + CRLF + `Content-Length: ${Buffer.byteLength(body)}` + CRLF + CRLF + body;
}

const REGISTER = text([
  'REGISTER sip:fb.example SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKaaa;rport, SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKbbb',
  'v: SIP/2.0/UDP 10.8.8.8;branch=z9hG4bKccc',
  'From: "Alice" <sip:201@fb.example>;tag=t1',
  'To: <sip:201@fb.example>',
  'Call-ID: reg-1@10.0.0.5',
  'CSeq: 7 REGISTER',
  'Contact: "Alice" <sip:201@10.0.0.5:5062;transport=udp>;expires=600;+sip.instance="<urn:uuid:1>"',
  'User-Agent: Linphone/5.2',
  'Authorization: Digest username="al\\"ice", realm="firebridge", nonce="n1", uri="sip:fb.example", response="0123456789abcdef0123456789abcdef", algorithm=MD5, cnonce="c\\\\1", nc=00000002, qop=auth, opaque="op"',
]);

function parsed(raw: string): SipRequest {
  const r = parseSipRequest(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.request;
}

const ctx = (over: Partial<AccessRequestContext> = {}): AccessRequestContext => ({
  profile: 'v1.36',
  sipAorAttribute: 122,
  nasIdentifier: 'fb-lab',
  source: { address: '203.0.113.7', port: 40000 },
  ...over,
});

describe('SIP parsing (sip.js) and responses', () => {
  it('reads what the FireBrick forwards', () => {
    const r = parsed(REGISTER);
    expect(r).toMatchObject({
      method: 'REGISTER',
      requestUri: 'sip:fb.example',
      fromUser: '201',
      toUser: '201',
      toTag: undefined,
      callId: 'reg-1@10.0.0.5',
      cseq: '7 REGISTER',
      cseqNumber: 7,
      contactUri: 'sip:201@10.0.0.5:5062;transport=udp',
      contactExpires: 600,
      expires: undefined,
      userAgent: 'Linphone/5.2',
      topVia: { host: '10.0.0.5', port: 5062, branch: 'z9hG4bKaaa', rport: true },
    });
    expect(r.via).toHaveLength(2);
  });

  it('keeps backslash escapes in digest values and strips only the quotes (RFC 5090 §2.1.2)', () => {
    const c = parseDigestCredentials('Digest username="al\\"ice",realm="r",cnonce="c\\\\1",nc=00000002,qop=auth,response=""')!;
    expect(c.username).toBe('al\\"ice');
    expect(c.cnonce).toBe('c\\\\1');
    expect(c.nc).toBe('00000002');
    expect(c.qop).toBe('auth');
    expect(c.response).toBe('');
    expect(parseDigestCredentials('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toBeUndefined();
    expect(parseDigestCredentials('Digest username="unterminated')).toBeUndefined();
  });

  it('contact URIs: brackets or bare (bare parameters belong to the header)', () => {
    expect(contactUriOf('<sip:a@b;lr>;expires=5')).toBe('sip:a@b;lr');
    expect(contactUriOf('sip:a@b;expires=5')).toBe('sip:a@b');
    expect(contactUriOf('*')).toBeUndefined();
  });

  it('responses copy Via (stamping received/rport on the top one), From, Call-ID, CSeq, and tag the To', () => {
    const r = parsed(REGISTER);
    const out = buildResponse(r, { address: '203.0.113.7', port: 40000 }, { status: 401, reason: 'Unauthorized', toTag: 'abc', headers: [['WWW-Authenticate', 'Digest realm="x"']] });
    expect(out.split(CRLF)).toEqual([
      'SIP/2.0 401 Unauthorized',
      'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKaaa;rport=40000;received=203.0.113.7, SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKbbb',
      'Via: SIP/2.0/UDP 10.8.8.8;branch=z9hG4bKccc',
      'From: "Alice" <sip:201@fb.example>;tag=t1',
      'To: <sip:201@fb.example>;tag=abc',
      'Call-ID: reg-1@10.0.0.5',
      'CSeq: 7 REGISTER',
      'WWW-Authenticate: Digest realm="x"',
      'Server: firebridge-lab',
      'Content-Length: 0',
      '',
      '',
    ]);
    // An existing To tag is kept; a body gets its type and length.
    const bye = parsed(text(['BYE sip:lab@x SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.7:40000;branch=z9hG4bKq', 'From: <sip:a@x>;tag=f', 'To: <sip:b@x>;tag=mine', 'Call-ID: c', 'CSeq: 3 BYE']));
    const ok = buildResponse(bye, { address: '203.0.113.7', port: 40000 }, { status: 200, reason: 'OK', toTag: 'other', body: 'héllo' });
    expect(ok).toContain(`Via: SIP/2.0/UDP 203.0.113.7:40000;branch=z9hG4bKq${CRLF}`);
    expect(ok).toContain(`To: <sip:b@x>;tag=mine${CRLF}`);
    expect(ok).toMatch(/Content-Type: text\/plain;charset=utf-8\r\nContent-Length: 6\r\n\r\nhéllo$/);
  });

  it('drops what it cannot use', () => {
    expect(parseSipRequest('\r\n\r\n')).toEqual({ ok: false, reason: 'keep-alive' });
    expect(parseSipRequest('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: false });
    expect(parseSipRequest('hello')).toMatchObject({ ok: false, reason: expect.stringMatching(/^unparseable/) });
  });
});

describe('Access-Request per firmware profile (spec §1.2)', () => {
  const names = (attrs: ReturnType<typeof accessRequestAttributes>): number[] => attrs.map(([t]) => t);

  it('V1.36: the full set, NAT flagged, SIP-AOR 122, Digest-* with escapes kept', () => {
    const attrs = accessRequestAttributes(parsed(REGISTER), ctx());
    expect(attrs).toEqual([
      [Attr.UserName, 'al\\"ice'],
      [Attr.NasIdentifier, 'fb-lab'],
      [Attr.CalledStationId, '201'],
      [Attr.CallingStationId, '201'],
      [Attr.NasIpAddress, '203.0.113.7'],
      [Attr.NasPort, 40000],
      [Attr.NasPortType, 5],
      [Attr.Class, 'Linphone/5.2'],
      [Attr.AcctMultiSessionId, 'reg-1@10.0.0.5'],
      [Attr.DigestMethod, 'REGISTER'],
      [Attr.DigestUri, 'sip:fb.example'],
      [Attr.DigestResponse, '0123456789abcdef0123456789abcdef'],
      [Attr.DigestRealm, 'firebridge'],
      [Attr.DigestNonce, 'n1'],
      [Attr.DigestQop, 'auth'],
      [Attr.DigestAlgorithm, 'MD5'],
      [Attr.DigestCNonce, 'c\\\\1'],
      [Attr.DigestNonceCount, '00000002'],
      [Attr.DigestUsername, 'al\\"ice'],
      [Attr.DigestOpaque, 'op'],
      [Attr.SipAor, 'sip:201@10.0.0.5:5062;transport=udp'],
      [Attr.SessionTimeout, 600],
    ]);
  });

  it('V1.36 without credentials: Digest-URI is the Request-URI; no NAT flag when Via matches the source', () => {
    const r = parsed(REGISTER.replace(/Authorization:[^\r]*\r\n/, ''));
    const attrs = accessRequestAttributes(r, ctx({ source: { address: '10.0.0.5', port: 5062 } }));
    expect(attrs).toContainEqual([Attr.DigestUri, 'sip:fb.example']);
    expect(names(attrs)).not.toContain(Attr.NasPortType);
    expect(names(attrs)).not.toContain(Attr.DigestResponse);
    expect(names(attrs)).not.toContain(Attr.UserName);
  });

  it('V1.25: NAS-Identifier, SIP-AOR (121 when asked), Session-Timeout; none of the V1.36 additions', () => {
    const r = parsed(REGISTER.replace(/Authorization:[^\r]*\r\n/, ''));
    const attrs = accessRequestAttributes(r, ctx({ profile: 'v1.25', sipAorAttribute: 121 }));
    expect(attrs).toEqual([
      [Attr.NasIdentifier, 'fb-lab'],
      [Attr.CallingStationId, '201'],
      [Attr.NasIpAddress, '203.0.113.7'],
      [Attr.NasPort, 40000],
      [Attr.DigestMethod, 'REGISTER'],
      [121, 'sip:201@10.0.0.5:5062;transport=udp'],
      [Attr.SessionTimeout, 600],
    ]);
  });

  it('V1.24: User-Name is the Contact URI; no NAS-Identifier, SIP-AOR or Session-Timeout', () => {
    const attrs = accessRequestAttributes(parsed(REGISTER), ctx({ profile: 'v1.24' }));
    expect(attrs[0]).toEqual([Attr.UserName, 'sip:201@10.0.0.5:5062;transport=udp']);
    for (const t of [Attr.NasIdentifier, Attr.SipAor, Attr.SessionTimeout, Attr.CalledStationId, Attr.Class, Attr.AcctMultiSessionId]) expect(names(attrs)).not.toContain(t);
    expect(attrs).toContainEqual([Attr.DigestUri, 'sip:fb.example']);
  });

  it('IPv6 peers go in NAS-IPv6-Address; mapped IPv4 stays IPv4', () => {
    const v6 = accessRequestAttributes(parsed(REGISTER), ctx({ source: { address: '2001:db8::7', port: 5060 } }));
    expect(v6).toContainEqual([Attr.NasIpv6Address, Buffer.from('20010db8000000000000000000000007', 'hex')]);
    const mapped = accessRequestAttributes(parsed(REGISTER), ctx({ source: { address: '::ffff:192.0.2.1', port: 5060 } }));
    expect(mapped).toContainEqual([Attr.NasIpAddress, '192.0.2.1']);
    expect(ipv6Bytes('::1')?.toString('hex')).toBe('00000000000000000000000000000001');
    expect(ipv6Bytes('::ffff:1.2.3.4')?.toString('hex')).toBe('00000000000000000000ffff01020304');
    expect(ipv6Bytes('nope')).toBeUndefined();
  });
});

const attr = (type: number, value: string | number): Attribute => {
  if (typeof value === 'number') {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value);
    return { type, value: b };
  }
  return { type, value: Buffer.from(value) };
};

const answerCtx: AnswerContext = { profile: 'v1.36', own: { realm: 'lab' }, credentials: undefined, labContact: 'sip:lab@127.0.0.1:5060', defaultExpires: 3600 };

describe('RADIUS answers as SIP (spec §2–§5)', () => {
  it('an empty Access-Challenge gets the lab’s own challenge; missing fields are filled in', () => {
    const own = challengeFrom([], { realm: 'lab' });
    expect(own).toMatchObject({ realm: 'lab', qop: ['auth'], algorithm: 'MD5', stale: false, opaque: undefined });
    expect(own.nonce).toMatch(/^[0-9a-f]{32}$/);
    const given = challengeFrom([attr(Attr.DigestRealm, 'r'), attr(Attr.DigestNonce, 'n'), attr(Attr.DigestOpaque, 'o'), attr(Attr.DigestStale, 'true')], { realm: 'lab' });
    expect(challengeHeaderValue(given)).toBe('Digest realm="r", nonce="n", opaque="o", algorithm=MD5, qop="auth", stale=TRUE');
  });

  it('401 for REGISTER, 407 for INVITE; 403 with Warning on reject', () => {
    const reg = parsed(REGISTER);
    const invite = { ...reg, method: 'INVITE' };
    expect(sipAnswer(reg, { code: Code.AccessChallenge, attributes: [] }, answerCtx)).toMatchObject({ status: 401, headers: [['WWW-Authenticate', expect.stringMatching(/^Digest realm="lab"/)]] });
    expect(sipAnswer(invite, { code: Code.AccessChallenge, attributes: [] }, answerCtx)).toMatchObject({ status: 407, headers: [['Proxy-Authenticate', expect.any(String)]] });
    expect(sipAnswer(reg, { code: Code.AccessReject, attributes: [attr(Attr.ReplyMessage, 'Wrong "password"')] }, answerCtx)).toMatchObject({
      status: 403,
      headers: [['Warning', `399 lab "Wrong 'password'"`]],
    });
  });

  it('REGISTER Accept: Contact;expires and Expires from Session-Timeout; SIP-AOR means 302', () => {
    const reg = parsed(REGISTER);
    expect(sipAnswer(reg, { code: Code.AccessAccept, attributes: [attr(Attr.CallingStationId, '201'), attr(Attr.SessionTimeout, 120)] }, answerCtx)).toMatchObject({
      status: 200,
      headers: [
        ['Contact', '<sip:201@10.0.0.5:5062;transport=udp>;expires=120'],
        ['Expires', '120'],
      ],
      summary: 'registered for 120 s as tel:201',
    });
    expect(sipAnswer(reg, { code: Code.AccessAccept, attributes: [attr(121, 'sip:elsewhere@example.com')] }, answerCtx)).toMatchObject({
      status: 302,
      headers: [['Contact', '<sip:elsewhere@example.com>']],
    });
  });

  it('INVITE Accept: the route plan in order with the CUI/CLI in force; an empty plan is 480', () => {
    const invite = { ...parsed(REGISTER), method: 'INVITE', requestUri: 'sip:200@fb.example' };
    const attributes = [
      attr(Attr.ChargeableUserIdentity, 'cust-17'),
      attr(Attr.CallingStationId, '441632960001'),
      attr(Attr.CalledStationId, 'tel:441632960123'),
      attr(Attr.CallingStationId, 'Anonymous'),
      attr(Attr.CalledStationId, '15+5551234@carrierA'),
      attr(Attr.SipAor, '999+sip:vm@voicemail.example.com'),
    ];
    expect(readRoutePlan(attributes).legs.map((l) => [l.value, l.delaySeconds, l.cli, l.cui])).toEqual([
      ['tel:441632960123', undefined, '441632960001', 'cust-17'],
      ['15+5551234@carrierA', 15, 'Anonymous', 'cust-17'],
      ['999+sip:vm@voicemail.example.com', 999, 'Anonymous', 'cust-17'],
    ]);
    const ok = sipAnswer(invite, { code: Code.AccessAccept, attributes }, answerCtx);
    expect(ok.status).toBe(200);
    expect(ok.connected).toBe(true);
    expect(ok.headers).toContainEqual(['Contact', '<sip:lab@127.0.0.1:5060>']);
    expect(ok.body).toContain('  1. tel:441632960123 — ring the registrations of 441632960123, at once (CLI 441632960001, CUI cust-17)');
    expect(ok.body).toContain('  2. 15+5551234@carrierA — carrier carrierA, dialling 5551234, after 15 s (CLI Anonymous, CUI cust-17)');
    expect(ok.body).toContain('  3. 999+sip:vm@voicemail.example.com [SIP-AOR 122] — call sip:vm@voicemail.example.com, as fallback');
    const empty = sipAnswer(invite, { code: Code.AccessAccept, attributes: [] }, answerCtx);
    expect(empty.status).toBe(480);
    expect(empty.body).toContain('route plan: empty — the FireBrick would route this call by its own configuration');
  });
});

describe('accounting records (spec §6)', () => {
  it('Start, Interim (ringing) and Stop (connected) of a leg; Event-Timestamp is the call start throughout', () => {
    const [a, b] = simulatedLegs({ from: '201', to: '01632960123', ringSeconds: 3, talkSeconds: 10, nasIdentifier: 'lab', realTime: false, startedAt: 1_763_800_000 });
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.callId).not.toBe(b.callId);
    const start = accountingAttributes(a, 1);
    expect(start).toContainEqual([Attr.AcctStatusType, 1]);
    expect(start).toContainEqual([Attr.EventTimestamp, 1_763_800_000]);
    expect(start.map(([t]) => t)).not.toContain(Attr.AcctSessionTime);
    expect(accountingAttributes(a, 3, 3)).toContainEqual([Attr.AcctSessionTime, 3]);
    const stop = accountingAttributes(a, 2, 10);
    expect(stop).toContainEqual([Attr.AcctSessionTime, 10]);
    expect(stop).toContainEqual([Attr.AcctTerminateCause, 1]);
    expect(stop).toContainEqual([Attr.EventTimestamp, 1_763_800_000]);
  });
});

describe('command-line endpoints', () => {
  it('HOST[:PORT] with IPv6 brackets', () => {
    expect(parseEndpoint('127.0.0.1', 1812)).toEqual({ host: '127.0.0.1', port: 1812 });
    expect(parseEndpoint('radius.example:11812', 1812)).toEqual({ host: 'radius.example', port: 11812 });
    expect(parseEndpoint('[::1]:5070', 5060)).toEqual({ host: '::1', port: 5070 });
    expect(parseEndpoint('::1', 5060)).toEqual({ host: '::1', port: 5060 });
    expect(() => parseEndpoint('a:b:c:', 1)).toThrow();
    expect(() => parseEndpoint('h:70000', 1)).toThrow();
  });
});

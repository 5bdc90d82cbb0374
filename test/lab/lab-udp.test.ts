// Issue 9 without sipp: a REGISTER and INVITEs as plain UDP texts through `firebridge lab` to a real
// in-process firebridge (example rules: 2XX ring when registered, else voicemail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { authorization, fromTag, parseChallenge, seedSubscribers, sipRequest, startTestLab, UdpPhone, type LabHandle } from './support.js';

describe('firebridge lab over plain UDP (issue 9)', () => {
  let server: TestServer;
  let lab: LabHandle;
  let phone: UdpPhone;
  let labPort: number;

  beforeAll(async () => {
    server = await startTestServer();
    await seedSubscribers(server);
    lab = await startTestLab(server);
    labPort = lab.lab.address.port;
    phone = await UdpPhone.open();
  });
  afterAll(async () => {
    phone?.close();
    await lab?.lab.stop();
    await server?.stop();
  });

  const base = (method: string, over: Partial<Parameters<typeof sipRequest>[0]> = {}) => ({
    method,
    uri: `sip:127.0.0.1:${labPort}`,
    fromUser: '201',
    toUser: '201',
    callId: `${method.toLowerCase()}-${Math.random().toString(36).slice(2)}@phone`,
    cseq: 1,
    phonePort: phone.port,
    labPort,
    ...over,
  });

  it('REGISTER: 401 challenge, then the authenticated REGISTER gets 200 with Contact;expires and Expires', async () => {
    const first = base('REGISTER', { headers: ['Expires: 300'] });
    const [challenge] = await phone.request(sipRequest(first), labPort);
    expect(challenge!.status).toBe(401);
    // Via, From, To (with a tag), Call-ID and CSeq copied; Content-Length present.
    expect(challenge!.header('via')).toMatch(new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${phone.port};branch=z9hG4bK\\w+;rport=${phone.port};received=127\\.0\\.0\\.1$`));
    expect(challenge!.header('from')).toBe(`"Phone 201" <sip:201@127.0.0.1>;tag=${fromTag(first.callId)}`);
    expect(challenge!.header('to')).toMatch(/^<sip:201@127\.0\.0\.1>;tag=[0-9a-f]+$/);
    expect(challenge!.header('call-id')).toBe(first.callId);
    expect(challenge!.header('cseq')).toBe('1 REGISTER');
    expect(challenge!.header('content-length')).toBe('0');
    const c = parseChallenge(challenge!.header('www-authenticate')!);
    expect(c).toMatchObject({ realm: 'firebridge', qop: 'auth', algorithm: 'MD5' });
    expect(c.nonce).toBeTruthy();

    const second = { ...first, cseq: 2 };
    const auth = authorization({ method: 'REGISTER', uri: first.uri, username: 'alice', password: 'alice-pw', challenge: c });
    const [ok] = await phone.request(sipRequest({ ...second, headers: ['Expires: 300', `Authorization: ${auth}`] }), labPort);
    expect(ok!.status).toBe(200);
    expect(ok!.header('contact')).toBe(`<sip:201@127.0.0.1:${phone.port};transport=udp>;expires=300`);
    expect(ok!.header('expires')).toBe('300');
    expect(ok!.header('authentication-info')).toMatch(/^rspauth="[0-9a-f]{32}", qop=auth, cnonce="[0-9a-f]+", nc=00000001$/);

    const bindings = await server.store.registrations.bindings('201');
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ contact: `sip:201@127.0.0.1:${phone.port};transport=udp`, userAgent: 'lab-test-phone/1.0', sourceAddress: '127.0.0.1' });

    // The Access-Request carried what a V1.36 FireBrick sends (spec §1.2).
    const event = await lab.waitFor((e) => e.kind === 'request' && e.callId === first.callId && e.status === 200);
    expect(event.kind === 'request' && event.sent).toEqual([
      'User-Name = "alice"',
      'NAS-Identifier = "lab"',
      'Called-Station-Id = "201"',
      'Calling-Station-Id = "201"',
      'NAS-IP-Address = 127.0.0.1',
      `NAS-Port = ${phone.port}`,
      'Class = "lab-test-phone/1.0"',
      `Acct-Multi-Session-Id = "${first.callId}"`,
      'Digest-Method = "REGISTER"',
      `Digest-URI = "${first.uri}"`,
      expect.stringMatching(/^Digest-Response = "[0-9a-f]{32}"$/),
      'Digest-Realm = "firebridge"',
      `Digest-Nonce = "${c.nonce}"`,
      'Digest-Qop = "auth"',
      'Digest-Algorithm = "MD5"',
      expect.stringMatching(/^Digest-CNonce = "[0-9a-f]+"$/),
      'Digest-Nonce-Count = "00000001"',
      'Digest-Username = "alice"',
      expect.stringMatching(/^Digest-Opaque = /),
      `SIP-AOR = "sip:201@127.0.0.1:${phone.port};transport=udp"`,
      'Session-Timeout = 300',
    ]);
  });

  it('a wrong password gets 403 with the Reply-Message in a Warning header', async () => {
    const first = base('REGISTER', { fromUser: '202', toUser: '202' });
    const [challenge] = await phone.request(sipRequest(first), labPort);
    const c = parseChallenge(challenge!.header('www-authenticate')!);
    const auth = authorization({ method: 'REGISTER', uri: first.uri, username: 'bob', password: 'not-bobs', challenge: c });
    const [denied] = await phone.request(sipRequest({ ...first, cseq: 2, headers: [`Authorization: ${auth}`] }), labPort);
    expect(denied!.status).toBe(403);
    expect(denied!.header('warning')).toMatch(/^399 lab "[^"]+"$/);
  });

  async function call(to: string): Promise<{ status: number; body: string; callId: string; toTag: string | undefined }> {
    const first = base('INVITE', { fromUser: '202', toUser: to, uri: `sip:${to}@127.0.0.1:${labPort}` });
    const responses = await phone.request(sipRequest(first), labPort);
    expect(responses.map((r) => r.status)).toEqual([100, 407]);
    const c = parseChallenge(responses[1]!.header('proxy-authenticate')!);
    const auth = authorization({ method: 'INVITE', uri: first.uri, username: 'bob', password: 'bob-pw', challenge: c });
    const answered = await phone.request(sipRequest({ ...first, cseq: 2, headers: [`Proxy-Authorization: ${auth}`] }), labPort);
    const final = answered[answered.length - 1]!;
    if (final.status === 200) expect(final.header('content-type')).toBe('text/plain;charset=utf-8');
    expect(Number(final.header('content-length'))).toBe(Buffer.byteLength(final.body));
    return { status: final.status, body: final.body, callId: first.callId, toTag: /;tag=([^;]+)/.exec(final.header('to') ?? '')?.[1] };
  }

  it('INVITE to a registered extension: 200 whose body is the route plan (ring, then voicemail after 20 s)', async () => {
    const r = await call('201');
    expect(r.status).toBe(200);
    expect(r.body).toContain('1. tel:201 — ring the registrations of 201, at once');
    expect(r.body).toContain('2. 20+sip:vm-201@voicemail.example.com — call sip:vm-201@voicemail.example.com, after 20 s');
    expect(r.body).toContain('Called-Station-Id = "tel:201"');
  });

  it('INVITE to an unregistered extension: straight to voicemail', async () => {
    const r = await call('203');
    expect(r.status).toBe(200);
    expect(r.body).toContain('1. sip:vm-203@voicemail.example.com');
    expect(r.body).not.toContain('tel:203');
  });

  it('an answered INVITE is accounted until its BYE (Start, Interim, Stop)', async () => {
    const r = await call('201');
    await lab.waitFor((e) => e.kind === 'accounting' && e.callId === r.callId && e.status === 'Interim-Update');
    const bye = base('BYE', { fromUser: '202', toUser: '201', callId: r.callId, cseq: 3, toTag: r.toTag!, uri: `sip:lab@127.0.0.1:${labPort}` });
    const [ok] = await phone.request(sipRequest(bye), labPort);
    expect(ok!.status).toBe(200);
    const stop = await lab.waitFor((e) => e.kind === 'accounting' && e.callId === r.callId && e.status === 'Stop');
    expect(stop).toMatchObject({ sessionTime: 0 });
    expect(stop.kind === 'accounting' && stop.error).toBeFalsy();
    const records = await server.store.calls.records(0, 100);
    expect(records.some((rec) => rec.fields.called === '201' && rec.fields.calling === '202')).toBe(true);
  });

  it('answers retransmissions from its transaction cache without asking RADIUS again', async () => {
    const req = sipRequest(base('OPTIONS', { fromUser: '201', toUser: '201', branch: 'z9hG4bKretrans1' }));
    const [a] = await phone.request(req, labPort);
    const [b] = await phone.request(req, labPort);
    expect(a!.raw).toBe(b!.raw);
    expect(lab.events.filter((e) => e.kind === 'request' && e.method === 'OPTIONS' && e.summary.includes('challenge'))).toHaveLength(1);
  });

  it('BYE for no lab call is 481; garbage is dropped and logged', async () => {
    const [r] = await phone.request(sipRequest(base('BYE', { toTag: 'nope' })), labPort);
    expect(r!.status).toBe(481);
    phone.sendRaw('this is not SIP\r\n\r\n', labPort);
    await lab.waitFor((e) => e.kind === 'dropped' && e.reason.startsWith('unparseable'));
  });
});

describe.each([
  ['v1.24', 122],
  ['v1.25', 121],
  ['v1.25', 122],
] as const)('firebridge lab as a FireBrick %s (SIP-AOR %i) registers and routes', (profile, sipAor) => {
  let server: TestServer;
  let lab: LabHandle;
  let phone: UdpPhone;

  beforeAll(async () => {
    server = await startTestServer();
    await seedSubscribers(server);
    lab = await startTestLab(server, { profile, sipAorAttribute: sipAor });
    phone = await UdpPhone.open();
  });
  afterAll(async () => {
    phone?.close();
    await lab?.lab.stop();
    await server?.stop();
  });

  it('REGISTER then INVITE', async () => {
    const labPort = lab.lab.address.port;
    const reg = { method: 'REGISTER', uri: `sip:127.0.0.1:${labPort}`, fromUser: '201', toUser: '201', callId: `r-${profile}-${sipAor}`, cseq: 1, phonePort: phone.port, labPort, headers: ['Expires: 120'] };
    const [challenge] = await phone.request(sipRequest(reg), labPort);
    expect(challenge!.status).toBe(401);
    const auth = authorization({ method: 'REGISTER', uri: reg.uri, username: 'alice', password: 'alice-pw', challenge: parseChallenge(challenge!.header('www-authenticate')!) });
    const [ok] = await phone.request(sipRequest({ ...reg, cseq: 2, headers: ['Expires: 120', `Authorization: ${auth}`] }), labPort);
    expect(ok!.status).toBe(200);
    // V1.24 sends no Session-Timeout, so firebridge grants its default; V1.25 asks for 120.
    expect(ok!.header('expires')).toBe(profile === 'v1.24' ? '3600' : '120');
    const bindings = await server.store.registrations.bindings('201');
    expect(bindings).toHaveLength(1);
    // V1.24 carries the Contact in User-Name only, which firebridge does not read as the contact.
    if (profile !== 'v1.24') expect(bindings[0]!.contact).toBe(`sip:201@127.0.0.1:${phone.port};transport=udp`);

    const inv = { ...reg, method: 'INVITE', uri: `sip:201@127.0.0.1:${labPort}`, fromUser: '202', callId: `i-${profile}-${sipAor}`, headers: [] };
    const first = await phone.request(sipRequest(inv), labPort);
    const c = parseChallenge(first[first.length - 1]!.header('proxy-authenticate')!);
    const pa = authorization({ method: 'INVITE', uri: inv.uri, username: 'bob', password: 'bob-pw', challenge: c });
    const answered = await phone.request(sipRequest({ ...inv, cseq: 2, headers: [`Proxy-Authorization: ${pa}`] }), labPort);
    const final = answered[answered.length - 1]!;
    // V1.24/V1.25 send no Called-Station-Id: firebridge takes the dialled number from Digest-URI.
    expect(final.status).toBe(200);
    expect(final.body).toContain(`from 202 to 201 (firmware profile ${profile})`);
    expect(final.body).toContain('1. tel:201 — ring the registrations of 201, at once');
    const sent = await lab.waitFor((e) => e.kind === 'request' && e.callId === inv.callId && e.status === 200);
    const names = sent.kind === 'request' ? (sent.sent ?? []).map((l) => l.split(' = ')[0]) : [];
    expect(names).not.toContain('Called-Station-Id');
    if (profile === 'v1.24') expect(names).not.toContain('NAS-Identifier');
    else expect(names).toContain(sipAor === 121 ? 'SIP-AOR(121)' : 'SIP-AOR');
  });
});

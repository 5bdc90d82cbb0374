// Issue 15 item 7 through real UDP and real Redis: the same SIP request asked again in a new RADIUS
// packet (the next server of the FireBrick's pool, a phone's SIP retransmission) gets the first's
// decision; a replay is refused; neither counts toward a lockout twice.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { RETRANSMISSION_WINDOW_MS } from '../../src/store/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
/** Few enough that counting each repeat would lock the user out well within one test. */
const GUARD = { maxFailuresPerUser: 3, maxFailuresPerSource: 50, windowSeconds: 60, lockoutSeconds: 60 };

/** What a FireBrick forwards of a phone's REGISTER besides the digest (spec §1.2). */
function phone(user: string, host: string): OutgoingAttribute[] {
  return [
    [Attr.SipAor, `sip:${user}@${host}:5060`],
    [Attr.SessionTimeout, 300],
    [Attr.Class, 'Yealink SIP-T46S 66.86.0.15'],
    [Attr.AcctMultiSessionId, `reg-${user}@${host}`],
    [Attr.NasIdentifier, 'fb2500.example'],
  ];
}

/** The same attributes with the Contact another: what a hijacker who captured the digest sends. */
function withContact(attributes: readonly OutgoingAttribute[], contact: string): OutgoingAttribute[] {
  return attributes.map(([type, value]): OutgoingAttribute => (type === Attr.SipAor ? [type, contact] : [type, value]));
}

async function addSubscribers(server: TestServer, users: readonly (readonly [string, string])[]): Promise<void> {
  for (const [username, number] of users) {
    await server.store.subscribers.put({ username, realm: REALM, ha1: { MD5: md5(`${username}:${REALM}:${username}-pw`) }, number, enabled: true });
  }
}

const lockouts = (server: TestServer, user: string): unknown[] => server.logs.filter((l) => l.lockout === 'user' && l.who === `${REALM}:${user}`);

describe('a retry is not an attack (issue 15)', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    server = await startTestServer({ guard: GUARD });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    await addSubscribers(server, [['alice', '201'], ['bob', '202'], ['carol', '203'], ['dave', '204']]);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('answers the same REGISTER in a new RADIUS packet as the first, and keeps one binding', async () => {
    const first = await fb.authenticate({ method: 'REGISTER', username: 'alice', password: 'alice-pw', extra: phone('alice', '192.0.2.10') });
    expect(first.reply?.code).toBe(Code.AccessAccept);
    for (let i = 0; i < 3; i++) {
      const repeat = await fb.send(Code.AccessRequest, first.response);
      expect(repeat?.code).toBe(Code.AccessAccept);
      expect(repeat!.packet.identifier).not.toBe(first.reply!.packet.identifier);
      expect(repeat!.attrs.text(Attr.CallingStationId)).toBe('201');
      expect(repeat!.attrs.integer(Attr.SessionTimeout)).toBe(300);
      expect(repeat!.attrs.text(Attr.DigestResponseAuth)).toBe(first.reply!.attrs.text(Attr.DigestResponseAuth));
    }
    const bindings = await server.store.registrations.bindings('201');
    expect(bindings.map((b) => b.contact)).toEqual(['sip:alice@192.0.2.10:5060']);
  });

  it('counts a wrong password repeated in new packets once, and does not lock the user out', async () => {
    const wrong = await fb.authenticate({ method: 'REGISTER', username: 'bob', password: 'not-bobs', extra: phone('bob', '192.0.2.20') });
    expect(wrong.reply?.code).toBe(Code.AccessReject);
    for (let i = 0; i < 5; i++) {
      const repeat = await fb.send(Code.AccessRequest, wrong.response);
      expect(repeat?.code).toBe(Code.AccessReject);
      expect(repeat!.attrs.text(Attr.ReplyMessage)).toBe('Authentication failed');
    }
    expect(lockouts(server, 'bob')).toEqual([]);
    const right = await fb.authenticate({ method: 'REGISTER', username: 'bob', password: 'bob-pw', extra: phone('bob', '192.0.2.20') });
    expect(right.reply?.code).toBe(Code.AccessAccept);
  });

  it('refuses the captured digest with another Contact as a replay, and never counts it', async () => {
    const first = await fb.authenticate({ method: 'REGISTER', username: 'carol', password: 'carol-pw', extra: phone('carol', '192.0.2.30') });
    expect(first.reply?.code).toBe(Code.AccessAccept);
    const hijack = withContact(first.response, 'sip:carol@203.0.113.66:5060');
    for (let i = 0; i < 5; i++) {
      const reply = await fb.send(Code.AccessRequest, hijack);
      expect(reply?.code).toBe(Code.AccessReject);
      expect(reply!.attrs.text(Attr.ReplyMessage)).toMatch(/replayed/);
    }
    expect(server.logs.filter((l) => l.outcome === 'reject:replay')).toHaveLength(5);
    expect((await server.store.registrations.bindings('203')).map((b) => b.contact)).toEqual(['sip:carol@192.0.2.30:5060']);
    const again = await fb.authenticate({ method: 'REGISTER', username: 'carol', password: 'carol-pw', extra: phone('carol', '192.0.2.30') });
    expect(again.reply?.code).toBe(Code.AccessAccept);
  });

  it('takes the same request after 64×T1 (RFC 3261 §17.1.1.1) as a replay, never counted', async () => {
    const first = await fb.authenticate({ method: 'REGISTER', username: 'dave', password: 'dave-pw', extra: phone('dave', '192.0.2.40') });
    expect(first.reply?.code).toBe(Code.AccessAccept);
    server.advance(RETRANSMISSION_WINDOW_MS - 1_000);
    expect((await fb.send(Code.AccessRequest, first.response))?.code).toBe(Code.AccessAccept);
    server.advance(1_001);
    for (let i = 0; i < 5; i++) {
      const late = await fb.send(Code.AccessRequest, first.response);
      expect(late?.code).toBe(Code.AccessReject);
      expect(late!.attrs.text(Attr.ReplyMessage)).toMatch(/replayed/);
    }
    const again = await fb.authenticate({ method: 'REGISTER', username: 'dave', password: 'dave-pw', extra: phone('dave', '192.0.2.40') });
    expect(again.reply?.code).toBe(Code.AccessAccept);
  });
});

describe('a retry answered by another instance of the pool', () => {
  let a: TestServer;
  let b: TestServer;
  let toA: FirebrickStandIn;
  let toB: FirebrickStandIn;

  beforeAll(async () => {
    const redis = { url: inject('redisUrl'), keyPrefix: uniquePrefix() };
    a = await startTestServer({ redis, guard: GUARD });
    b = await startTestServer({ redis, guard: GUARD });
    toA = new FirebrickStandIn('127.0.0.1', a.authPort, a.acctPort);
    toB = new FirebrickStandIn('127.0.0.1', b.authPort, b.acctPort);
    await addSubscribers(a, [['erin', '205'], ['frank', '206']]);
  });
  afterAll(async () => {
    toA?.close();
    toB?.close();
    await a?.stop();
    await b?.stop();
  });

  it('gets the same decision from the second instance', async () => {
    const first = await toA.authenticate({ method: 'REGISTER', username: 'erin', password: 'erin-pw', extra: phone('erin', '192.0.2.50') });
    expect(first.reply?.code).toBe(Code.AccessAccept);
    const retry = await toB.send(Code.AccessRequest, first.response);
    expect(retry?.code).toBe(Code.AccessAccept);
    expect(retry!.attrs.text(Attr.CallingStationId)).toBe('205');
    expect((await b.store.registrations.bindings('205')).map((x) => x.contact)).toEqual(['sip:erin@192.0.2.50:5060']);

    const wrong = await toA.authenticate({ method: 'REGISTER', username: 'frank', password: 'not-franks', extra: phone('frank', '192.0.2.60') });
    expect(wrong.reply?.code).toBe(Code.AccessReject);
    for (let i = 0; i < 5; i++) expect((await toB.send(Code.AccessRequest, wrong.response))?.code).toBe(Code.AccessReject);
    const right = await toB.authenticate({ method: 'REGISTER', username: 'frank', password: 'frank-pw', extra: phone('frank', '192.0.2.60') });
    expect(right.reply?.code).toBe(Code.AccessAccept);
    expect([...lockouts(a, 'frank'), ...lockouts(b, 'frank')]).toEqual([]);
  });
});

// The measured case: Redis stalls (the measurement used DEBUG SLEEP; CLIENT PAUSE holds firebridge's
// commands the same way, and ends when the test says so), firebridge drops the REGISTER under
// failurePolicy drop, and the FireBrick asks again once Redis answers.
describe('a retry after Redis stalled under failurePolicy drop', () => {
  let redis: RedisServerHandle;
  let admin: Redis;
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    server = await startTestServer({ redis: { url: redis.url, keyPrefix: 'stall:', commandTimeoutMs: 150, failurePolicy: 'drop' }, guard: GUARD });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    await addSubscribers(server, [['grace', '207']]);
  });
  afterAll(async () => {
    fb?.close();
    admin?.disconnect();
    await server?.stop();
    await redis?.stop();
  });

  it('accepts the repeat of the dropped REGISTER', async () => {
    const base: OutgoingAttribute[] = [
      [Attr.NasIpAddress, '198.51.100.20'],
      [Attr.NasPort, 5060],
      [Attr.DigestMethod, 'REGISTER'],
      [Attr.DigestUri, 'sip:firebrick.example.com'],
      ...phone('grace', '192.0.2.70'),
    ];
    const challenge = await fb.send(Code.AccessRequest, base);
    expect(challenge?.code).toBe(Code.AccessChallenge);
    const request = fb.answer(challenge!, { method: 'REGISTER', username: 'grace', password: 'grace-pw', uri: 'sip:firebrick.example.com', base });

    // WRITE pauses every script (firebridge's reads and claim are one), while UNPAUSE still runs.
    await admin.call('CLIENT', 'PAUSE', '30000', 'WRITE');
    try {
      expect(await fb.send(Code.AccessRequest, request, 1_000)).toBeUndefined();
      expect(server.logs.some((l) => l.outcome === 'store-unavailable')).toBe(true);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    // The held script now runs and claims the pair for this request; the FireBrick's retry follows.
    const retry = await fb.send(Code.AccessRequest, request);
    expect(retry?.code).toBe(Code.AccessAccept);
    expect(retry!.attrs.text(Attr.CallingStationId)).toBe('207');
    expect((await server.store.registrations.bindings('207')).map((x) => x.contact)).toEqual(['sip:grace@192.0.2.70:5060']);
  });
});

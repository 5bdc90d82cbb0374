// Issue 3 through real UDP and real Redis: challenges, verification, stale nonces, replays, lockout.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code } from '../../src/radius/index.js';
import { digestAttributes, FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

describe('digest authentication (issue 3)', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;

  beforeAll(async () => {
    server = await startTestServer({ guard: { maxFailuresPerUser: 3, maxFailuresPerSource: 50, windowSeconds: 60, lockoutSeconds: 60 } });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    for (const [username, password, number] of [
      ['alice', 'alice-pw', '201'],
      ['bob', 'bob-pw', '202'],
      ['carol', 'carol-pw', '203'],
    ] as const) {
      await server.store.subscribers.put({ username, realm: REALM, ha1: { MD5: md5(`${username}:${REALM}:${password}`) }, number, enabled: true });
    }
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('challenges a request without credentials with realm, nonce, qop, algorithm, opaque and State', async () => {
    const reply = await fb.send(Code.AccessRequest, [
      [Attr.DigestMethod, 'REGISTER'],
      [Attr.DigestUri, 'sip:firebrick.example.com'],
    ]);
    expect(reply?.code).toBe(Code.AccessChallenge);
    expect(reply!.packet.attributes[0]!.type).toBe(Attr.MessageAuthenticator);
    expect(reply!.attrs.text(Attr.DigestRealm)).toBe(REALM);
    expect(reply!.attrs.text(Attr.DigestNonce)).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(reply!.attrs.text(Attr.DigestQop)).toBe('auth');
    expect(reply!.attrs.text(Attr.DigestAlgorithm)).toBe('MD5');
    expect(reply!.attrs.text(Attr.DigestOpaque)).toBeTruthy();
    expect(reply!.attrs.has(Attr.State)).toBe(true);
  });

  it('accepts the right password with Digest-Response-Auth, and rejects a wrong one', async () => {
    const ok = await fb.authenticate({ method: 'REGISTER', username: 'alice', password: 'alice-pw' });
    expect(ok.reply?.code).toBe(Code.AccessAccept);
    expect(ok.reply!.attrs.text(Attr.CallingStationId)).toBe('201');
    // rspauth = KD(HA1, nonce:nc:cnonce:qop:H(":" uri)) (RFC 2617 §3.2.3)
    const sent = new Map(ok.response.map(([t, v]) => [t, String(v)]));
    const ha1 = md5(`alice:${REALM}:alice-pw`);
    const expected = md5(`${ha1}:${sent.get(Attr.DigestNonce)}:${sent.get(Attr.DigestNonceCount)}:${sent.get(Attr.DigestCNonce)}:auth:${md5(':sip:firebrick.example.com')}`);
    expect(ok.reply!.attrs.text(Attr.DigestResponseAuth)).toBe(expected);

    const bad = await fb.authenticate({ method: 'REGISTER', username: 'bob', password: 'wrong' });
    expect(bad.reply?.code).toBe(Code.AccessReject);
    expect(bad.reply!.attrs.text(Attr.ReplyMessage)).toBe('Authentication failed');
  });

  it('rejects a (nonce, nc) replayed in a request that differs from the one it answered (more in retry.test.ts)', async () => {
    const first = await fb.authenticate({ method: 'REGISTER', username: 'bob', password: 'bob-pw' });
    expect(first.reply?.code).toBe(Code.AccessAccept);
    const replay = await fb.send(Code.AccessRequest, [...first.response, [Attr.SipAor, 'sip:bob@203.0.113.66']]);
    expect(replay?.code).toBe(Code.AccessReject);
    expect(replay!.attrs.text(Attr.ReplyMessage)).toMatch(/replayed/);
  });

  it('answers a correct response on an expired nonce with a Digest-Stale challenge', async () => {
    const challenge = await fb.send(Code.AccessRequest, [
      [Attr.DigestMethod, 'REGISTER'],
      [Attr.DigestUri, 'sip:firebrick.example.com'],
    ]);
    server.advance(server.config.digest.nonceLifetimeSeconds * 1000 + 1_000);
    const attrs = digestAttributes({
      method: 'REGISTER',
      username: 'carol',
      password: 'carol-pw',
      realm: REALM,
      nonce: challenge!.attrs.text(Attr.DigestNonce)!,
      qop: 'auth',
      opaque: challenge!.attrs.text(Attr.DigestOpaque),
      uri: 'sip:firebrick.example.com',
      base: [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUri, 'sip:firebrick.example.com']],
    });
    const reply = await fb.send(Code.AccessRequest, attrs);
    expect(reply?.code).toBe(Code.AccessChallenge);
    expect(reply!.attrs.text(Attr.DigestStale)).toBe('true');
    expect(reply!.attrs.text(Attr.DigestNonce)).not.toBe(challenge!.attrs.text(Attr.DigestNonce));
  });

  it('accepts a nonce the FireBrick issued itself on the hash alone', async () => {
    const attrs = digestAttributes({
      method: 'INVITE',
      username: 'alice',
      password: 'alice-pw',
      realm: REALM,
      nonce: 'fb-own-nonce-5f1a2b',
      qop: 'auth',
      uri: 'sip:201@firebrick.example.com',
      base: [[Attr.DigestMethod, 'INVITE'], [Attr.DigestUri, 'sip:201@firebrick.example.com']],
    });
    const reply = await fb.send(Code.AccessRequest, attrs);
    expect(reply?.code).toBe(Code.AccessAccept);
    // Another nonce: the same pair with another response would be refused as a replay, unjudged.
    const other: Record<number, string> = { [Attr.DigestResponse]: '0'.repeat(32), [Attr.DigestNonce]: 'fb-own-nonce-5f1a2c' };
    const wrong = await fb.send(
      Code.AccessRequest,
      attrs.map(([t, v]) => [t, other[t] ?? v] as const),
    );
    expect(wrong?.code).toBe(Code.AccessReject);
    expect(server.logs.at(-1)?.outcome).toBe('reject:bad-password');
  });

  it('locks a user out after repeated failures, even for the right password', async () => {
    await server.store.subscribers.put({ username: 'dave', realm: REALM, ha1: { MD5: md5(`dave:${REALM}:dave-pw`) }, number: '204', enabled: true });
    for (let i = 0; i < 3; i++) {
      const r = await fb.authenticate({ method: 'REGISTER', username: 'dave', password: `guess-${i}` });
      expect(r.reply?.code).toBe(Code.AccessReject);
    }
    const locked = await fb.authenticate({ method: 'REGISTER', username: 'dave', password: 'dave-pw' });
    expect(locked.reply?.code).toBe(Code.AccessReject);
    expect(locked.reply!.attrs.text(Attr.ReplyMessage)).toMatch(/locked out/);
    expect(server.logs.some((l) => l.outcome === 'reject:locked-out:user')).toBe(true);
    expect(server.logs.some((l) => l.lockout === 'user' && l.who === `${REALM}:dave`)).toBe(true);
  });

  it('rejects an unknown user and a disabled one', async () => {
    const unknown = await fb.authenticate({ method: 'REGISTER', username: 'mallory', password: 'x' });
    expect(unknown.reply?.code).toBe(Code.AccessReject);
    await server.store.subscribers.put({ username: 'erin', realm: REALM, ha1: { MD5: md5(`erin:${REALM}:erin-pw`) }, enabled: false });
    const disabled = await fb.authenticate({ method: 'REGISTER', username: 'erin', password: 'erin-pw' });
    expect(disabled.reply!.attrs.text(Attr.ReplyMessage)).toBe('Account disabled');
  });
});

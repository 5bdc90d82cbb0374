// Cases without published vectors, checked against formulas written out here with node:crypto
// (RFC 2617 §3.2.2, RFC 7616 §3.4), so the test does not merely call the code under test twice.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHa1, computeResponse, computeResponseAuth, verifyDigest, type DigestInput } from '../../src/digest/index.js';

const h = (name: string) => (s: string) => createHash(name).update(s, 'utf8').digest('hex');
const md5 = h('md5');
const sha256 = h('sha256');
const sha512256 = h('sha512-256');

const user = 'alice';
const realm = 'voip.example.net';
const password = 'pa55:word';
const method = 'REGISTER';
const uri = 'sip:voip.example.net';
const nonce = 'b1a2c3d4e5f60718';
const cnonce = '9f8e7d6c';
const nc = '0000000a';

describe('SHA-512/256 is the FIPS 180-4 function', () => {
  it('matches the FIPS 180-4 "abc" example', () => {
    expect(sha512256('abc')).toBe('53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23');
    expect(computeHa1('SHA-512-256', 'a', 'b', 'c')).toBe(sha512256('a:b:c'));
  });
});

describe('qop absent (RFC 2069 form)', () => {
  const expected = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${md5(`${method}:${uri}`)}`);
  const rspauth = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${md5(`:${uri}`)}`);
  const input: DigestInput = { username: user, realm, nonce, uri, method, response: expected };

  it('verifies and returns the RFC 2069-form rspauth', () => {
    expect(verifyDigest(input, { password })).toEqual({ ok: true, rspauth, algorithm: 'MD5' });
  });

  it('ignores nc/cnonce that came without a qop', () => {
    expect(verifyDigest({ ...input, nc: 'zz', cnonce: 'whatever' }, { password }).ok).toBe(true);
  });
});

describe('MD5-sess with qop=auth', () => {
  const ha1 = md5(`${user}:${realm}:${password}`);
  const sessHa1 = md5(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = md5(`${method}:${uri}`);
  const expected = md5(`${sessHa1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const rspauth = md5(`${sessHa1}:${nonce}:${nc}:${cnonce}:auth:${md5(`:${uri}`)}`);
  const input: DigestInput = { username: user, realm, nonce, uri, method, algorithm: 'MD5-sess', qop: 'auth', nc, cnonce, response: expected };

  it('verifies from a stored MD5 HA1 (the same HA1 serves MD5 and MD5-sess)', () => {
    expect(verifyDigest(input, { ha1: { MD5: ha1 } })).toEqual({ ok: true, rspauth, algorithm: 'MD5-sess' });
  });

  it('algorithm text is matched case-insensitively', () => {
    expect(verifyDigest({ ...input, algorithm: 'md5-SESS' }, { password }).ok).toBe(true);
  });

  it('a plain-MD5 response does not pass as MD5-sess', () => {
    const plain = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    expect(verifyDigest({ ...input, response: plain }, { password })).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('MD5-sess without qop still needs a cnonce', () => {
    const { qop: _q, nc: _n, cnonce: _c, ...bare } = input;
    expect(verifyDigest(bare, { password })).toMatchObject({ ok: false, reason: 'missing-field', detail: 'cnonce' });
    const r = computeResponse({ algorithm: 'MD5-sess', ha1, method, uri, nonce });
    expect(r).toMatchObject({ ok: false, reason: 'missing-field' });
  });
});

describe('SHA-512-256 with qop=auth', () => {
  const ha1 = sha512256(`${user}:${realm}:${password}`);
  const expected = sha512256(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${sha512256(`${method}:${uri}`)}`);
  const input: DigestInput = { username: user, realm, nonce, uri, method, algorithm: 'SHA-512-256', qop: 'auth', nc, cnonce, response: expected };

  it('verifies with the password and with the stored HA1', () => {
    expect(verifyDigest(input, { password })).toMatchObject({ ok: true, algorithm: 'SHA-512-256' });
    expect(verifyDigest(input, { ha1: { 'SHA-512-256': ha1 } }).ok).toBe(true);
  });

  it('the response is 64 hex characters and not a truncated SHA-512', () => {
    expect(expected).toHaveLength(64);
    const truncated = createHash('sha512').update(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${sha512256(`${method}:${uri}`)}`).digest('hex').slice(0, 64);
    expect(verifyDigest({ ...input, response: truncated }, { password }).ok).toBe(false);
  });
});

describe('SHA-256-sess and SHA-512-256-sess', () => {
  for (const [algorithm, H] of [['SHA-256-sess', sha256], ['SHA-512-256-sess', sha512256]] as const) {
    it(algorithm, () => {
      const sess = H(`${H(`${user}:${realm}:${password}`)}:${nonce}:${cnonce}`);
      const response = H(`${sess}:${nonce}:${nc}:${cnonce}:auth:${H(`${method}:${uri}`)}`);
      const rspauth = H(`${sess}:${nonce}:${nc}:${cnonce}:auth:${H(`:${uri}`)}`);
      const input: DigestInput = { username: user, realm, nonce, uri, method, algorithm, qop: 'auth', nc, cnonce, response };
      expect(verifyDigest(input, { password })).toEqual({ ok: true, rspauth, algorithm });
    });
  }
});

describe('computeResponse / computeResponseAuth', () => {
  it('auth-int is refused with a typed error (no body hash from the FireBrick)', () => {
    const ha1 = md5(`${user}:${realm}:${password}`);
    const params = { algorithm: 'MD5' as const, ha1, method, uri, nonce, nc, cnonce, qop: 'auth-int' };
    expect(computeResponse(params)).toMatchObject({ ok: false, reason: 'unsupported-qop' });
    expect(computeResponseAuth(params)).toMatchObject({ ok: false, reason: 'unsupported-qop' });
  });

  it('qop without nc or cnonce is a missing field', () => {
    const ha1 = md5(`${user}:${realm}:${password}`);
    expect(computeResponse({ algorithm: 'MD5', ha1, method, uri, nonce, cnonce, qop: 'auth' })).toEqual({ ok: false, reason: 'missing-field', detail: 'nc' });
    expect(computeResponse({ algorithm: 'MD5', ha1, method, uri, nonce, nc, qop: 'auth' })).toEqual({ ok: false, reason: 'missing-field', detail: 'cnonce' });
  });

  it('an upper-case stored HA1 gives the same response', () => {
    const ha1 = md5(`${user}:${realm}:${password}`);
    const a = computeResponse({ algorithm: 'MD5', ha1, method, uri, nonce });
    const b = computeResponse({ algorithm: 'MD5', ha1: ha1.toUpperCase(), method, uri, nonce });
    expect(a).toEqual(b);
  });

  it('non-ASCII text is hashed as UTF-8', () => {
    expect(computeHa1('MD5', 'jürgen', 'bücher', 'пароль')).toBe(md5('jürgen:bücher:пароль'));
  });
});

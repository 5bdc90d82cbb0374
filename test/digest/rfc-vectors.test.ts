// Published test vectors: RFC 2617 §3.5, RFC 7616 §3.9.1, RFC 5090 §6 (spec §8.10).
import { describe, expect, it } from 'vitest';
import { computeHa1, computeResponse, computeResponseAuth, verifyDigest, type DigestInput } from '../../src/digest/index.js';

describe('RFC 2617 §3.5 (Mufasa, MD5, qop=auth)', () => {
  const input: DigestInput = {
    username: 'Mufasa',
    realm: 'testrealm@host.com',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    uri: '/dir/index.html',
    method: 'GET',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
    response: '6629fae49393a05397450978507c4ef1',
  };

  it('computes the published response', () => {
    const ha1 = computeHa1('MD5', input.username, input.realm, 'Circle Of Life');
    const r = computeResponse({ algorithm: 'MD5', ha1, method: 'GET', uri: input.uri, nonce: input.nonce, nc: '00000001', cnonce: '0a4f113b', qop: 'auth' });
    expect(r).toEqual({ ok: true, value: '6629fae49393a05397450978507c4ef1' });
  });

  it('verifies with the password and with the stored HA1', () => {
    expect(verifyDigest(input, { password: 'Circle Of Life' }).ok).toBe(true);
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    expect(verifyDigest(input, { ha1: { MD5: ha1 } }).ok).toBe(true);
  });
});

describe('RFC 7616 §3.9.1 (Mufasa, http-auth@example.org)', () => {
  const base = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    uri: '/dir/index.html',
    method: 'GET',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  } as const;
  const password = 'Circle of Life';

  it('MD5', () => {
    const v = verifyDigest({ ...base, algorithm: 'MD5', response: '8ca523f5e9506fed4657c9700eebdbec' }, { password });
    expect(v.ok).toBe(true);
  });

  it('SHA-256', () => {
    const response = '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1';
    expect(verifyDigest({ ...base, algorithm: 'SHA-256', response }, { password })).toMatchObject({ ok: true, algorithm: 'SHA-256' });
    const ha1 = computeHa1('SHA-256', base.username, base.realm, password);
    expect(verifyDigest({ ...base, algorithm: 'SHA-256', response }, { ha1: { 'SHA-256': ha1 } }).ok).toBe(true);
    // An MD5 HA1 alone cannot serve a SHA-256 response.
    const md5Only = { ha1: { MD5: computeHa1('MD5', base.username, base.realm, password) } };
    expect(verifyDigest({ ...base, algorithm: 'SHA-256', response }, md5Only)).toMatchObject({ ok: false, reason: 'no-credential-for-algorithm' });
  });
});

describe('RFC 5090 §6 (12345678@example.com, INVITE)', () => {
  const input: DigestInput = {
    username: '12345678',
    realm: 'example.com',
    nonce: '3bada1a0',
    uri: 'sip:97226491335@example.com',
    method: 'INVITE',
    algorithm: 'MD5',
    qop: 'auth',
    nc: '00000001',
    cnonce: '56593a80',
    response: '756933f735fcd93f90a4bbdd5467f263',
  };

  it('verifies the Digest-Response and yields the published Digest-Response-Auth', () => {
    expect(verifyDigest(input, { password: 'secret' })).toEqual({ ok: true, rspauth: 'f847de948d12285f8f4199e366f1af21', algorithm: 'MD5' });
  });

  it('computeResponseAuth alone gives the same rspauth', () => {
    const ha1 = computeHa1('MD5', '12345678', 'example.com', 'secret');
    const r = computeResponseAuth({ algorithm: 'MD5', ha1, uri: input.uri, nonce: input.nonce, nc: '00000001', cnonce: '56593a80', qop: 'auth' });
    expect(r).toEqual({ ok: true, value: 'f847de948d12285f8f4199e366f1af21' });
  });

  it('accepts an upper-case response (same proof)', () => {
    expect(verifyDigest({ ...input, response: input.response.toUpperCase() }, { password: 'secret' }).ok).toBe(true);
  });
});

// verifyDigest's refusals: every failure is a typed verdict, never an exception.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeHa1, ha1For, verifyDigest, type DigestInput } from '../../src/digest/index.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

// RFC 5090 §6 request; the password is "secret".
const good: DigestInput = {
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
const cred = { password: 'secret' };

describe('wrong credentials and tampering', () => {
  it('wrong password fails', () => {
    expect(verifyDigest(good, { password: 'Secret' })).toEqual({ ok: false, reason: 'bad-response', detail: 'mismatch' });
    expect(verifyDigest(good, { ha1: { MD5: md5('12345678:example.com:wrong') } })).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('a changed response character fails', () => {
    for (let i = 0; i < good.response.length; i++) {
      const c = good.response[i] === '0' ? '1' : '0';
      const response = good.response.slice(0, i) + c + good.response.slice(i + 1);
      expect(verifyDigest({ ...good, response }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
    }
  });

  it('changing any signed field fails', () => {
    for (const field of ['username', 'realm', 'nonce', 'uri', 'method', 'cnonce'] as const) {
      expect(verifyDigest({ ...good, [field]: `${good[field]}x` }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
    }
    expect(verifyDigest({ ...good, nc: '00000002' }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('responses of another length fail without throwing', () => {
    for (const response of [good.response.slice(0, 31), `${good.response}0`, 'a', `${good.response}${good.response}`]) {
      expect(verifyDigest({ ...good, response }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
    }
  });

  it('non-hex and non-ASCII responses fail without throwing', () => {
    expect(verifyDigest({ ...good, response: 'g'.repeat(32) }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
    expect(verifyDigest({ ...good, response: 'é'.repeat(32) }, cred)).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('arbitrary responses never throw and never pass', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (response) => {
        fc.pre(response.toLowerCase() !== good.response);
        expect(verifyDigest({ ...good, response }, cred).ok).toBe(false);
      }),
      { seed: 5090, numRuns: 500 },
    );
  });
});

describe('missing and malformed fields (RFC 5090 §2.2.1)', () => {
  it('each mandatory field', () => {
    for (const field of ['response', 'username', 'realm', 'nonce', 'method', 'uri'] as const) {
      expect(verifyDigest({ ...good, [field]: '' }, cred)).toEqual({ ok: false, reason: 'missing-field', detail: field });
    }
  });

  it('qop present requires nc and cnonce', () => {
    const { nc: _nc, ...noNc } = good;
    const { cnonce: _cn, ...noCnonce } = good;
    expect(verifyDigest(noNc, cred)).toEqual({ ok: false, reason: 'missing-field', detail: 'nc' });
    expect(verifyDigest(noCnonce, cred)).toEqual({ ok: false, reason: 'missing-field', detail: 'cnonce' });
    expect(verifyDigest({ ...good, cnonce: '' }, cred)).toEqual({ ok: false, reason: 'missing-field', detail: 'cnonce' });
  });

  it('nc must be exactly 8 hex digits', () => {
    for (const nc of ['1', '0000001', '000000001', '0000000g', ' 0000001', '0x000001', '']) {
      expect(verifyDigest({ ...good, nc }, cred)).toMatchObject({ ok: false, reason: 'missing-field' });
    }
  });
});

describe('unsupported algorithm / qop', () => {
  it('unknown algorithms are refused, absent means MD5', () => {
    expect(verifyDigest({ ...good, algorithm: 'SHA-1' }, cred)).toEqual({ ok: false, reason: 'unsupported-algorithm', detail: 'SHA-1' });
    expect(verifyDigest({ ...good, algorithm: 'AKAv1-MD5' }, cred)).toMatchObject({ ok: false, reason: 'unsupported-algorithm' });
    const { algorithm: _a, ...noAlg } = good;
    expect(verifyDigest(noAlg, cred).ok).toBe(true);
  });

  it('auth-int and unknown qops are refused', () => {
    expect(verifyDigest({ ...good, qop: 'auth-int' }, cred)).toEqual({ ok: false, reason: 'unsupported-qop', detail: 'auth-int' });
    expect(verifyDigest({ ...good, qop: 'auth,auth-int' }, cred)).toMatchObject({ ok: false, reason: 'unsupported-qop' });
  });
});

describe('credentials (HA1 per base hash, optional password)', () => {
  const ha1 = computeHa1('MD5', '12345678', 'example.com', 'secret');

  it('no HA1 for the hash and no password → no-credential-for-algorithm', () => {
    expect(verifyDigest(good, {})).toEqual({ ok: false, reason: 'no-credential-for-algorithm', detail: 'MD5' });
    expect(verifyDigest(good, { ha1: { 'SHA-256': 'a'.repeat(64) } })).toMatchObject({ ok: false, reason: 'no-credential-for-algorithm' });
  });

  it('a damaged stored HA1 is ignored, not compared', () => {
    expect(ha1For({ ha1: { MD5: ha1.slice(1) } }, 'MD5')).toBeUndefined();
    expect(ha1For({ ha1: { MD5: `${ha1.slice(1)}z` } }, 'MD5')).toBeUndefined();
    // …and the password, if stored, still serves.
    expect(verifyDigest(good, { ha1: { MD5: 'nonsense' }, password: 'secret' }).ok).toBe(true);
  });

  it('ha1For prefers the stored HA1, lower-cases it, and derives from the password only with an identity', () => {
    expect(ha1For({ ha1: { MD5: ha1.toUpperCase() } }, 'MD5-sess')).toBe(ha1);
    expect(ha1For({ password: 'secret' }, 'MD5')).toBeUndefined();
    expect(ha1For({ password: 'secret' }, 'SHA-256', { username: 'u', realm: 'r' })).toBe(createHash('sha256').update('u:r:secret').digest('hex'));
    expect(ha1For({ ha1: { MD5: ha1 }, password: 'other' }, 'MD5', { username: 'u', realm: 'r' })).toBe(ha1);
  });
});

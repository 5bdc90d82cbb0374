// Stateless nonces (RFC 5090 §1.3, §2.2.1: integrity-protected timestamp) and the derived opaque.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FUTURE_SKEW_MS, checkNonce, issueNonce, opaqueFor } from '../../src/digest/index.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
const otherKey = Buffer.from('fedcba9876543210fedcba9876543210', 'utf8');
const realm = 'voip.example.net';
const now = 1_750_000_000_000;
const maxAge = 300_000;

describe('issueNonce', () => {
  it('is 43 URL-safe characters, unique per call, deterministic given the random part', () => {
    const a = issueNonce(key, now, realm);
    const b = issueNonce(key, now, realm);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    const random = Buffer.alloc(8, 7);
    expect(issueNonce(key, now, { realm, random })).toBe(issueNonce(key, now, { realm, random }));
  });

  it('accepts the realm as a string or in options, identically', () => {
    const random = Buffer.alloc(8, 1);
    expect(issueNonce(key, now, { realm, random })).toBe(issueNonce(key, now, { realm, random }));
    expect(checkNonce(key, issueNonce(key, now, { realm }), now, maxAge, realm).kind).toBe('valid');
    expect(checkNonce(key, issueNonce(key, now, realm), now, maxAge, { realm }).kind).toBe('valid');
  });

  it('refuses impossible clocks and wrong-sized random parts', () => {
    expect(() => issueNonce(key, -1)).toThrow(RangeError);
    expect(() => issueNonce(key, Number.NaN)).toThrow(RangeError);
    expect(() => issueNonce(key, 1.5)).toThrow(RangeError);
    expect(() => issueNonce(key, now, { random: Buffer.alloc(7) })).toThrow(RangeError);
  });
});

describe('checkNonce: age', () => {
  const nonce = issueNonce(key, now, realm);

  it('valid from issue until maxAge inclusive, with the issue time', () => {
    expect(checkNonce(key, nonce, now, maxAge, realm)).toEqual({ kind: 'valid', issuedAt: now });
    expect(checkNonce(key, nonce, now + maxAge, maxAge, realm)).toEqual({ kind: 'valid', issuedAt: now });
  });

  it('stale after maxAge', () => {
    expect(checkNonce(key, nonce, now + maxAge + 1, maxAge, realm)).toEqual({ kind: 'stale', issuedAt: now });
    expect(checkNonce(key, nonce, now + 10 * maxAge, maxAge, realm).kind).toBe('stale');
  });

  it('from the future: tolerated within the skew, stale beyond it', () => {
    expect(checkNonce(key, nonce, now - DEFAULT_MAX_FUTURE_SKEW_MS, maxAge, realm).kind).toBe('valid');
    expect(checkNonce(key, nonce, now - DEFAULT_MAX_FUTURE_SKEW_MS - 1, maxAge, realm)).toEqual({ kind: 'stale', issuedAt: now });
    expect(checkNonce(key, nonce, now - 100, maxAge, { realm, maxFutureSkewMs: 0 }).kind).toBe('stale');
    expect(checkNonce(key, nonce, now - 100, maxAge, { realm, maxFutureSkewMs: 100 }).kind).toBe('valid');
  });

  it('an impossible clock never makes a nonce valid', () => {
    expect(checkNonce(key, nonce, Number.NaN, maxAge, realm).kind).toBe('stale');
    expect(checkNonce(key, nonce, now, Number.NaN, realm).kind).toBe('stale');
  });

  it('round-trips large timestamps (upper 32 bits in use)', () => {
    const t = 2 ** 52 + 12345;
    expect(checkNonce(key, issueNonce(key, t, realm), t, maxAge, realm)).toEqual({ kind: 'valid', issuedAt: t });
    expect(checkNonce(key, issueNonce(key, 0, realm), 0, maxAge, realm)).toEqual({ kind: 'valid', issuedAt: 0 });
  });
});

describe('checkNonce: authenticity', () => {
  const nonce = issueNonce(key, now, realm);

  it('every changed byte makes it foreign', () => {
    const bytes = Buffer.from(nonce, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const t = Buffer.from(bytes);
        t[i] = t[i]! ^ flip;
        expect(checkNonce(key, t.toString('base64url'), now, maxAge, realm)).toEqual({ kind: 'foreign' });
      }
    }
  });

  it('another realm, no realm, or another key makes it foreign', () => {
    expect(checkNonce(key, nonce, now, maxAge, 'other.example.net')).toEqual({ kind: 'foreign' });
    expect(checkNonce(key, nonce, now, maxAge)).toEqual({ kind: 'foreign' });
    expect(checkNonce(key, nonce, now, maxAge, `${realm}x`)).toEqual({ kind: 'foreign' });
    expect(checkNonce(otherKey, nonce, now, maxAge, realm)).toEqual({ kind: 'foreign' });
    // A nonce issued without a realm only checks without one.
    const bare = issueNonce(key, now);
    expect(checkNonce(key, bare, now, maxAge).kind).toBe('valid');
    expect(checkNonce(key, bare, now, maxAge, realm).kind).toBe('foreign');
  });

  it('a stale nonce is still checked for authenticity first', () => {
    const forged = Buffer.from(nonce, 'base64url');
    forged[20] = forged[20]! ^ 1;
    expect(checkNonce(key, forged.toString('base64url'), now + 10 * maxAge, maxAge, realm).kind).toBe('foreign');
  });

  it('other spellings of the same bytes are foreign (canonical base64url only)', () => {
    const last = nonce[42]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) + 1]!; // same upper 4 bits, non-zero filler bits
    expect(checkNonce(key, nonce.slice(0, 42) + sibling, now, maxAge, realm).kind).toBe('foreign');
    expect(checkNonce(key, `${nonce}=`, now, maxAge, realm).kind).toBe('foreign');
    // Standard base64's '+' and '/' decode to the same bytes in Buffer, but are not our spelling.
    let withUrlChars = nonce;
    for (let i = 0; !/[-_]/.test(withUrlChars); i++) withUrlChars = issueNonce(key, now, { realm, random: Buffer.alloc(8, i) });
    expect(checkNonce(key, withUrlChars, now, maxAge, realm).kind).toBe('valid');
    const standard = withUrlChars.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/'));
    expect(checkNonce(key, standard, now, maxAge, realm).kind).toBe('foreign');
    expect(checkNonce(key, ` ${nonce}`, now, maxAge, realm).kind).toBe('foreign');
  });

  it('FireBrick-style and random nonces are foreign', () => {
    for (const n of ['3bada1a0', 'dcd98b7102dd2f0e8b11d0f600bfb0c093', '', '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v']) {
      expect(checkNonce(key, n, now, maxAge, realm)).toEqual({ kind: 'foreign' });
    }
  });

  it('never throws and never accepts arbitrary text (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ maxLength: 20 }), (n, r) => {
        expect(checkNonce(key, n, now, maxAge, r)).toEqual({ kind: 'foreign' });
      }),
      { seed: 7616, numRuns: 2000 },
    );
  });

  it('never accepts random 32-byte nonces of the right shape (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const n = Buffer.from(bytes).toString('base64url');
        expect(checkNonce(key, n, now, maxAge, realm)).toEqual({ kind: 'foreign' });
      }),
      { seed: 2865, numRuns: 2000 },
    );
  });

  it('property: issue then check at any age within bounds is valid, beyond is stale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 }), fc.integer({ min: -10_000, max: 1_000_000 }), fc.string({ maxLength: 30 }), (t, d, r) => {
        const c = checkNonce(key, issueNonce(key, t, r), t + d, maxAge, r);
        const fresh = d <= maxAge && d >= -DEFAULT_MAX_FUTURE_SKEW_MS;
        expect(c).toEqual({ kind: fresh ? 'valid' : 'stale', issuedAt: t });
      }),
      { seed: 3261, numRuns: 1000 },
    );
  });
});

describe('opaqueFor', () => {
  it('is stable per key and realm, and differs across either', () => {
    const o = opaqueFor(key, realm);
    expect(opaqueFor(key, realm)).toBe(o);
    expect(o).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(opaqueFor(key, 'other.example.net')).not.toBe(o);
    expect(opaqueFor(otherKey, realm)).not.toBe(o);
  });

  it('is never a valid nonce', () => {
    expect(checkNonce(key, opaqueFor(key, realm), now, maxAge, realm).kind).toBe('foreign');
  });

  it('stays the derived value while realms beyond the memo bound come and go', () => {
    // Derived once per (key, realm) and memoised; the memo is bounded, never a source of truth.
    const derive = (k: Buffer, r: string) =>
      createHmac('sha256', k).update('firebridge opaque v1\0', 'latin1').update(r, 'utf8').digest().subarray(0, 16).toString('base64url');
    const first = opaqueFor(key, realm);
    for (let i = 0; i < 200; i++) expect(opaqueFor(key, `r${i}.example`)).toBe(derive(key, `r${i}.example`));
    expect(opaqueFor(key, realm)).toBe(first);
    expect(first).toBe(derive(key, realm));
  });
});

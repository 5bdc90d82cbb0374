// unescapeDigestValue (RFC 5090 §2.1.2, §3) and algorithm names (RFC 2617, RFC 7616).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  STORED_HA1_ALGORITHMS,
  baseHashOf,
  hashHexLength,
  isSessionAlgorithm,
  parseAlgorithm,
  unescapeDigestValue,
} from '../../src/digest/index.js';

/** What a SIP client does to a value before quoting it (RFC 3261 §25.1 quoted-pair). */
const escape = (s: string): string => s.replace(/[\\"]/g, (c) => `\\${c}`);

describe('unescapeDigestValue', () => {
  it('un-escapes \\" and \\\\', () => {
    expect(unescapeDigestValue('a\\"b\\\\c')).toBe('a"b\\c');
    expect(unescapeDigestValue('\\\\\\"')).toBe('\\"');
  });

  it('drops the backslash of any quoted-pair', () => {
    expect(unescapeDigestValue('\\a\\b')).toBe('ab');
  });

  it('leaves plain text (the same string) and a lone trailing backslash alone', () => {
    const plain = 'sip:201@example.com';
    expect(unescapeDigestValue(plain)).toBe(plain);
    expect(unescapeDigestValue('abc\\')).toBe('abc\\');
    expect(unescapeDigestValue('')).toBe('');
  });

  it('inverts the client-side escaping for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(unescapeDigestValue(escape(s))).toBe(s);
      }),
      { seed: 2617, numRuns: 1000 },
    );
  });
});

describe('parseAlgorithm', () => {
  it('absent means MD5', () => {
    expect(parseAlgorithm(undefined)).toBe('MD5');
  });

  it('is case-insensitive and returns the canonical spelling', () => {
    expect(parseAlgorithm('md5')).toBe('MD5');
    expect(parseAlgorithm('MD5-SESS')).toBe('MD5-sess');
    expect(parseAlgorithm('sha-256')).toBe('SHA-256');
    expect(parseAlgorithm('Sha-512-256-Sess')).toBe('SHA-512-256-sess');
  });

  it('unknown names (and empty) give undefined', () => {
    for (const t of ['', 'SHA-1', 'SHA256', 'SHA-512', 'AKAv1-MD5', ' MD5', 'MD5 ']) expect(parseAlgorithm(t)).toBeUndefined();
  });
});

describe('algorithm properties', () => {
  it('base hash, session flag and hex length', () => {
    expect(baseHashOf('SHA-256-sess')).toBe('SHA-256');
    expect(isSessionAlgorithm('MD5-sess')).toBe(true);
    expect(isSessionAlgorithm('SHA-512-256')).toBe(false);
    expect(hashHexLength('MD5-sess')).toBe(32);
    expect(hashHexLength('SHA-256')).toBe(64);
    expect(hashHexLength('SHA-512-256-sess')).toBe(64);
    expect(STORED_HA1_ALGORITHMS).toEqual(['MD5', 'SHA-256', 'SHA-512-256']);
  });
});

// Digest algorithm names and the hash behind each one.
//
// RFC 2617 §3.2.1 defines MD5 (the default when `algorithm` is absent) and MD5-sess; RFC 7616 §3.3
// adds SHA-256 and SHA-512-256 with their -sess variants, and RFC 8760 brings those to SIP. Every
// "-sess" variant uses the same hash as its base; only A1 differs (see response.ts).
import { hash } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

/** The hash function behind an algorithm; an HA1 is stored per base hash, never per -sess variant. */
export type BaseHashAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';

/** The base hashes an HA1 can be stored for (what `subscriber add` pre-computes). */
export const STORED_HA1_ALGORITHMS: readonly BaseHashAlgorithm[] = ['MD5', 'SHA-256', 'SHA-512-256'];

// Keys are upper-cased so that lookup is case-insensitive. The algorithm name never enters a hash
// (RFC 2617 §3.2.2, RFC 7616 §3.4), so accepting "md5" or "sha-256" costs nothing and spares us
// interoperability trouble with clients that do not echo the server's spelling.
const BY_UPPER_NAME: ReadonlyMap<string, DigestAlgorithm> = new Map<string, DigestAlgorithm>([
  ['MD5', 'MD5'],
  ['MD5-SESS', 'MD5-sess'],
  ['SHA-256', 'SHA-256'],
  ['SHA-256-SESS', 'SHA-256-sess'],
  ['SHA-512-256', 'SHA-512-256'],
  ['SHA-512-256-SESS', 'SHA-512-256-sess'],
]);

/**
 * The algorithm named by a Digest-Algorithm value. Absent means MD5 (RFC 2617 §3.2.1, RFC 5090
 * §2.2.1 "missing Digest-Algorithm means MD5"); anything unknown — including an empty value —
 * gives `undefined`, so the caller rejects instead of guessing.
 */
export function parseAlgorithm(text: string | undefined): DigestAlgorithm | undefined {
  if (text === undefined) return 'MD5';
  return BY_UPPER_NAME.get(text.toUpperCase());
}

/** The base hash of an algorithm (`MD5-sess` → `MD5`). */
export function baseHashOf(algorithm: DigestAlgorithm | BaseHashAlgorithm): BaseHashAlgorithm {
  switch (algorithm) {
    case 'MD5':
    case 'MD5-sess':
      return 'MD5';
    case 'SHA-256':
    case 'SHA-256-sess':
      return 'SHA-256';
    case 'SHA-512-256':
    case 'SHA-512-256-sess':
      return 'SHA-512-256';
  }
}

/** True for the "-sess" variants, whose A1 mixes in nonce and cnonce (RFC 2617 §3.2.2.2). */
export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

/**
 * Length of a lower-case hex digest for the algorithm: 32 for MD5, 64 for the SHA-2 ones. RFC 5090
 * §3.1 fixes 32 only for MD5 and lets other algorithms define their own length; SHA-512-256 is the
 * FIPS 180-4 SHA-512/256 function (its own initial values), 256 bits, not a truncated SHA-512 hex.
 */
export function hashHexLength(algorithm: DigestAlgorithm | BaseHashAlgorithm): number {
  return baseHashOf(algorithm) === 'MD5' ? 32 : 64;
}

// Node's names for the three hashes. 'sha512-256' is OpenSSL's SHA-512/256 (FIPS 180-4 §6.7).
const NODE_HASH: Readonly<Record<BaseHashAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

/**
 * H(data) as lower-case hex (RFC 2617 §3.2.1: "the 32 ASCII printable characters" in lower case;
 * RFC 7616 §3.4.1 likewise). Text is hashed as UTF-8: RADIUS text attributes are UTF-8 (RFC 2865
 * §5) and RFC 7616 §4 makes UTF-8 the only charset a server may announce.
 */
export function hashHex(algorithm: DigestAlgorithm | BaseHashAlgorithm, data: string): string {
  // One-shot crypto.hash (Node ≥ 20.12): a request hashes three to five short strings, and a Hash
  // object per string cost more than the hashing (bench/results.md, profile of REGISTER).
  return hash(NODE_HASH[baseHashOf(algorithm)], data, 'hex');
}

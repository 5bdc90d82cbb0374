// Verification of one digest response against a stored credential (spec §8.5 step 6).
//
// Only the hash is judged here. Nonce freshness (nonce.ts), replay of (nonce, nc), realm
// permissions and opaque matching need state or configuration and belong to the caller — RFC 5090
// §2.2.2 also wants a stale-but-correct response answered differently from a wrong one, so the
// caller must know the hash verdict on its own.
import { baseHashOf, hashHexLength, parseAlgorithm, type DigestAlgorithm } from './algorithm.js';
import { hexDigestEquals } from './compare.js';
import { computeResponse, computeResponseAuth, ha1For, type StoredCredential } from './response.js';

/** The Digest-* values of an Access-Request, already un-escaped (unescape.ts). */
export interface DigestInput {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly method: string;
  readonly response: string;
  readonly algorithm?: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
}

export type DigestFailureReason =
  | 'bad-response'
  | 'unsupported-algorithm'
  | 'unsupported-qop'
  | 'missing-field'
  | 'no-credential-for-algorithm';

export type DigestVerdict =
  | {
      readonly ok: true;
      /** Digest-Response-Auth for the Access-Accept (RFC 5090 §2.2.3, §3.4). */
      readonly rspauth: string;
      readonly algorithm: DigestAlgorithm;
    }
  | {
      readonly ok: false;
      readonly reason: DigestFailureReason;
      /** Short machine-friendly detail: the missing field's name, the unsupported value, … */
      readonly detail: string;
    };

// nc-value = 8LHEX (RFC 2617 §3.2.2); RFC 5090 §3.12 fixes Digest-Nonce-Count at 8 characters.
// Upper case is tolerated: the client hashed nc as it sent it, and we hash it the same way.
const NC = /^[0-9a-fA-F]{8}$/;
const HEX = /^[0-9a-fA-F]*$/;

function fail(reason: DigestFailureReason, detail: string): DigestVerdict {
  return { ok: false, reason, detail };
}

/**
 * Is `input.response` what a client knowing `credential` would have sent? The checks run cheapest
 * first and every hash comparison is constant-time. Never throws.
 */
export function verifyDigest(input: DigestInput, credential: StoredCredential): DigestVerdict {
  // RFC 5090 §2.2.1: with Digest-Response present the server needs Realm, Nonce, Method, URI and
  // Username; a missing one is a malformed request. RADIUS cannot carry an empty text attribute
  // (RFC 2865 §5: length ≥ 3), so an empty string here means the attribute was absent.
  const required = ['response', 'username', 'realm', 'nonce', 'method', 'uri'] as const;
  for (const field of required) {
    if (input[field] === '') return fail('missing-field', field);
  }

  const algorithm = parseAlgorithm(input.algorithm);
  if (algorithm === undefined) return fail('unsupported-algorithm', input.algorithm ?? '');

  const qop = input.qop;
  if (qop !== undefined && qop.toLowerCase() !== 'auth') {
    // auth-int would need Digest-Entity-Body-Hash, which the FireBrick never sends (spec §1.2).
    return fail('unsupported-qop', qop);
  }
  if (qop !== undefined) {
    // RFC 2617 §3.2.2: cnonce and nc MUST be sent whenever qop is; RFC 5090 §2.2.1 makes their
    // absence a reason to reject.
    if (input.nc === undefined || input.nc === '') return fail('missing-field', 'nc');
    if (!NC.test(input.nc)) return fail('missing-field', 'nc-format');
    if (input.cnonce === undefined || input.cnonce === '') return fail('missing-field', 'cnonce');
  } else if (algorithm.endsWith('-sess') && (input.cnonce === undefined || input.cnonce === '')) {
    // A -sess A1 contains the cnonce (RFC 2617 §3.2.2.2); without it there is nothing to compute.
    return fail('missing-field', 'cnonce');
  }

  // A response of the wrong length or alphabet cannot match; answering early leaks nothing, as the
  // expected length is public (it follows from the algorithm).
  if (input.response.length !== hashHexLength(algorithm) || !HEX.test(input.response)) {
    return fail('bad-response', 'malformed');
  }

  const ha1 = ha1For(credential, algorithm, { username: input.username, realm: input.realm });
  if (ha1 === undefined) return fail('no-credential-for-algorithm', baseHashOf(algorithm));

  const params = {
    algorithm,
    ha1,
    method: input.method,
    uri: input.uri,
    nonce: input.nonce,
    ...(qop !== undefined ? { qop } : {}),
    ...(input.nc !== undefined && qop !== undefined ? { nc: input.nc } : {}),
    ...(input.cnonce !== undefined ? { cnonce: input.cnonce } : {}),
  };
  const expected = computeResponse(params);
  if (!expected.ok) return fail(expected.reason, expected.detail);
  if (!hexDigestEquals(expected.value, input.response)) return fail('bad-response', 'mismatch');

  const rspauth = computeResponseAuth(params);
  if (!rspauth.ok) return fail(rspauth.reason, rspauth.detail);
  return { ok: true, rspauth: rspauth.value, algorithm };
}

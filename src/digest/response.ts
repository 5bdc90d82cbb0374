// The digest computations themselves: HA1, request-digest ("response") and rspauth.
//
// With H = the algorithm's hash and KD(k, d) = H(k ":" d), all hex in lower case
// (RFC 2617 §3.2.1–3.2.3, RFC 7616 §3.4, RFC 3261 §22.4):
//   A1 = username ":" realm ":" password                          (plain algorithms)
//   A1 = H(username ":" realm ":" password) ":" nonce ":" cnonce   (-sess algorithms)
//   A2 = method ":" digest-uri
//   response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))   (qop present)
//   response = KD(H(A1), nonce ":" H(A2))                            (qop absent, RFC 2069 form)
//   rspauth  = the same with A2 = ":" digest-uri                      (RFC 2617 §3.2.3)
import { baseHashOf, hashHex, hashHexLength, isSessionAlgorithm, type BaseHashAlgorithm, type DigestAlgorithm } from './algorithm.js';

/**
 * H(username ":" realm ":" password): the HA1 that is stored instead of the password. It depends
 * only on the base hash, so one value serves both e.g. MD5 and MD5-sess.
 */
export function computeHa1(algorithm: BaseHashAlgorithm, username: string, realm: string, password: string): string {
  return hashHex(algorithm, `${username}:${realm}:${password}`);
}

/**
 * H(HA1 ":" nonce ":" cnonce): the session HA1 of the -sess algorithms. RFC 2617 §3.2.2.2 builds it
 * from the stored H(user:realm:pass), which is why a server holding only HA1s can still verify them.
 */
export function sessionHa1(algorithm: BaseHashAlgorithm, ha1: string, nonce: string, cnonce: string): string {
  return hashHex(algorithm, `${ha1}:${nonce}:${cnonce}`);
}

/** The values a response (or rspauth) is computed from; all already un-escaped (unescape.ts). */
export interface ResponseParams {
  readonly algorithm: DigestAlgorithm;
  /** Lower-case hex H(username:realm:password) for the algorithm's base hash — never the session HA1. */
  readonly ha1: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly nc?: string;
  readonly cnonce?: string;
  /** `auth`, or absent for the RFC 2069 form. */
  readonly qop?: string;
}

export type ComputeErrorReason = 'unsupported-qop' | 'missing-field';

/** Either the hex digest or why it cannot be computed. */
export type ComputeResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: ComputeErrorReason; readonly detail: string };

/** The request-digest a client with these credentials sends as `response` (Digest-Response). */
export function computeResponse(params: ResponseParams): ComputeResult {
  return digestOver(params, params.method);
}

/**
 * The rspauth of the Authentication-Info header, which RFC 5090 §3.4 carries as
 * Digest-Response-Auth: as the response, but with A2 = ":" digest-uri (RFC 2617 §3.2.3) — the
 * method is left out so the server's proof differs from the client's own response, which an
 * impostor could otherwise simply echo back.
 */
export function computeResponseAuth(params: Omit<ResponseParams, 'method'>): ComputeResult {
  return digestOver(params, '');
}

function digestOver(params: Omit<ResponseParams, 'method'>, method: string): ComputeResult {
  const { algorithm, nonce, nc, cnonce, qop, uri } = params;
  const base = baseHashOf(algorithm);

  // auth-int needs H(entity-body) in A2 (RFC 2617 §3.2.2.3). The FireBrick never sends
  // Digest-Entity-Body-Hash (spec §1.2), so such a response could never be checked: say so.
  if (qop !== undefined && qop.toLowerCase() !== 'auth') {
    return { ok: false, reason: 'unsupported-qop', detail: `qop "${qop}" is not supported (only "auth" or none)` };
  }
  if (qop !== undefined && (nc === undefined || cnonce === undefined)) {
    return { ok: false, reason: 'missing-field', detail: nc === undefined ? 'nc' : 'cnonce' };
  }

  let ha1 = params.ha1.toLowerCase();
  if (isSessionAlgorithm(algorithm)) {
    // -sess without a cnonce has no defined A1 (RFC 2617 §3.2.2.2 needs the client's cnonce).
    if (cnonce === undefined) return { ok: false, reason: 'missing-field', detail: 'cnonce' };
    ha1 = sessionHa1(base, ha1, nonce, cnonce);
  }

  const ha2 = hashHex(base, `${method}:${uri}`);
  // qop is hashed as sent: the client hashed its own spelling of it.
  const value =
    qop === undefined
      ? hashHex(base, `${ha1}:${nonce}:${ha2}`)
      : hashHex(base, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  return { ok: true, value };
}

/**
 * Credentials as stored for one subscriber. HA1 depends on the hash (RFC 7616 §3.4.2), so it is kept
 * per base hash; a plaintext password is kept only when the operator insists, and then any HA1 can
 * be derived from it.
 */
export interface StoredCredential {
  readonly ha1?: Readonly<Partial<Record<BaseHashAlgorithm, string>>>;
  readonly password?: string;
}

/** Whose HA1 to derive from a plaintext password: the Digest-Username and Digest-Realm, un-escaped. */
export interface CredentialIdentity {
  readonly username: string;
  readonly realm: string;
}

const HEX = /^[0-9a-fA-F]+$/;

/**
 * The HA1 (lower-case hex of H(username:realm:password), base hash of `algorithm`) to verify with, or
 * `undefined` when the credential cannot serve that algorithm. A stored HA1 wins; a password is used
 * only when no (well-formed) HA1 is stored for that hash and `identity` is given — the password alone
 * does not say which username and realm to hash it with. A stored HA1 of the wrong length or with
 * non-hex characters is ignored rather than compared, so a damaged record cannot match anything.
 */
export function ha1For(
  credential: StoredCredential,
  algorithm: DigestAlgorithm | BaseHashAlgorithm,
  identity?: CredentialIdentity,
): string | undefined {
  const base = baseHashOf(algorithm);
  const stored = credential.ha1?.[base];
  if (stored !== undefined && stored.length === hashHexLength(base) && HEX.test(stored)) return stored.toLowerCase();
  if (credential.password !== undefined && identity !== undefined) {
    return computeHa1(base, identity.username, identity.realm, credential.password);
  }
  return undefined;
}

// Stateless server nonces and the opaque value.
//
// RFC 5090 §1.3 and §2.2.1 leave nonce generation to the RADIUS server and let it judge a nonce's
// age "via an embedded, integrity-protected timestamp" instead of a table. That is what this is:
//
//   nonce = base64url( timestamp ms (8 bytes, big-endian) ‖ random (8 bytes) ‖ tag (16 bytes) )
//   tag   = first 16 bytes of HMAC-SHA256(key, NONCE_LABEL ‖ timestamp ‖ random ‖ realm)
//
// The realm is in the MAC but not in the nonce: a nonce issued for one realm fails as "foreign" in
// any other, so a response computed for realm A can never be presented as fresh in realm B. The
// random part keeps two nonces issued in the same millisecond distinct (RFC 2617 §3.2.1 wants them
// unique), and the 128-bit tag is far beyond guessing. Every firebridge instance sharing the key
// accepts the others' nonces, so no state has to be shared.
import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

const TIMESTAMP_BYTES = 8;
const RANDOM_BYTES = 8;
const TAG_BYTES = 16;
const BODY_BYTES = TIMESTAMP_BYTES + RANDOM_BYTES;
const NONCE_BYTES = BODY_BYTES + TAG_BYTES;

// Domain separation: nonce tags and opaques are both HMACs under the same key, and must never be
// interchangeable.
const NONCE_LABEL = Buffer.from('firebridge nonce v1\0', 'latin1');
const OPAQUE_LABEL = Buffer.from('firebridge opaque v1\0', 'latin1');

// 32 bytes are 43 base64url characters without padding; the last one carries 4 data bits and 2
// filler bits, which the canonical encoding sets to zero. Demanding the canonical form makes the nonce
// text (which replay protection keys on) a one-to-one image of the bytes: no second spelling of a
// valid nonce exists. Buffer's own base64 decoder would silently skip invalid characters.
const NONCE_TEXT = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Clock difference tolerated between instances sharing the nonce key. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5_000;

export interface IssueNonceOptions {
  /** Realm the nonce is for; checkNonce must be given the same realm. Default: "" (no realm). */
  readonly realm?: string;
  /** 8 bytes to use instead of fresh random ones (tests only: determinism). */
  readonly random?: Uint8Array;
}

export interface CheckNonceOptions {
  /** Realm the response was computed for (the un-escaped Digest-Realm). */
  readonly realm?: string;
  /** How far in the future an issue time may lie before it counts as stale. */
  readonly maxFutureSkewMs?: number;
}

export type NonceCheck =
  /** Ours, intact, and young enough. */
  | { readonly kind: 'valid'; readonly issuedAt: number }
  /** Ours and intact, but older than maxAge (or from too far in the future): answer with Digest-Stale. */
  | { readonly kind: 'stale'; readonly issuedAt: number }
  /** Not a nonce this key issued for this realm: malformed, tampered, or the FireBrick's own. */
  | { readonly kind: 'foreign' };

const FOREIGN: NonceCheck = { kind: 'foreign' };

function tagOf(secretKey: Buffer, body: Uint8Array, realm: string): Buffer {
  return createHmac('sha256', secretKey).update(NONCE_LABEL).update(body).update(realm, 'utf8').digest();
}

function realmOf(opts: string | { readonly realm?: string } | undefined): string {
  return typeof opts === 'string' ? opts : (opts?.realm ?? '');
}

/**
 * A fresh nonce for a challenge (Digest-Nonce, RFC 5090 §3.3). `opts` may be the realm itself or an
 * options object. Throws RangeError for an impossible clock value or a wrong-sized `random` — both
 * are programming errors, not input.
 */
export function issueNonce(secretKey: Buffer, nowMs: number, opts?: string | IssueNonceOptions): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new RangeError(`issueNonce: bad clock value ${nowMs}`);
  const buf = Buffer.allocUnsafe(NONCE_BYTES);
  // A safe integer needs 53 bits; split it into two 32-bit halves rather than go through BigInt.
  buf.writeUInt32BE(Math.floor(nowMs / 0x1_0000_0000), 0);
  buf.writeUInt32BE(nowMs >>> 0, 4);
  const random = typeof opts === 'object' ? opts.random : undefined;
  if (random === undefined) {
    randomFillSync(buf, TIMESTAMP_BYTES, RANDOM_BYTES);
  } else {
    if (random.length !== RANDOM_BYTES) throw new RangeError(`issueNonce: random must be ${RANDOM_BYTES} bytes`);
    buf.set(random, TIMESTAMP_BYTES);
  }
  const body = buf.subarray(0, BODY_BYTES);
  tagOf(secretKey, body, realmOf(opts)).copy(buf, BODY_BYTES, 0, TAG_BYTES);
  return buf.toString('base64url');
}

/**
 * Was `nonce` issued with this key for this realm, and is it still fresh at `nowMs`? `opts` may be
 * the realm itself or an options object. Never throws on any nonce text; an impossible clock (NaN)
 * makes an authentic nonce "stale", never "valid".
 */
export function checkNonce(
  secretKey: Buffer,
  nonce: string,
  nowMs: number,
  maxAgeMs: number,
  opts?: string | CheckNonceOptions,
): NonceCheck {
  if (typeof nonce !== 'string' || !NONCE_TEXT.test(nonce)) return FOREIGN;
  const buf = Buffer.from(nonce, 'base64url');
  if (buf.length !== NONCE_BYTES) return FOREIGN; // cannot happen after the pattern; kept as a guard
  const expected = tagOf(secretKey, buf.subarray(0, BODY_BYTES), realmOf(opts));
  // Constant time, so the tag cannot be learnt a byte at a time from response timings.
  if (!timingSafeEqual(expected.subarray(0, TAG_BYTES), buf.subarray(BODY_BYTES))) return FOREIGN;

  const issuedAt = buf.readUInt32BE(0) * 0x1_0000_0000 + buf.readUInt32BE(4);
  const skew = typeof opts === 'object' && opts.maxFutureSkewMs !== undefined ? opts.maxFutureSkewMs : DEFAULT_MAX_FUTURE_SKEW_MS;
  const age = nowMs - issuedAt;
  // Written so that NaN anywhere fails the test and lands on "stale".
  if (age <= maxAgeMs && age >= -skew) return { kind: 'valid', issuedAt };
  return { kind: 'stale', issuedAt };
}

/**
 * The opaque for a realm's challenges (Digest-Opaque, RFC 5090 §3.14; RFC 2617 §3.2.1 lets the server
 * choose it freely). Derived, not random, so that every instance sharing the key sends and expects
 * the same value without storing it: HMAC-SHA256(key, OPAQUE_LABEL ‖ realm), 16 bytes, base64url.
 */
export function opaqueFor(secretKey: Buffer, realm: string): string {
  // Asked for on every challenge and every verified request: derive it once per (key, realm).
  let byRealm = opaqueCache.get(secretKey);
  if (!byRealm) opaqueCache.set(secretKey, (byRealm = new Map()));
  let opaque = byRealm.get(realm);
  if (opaque === undefined) {
    opaque = createHmac('sha256', secretKey).update(OPAQUE_LABEL).update(realm, 'utf8').digest().subarray(0, 16).toString('base64url');
    // Realms come from requests: bound the map so a stream of invented realms cannot grow it.
    if (byRealm.size >= 64) byRealm.clear();
    byRealm.set(realm, opaque);
  }
  return opaque;
}

/** Keyed by the key Buffer itself: a rotated key is a new Buffer, and the old entry goes with it. */
const opaqueCache = new WeakMap<Buffer, Map<string, string>>();

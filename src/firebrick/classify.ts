// What kind of question the FireBrick is asking (spec §1.3). A pure function of the request.
import type { FirebrickAccessRequest } from './access-request.js';

export type RequestKind =
  /** No Digest-Method: not VoIP (e.g. L2TP/PPP RADIUS from the same box). */
  | { readonly kind: 'not-voip' }
  /** Digest-Response present: verify it, then apply policy. */
  | { readonly kind: 'digest'; readonly accountKey: AccountKey }
  /** Incoming call from a carrier the FireBrick already authenticated: routing only. */
  | { readonly kind: 'carrier'; readonly carrier: string }
  /** Locally configured phone, already checked by the FireBrick: approval or routing only. */
  | { readonly kind: 'local-phone'; readonly accountKey: AccountKey }
  /** No credentials yet (`radius-challenge`, unknown user, empty response): challenge, accept or reject. */
  | { readonly kind: 'pre-challenge' };

/**
 * Whose credentials and limits apply (spec §8.5 step 5): RFC 5090 says User-Name, but a FireBrick's
 * User-Name is a local phone name, `@carrier` or (V1.24) the Contact URI — so unknown requesters are
 * keyed by Digest-Username + Digest-Realm, local phones by CUI (then User-Name), carriers by `@name`.
 */
export type AccountKey =
  | { readonly by: 'digest-username'; readonly username: string; readonly realm: string }
  | { readonly by: 'cui'; readonly cui: string; readonly userName: string | undefined }
  | { readonly by: 'carrier'; readonly carrier: string };

export function accountKeyOf(r: FirebrickAccessRequest): AccountKey | undefined {
  if (r.userName?.startsWith('@')) return { by: 'carrier', carrier: r.userName.slice(1) };
  if (r.chargeableUserIdentity) return { by: 'cui', cui: r.chargeableUserIdentity, userName: r.userName };
  if (r.digest.username !== undefined && r.digest.realm !== undefined) {
    return { by: 'digest-username', username: r.digest.username, realm: r.digest.realm };
  }
  // V1.24.087 carrier INVITEs carry only Digest-Username "@carrier" (spec §1.1).
  if (r.digest.username?.startsWith('@')) return { by: 'carrier', carrier: r.digest.username.slice(1) };
  return undefined;
}

export function classify(r: FirebrickAccessRequest): RequestKind {
  if (r.method === undefined) return { kind: 'not-voip' };
  const key = accountKeyOf(r);
  if (r.digest.response !== undefined && r.digest.response !== '' && key && key.by !== 'carrier') {
    return { kind: 'digest', accountKey: key };
  }
  if (key?.by === 'carrier') return { kind: 'carrier', carrier: key.carrier };
  if (key?.by === 'cui') return { kind: 'local-phone', accountKey: key };
  return { kind: 'pre-challenge' };
}

// What kind of question the FireBrick is asking (spec §1.3). A pure function of the request.
import type { FirebrickAccessRequest } from './access-request.js';
import { accountKeyOf, type AccountKey } from './caller.js';

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

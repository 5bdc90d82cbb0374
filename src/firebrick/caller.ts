// Who is asking (spec §1.1; §8.5 step 5), from the identities a FireBrick request carries, and the
// names a caller is counted under. The one home of the rule: classify.ts asks it which account to
// check, the pipeline asks it whom to describe to the rules (app/firebrick/route.ts), and the
// lockout guard, the active-call limits and the accounting legs name callers by it.
import type { FirebrickAccessRequest } from './access-request.js';

/** The identities of a request that say who is asking. */
export interface CallerIds {
  /** V1.25+: a local phone's name or `@carrier`; V1.24: the Contact URI (spec §1.2). */
  readonly userName?: string | undefined;
  /** Chargeable-User-Identity: set for a locally configured phone. */
  readonly cui?: string | undefined;
  readonly digestUsername?: string | undefined;
  readonly digestRealm?: string | undefined;
}

export function callerIdsOf(r: FirebrickAccessRequest): CallerIds {
  return { userName: r.userName, cui: r.chargeableUserIdentity, digestUsername: r.digest.username, digestRealm: r.digest.realm };
}

/**
 * Whose credentials and limits apply (spec §8.5 step 5): RFC 5090 says User-Name, but a FireBrick's
 * User-Name is a local phone name, `@carrier` or (V1.24) the Contact URI — so unknown requesters are
 * keyed by Digest-Username + Digest-Realm, local phones by CUI (then User-Name), carriers by `@name`.
 */
export type AccountKey =
  | { readonly by: 'digest-username'; readonly username: string; readonly realm: string }
  | { readonly by: 'cui'; readonly cui: string; readonly userName: string | undefined }
  | { readonly by: 'carrier'; readonly carrier: string };

export function callerKey(ids: CallerIds): AccountKey | undefined {
  if (ids.userName?.startsWith('@')) return { by: 'carrier', carrier: ids.userName.slice(1) };
  if (ids.cui) return { by: 'cui', cui: ids.cui, userName: ids.userName };
  if (ids.digestUsername !== undefined && ids.digestRealm !== undefined) {
    return { by: 'digest-username', username: ids.digestUsername, realm: ids.digestRealm };
  }
  // V1.24.087 carrier INVITEs carry only Digest-Username "@carrier" (spec §1.1).
  if (ids.digestUsername?.startsWith('@')) return { by: 'carrier', carrier: ids.digestUsername.slice(1) };
  return undefined;
}

export function accountKeyOf(r: FirebrickAccessRequest): AccountKey | undefined {
  return callerKey(callerIdsOf(r));
}

/**
 * The names a caller is counted under — lockouts, active calls, the legs of its calls:
 * a subscriber `realm:username`, a local phone `cui:<CUI>`, a carrier `@name`.
 */
export const callerName = {
  subscriber: (realm: string, username: string): string => `${realm}:${username}`,
  cui: (cui: string): string => `cui:${cui}`,
  carrier: (carrier: string): string => `@${carrier}`,
} as const;

/** The name an account key is counted under (as the request wrote it: Digest values still escaped). */
export function accountName(key: AccountKey): string {
  switch (key.by) {
    case 'digest-username':
      return callerName.subscriber(key.realm, key.username);
    case 'cui':
      return callerName.cui(key.cui);
    case 'carrier':
      return callerName.carrier(key.carrier);
  }
}

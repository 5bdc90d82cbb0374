// What the rule engine knows about a call: read from a FireBrick request by the pipeline, or made up
// by `firebridge route` for a dry run. Plain data, so rules are testable without RADIUS.
import { callerName } from '../firebrick/caller.js';

export interface CallerSubscriber {
  readonly username: string;
  readonly realm: string;
  readonly number?: string;
  readonly cui?: string;
  readonly maxCalls?: number;
}

export type CallSource =
  | { readonly kind: 'subscriber'; readonly subscriber: CallerSubscriber }
  | { readonly kind: 'local-phone'; readonly cui: string; readonly subscriber?: CallerSubscriber }
  | { readonly kind: 'carrier'; readonly carrier: string }
  | { readonly kind: 'unknown' };

export interface CallContext {
  readonly method: string;
  /** Dialled number (To: user, spec §1.2). */
  readonly called: string | undefined;
  /** Caller's number as presented (From: user / CLI). */
  readonly calling: string | undefined;
  readonly source: CallSource;
  readonly firebrick: {
    readonly client: string;
    readonly nasIdentifier?: string | undefined;
    /** The client's routing model (firebrick/profile.ts): v1.25 cannot carry a redirect (spec §4.4), so a forward is a leg. */
    readonly routingModel?: 'v1.24' | 'v1.25';
  };
  readonly at: Date;
  /** 3xx code when this is a re-route query after a redirect (spec §4.5). */
  readonly redirectCode?: number | undefined;
  /** The phone's SIP source address (the FireBrick's NAS-IP-Address, spec §3): the fraud guard's "source" subject. */
  readonly sourceAddress?: string | undefined;
}

export function callerSubscriber(source: CallSource): CallerSubscriber | undefined {
  return source.kind === 'subscriber' ? source.subscriber : source.kind === 'local-phone' ? source.subscriber : undefined;
}

/** Who active-call limits apply to: "realm:username", or the CUI, or the carrier (firebrick/caller.ts). */
export function callerIdentity(source: CallSource): string | undefined {
  const sub = callerSubscriber(source);
  if (sub) return callerName.subscriber(sub.realm, sub.username);
  if (source.kind === 'local-phone') return callerName.cui(source.cui);
  if (source.kind === 'carrier') return callerName.carrier(source.carrier);
  return undefined;
}

/** Every identity a caller's legs count against: its callerIdentity, and the CUI of a local phone. */
export function callerIdentities(source: CallSource): string[] {
  const ids = new Set<string>();
  const main = callerIdentity(source);
  if (main) ids.add(main);
  if (source.kind === 'local-phone') ids.add(callerName.cui(source.cui));
  return [...ids];
}

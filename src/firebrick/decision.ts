// What firebridge answers to one Access-Request, before it is written as attributes.
import type { RoutePlan } from './route-plan.js';

export interface ChallengeDecision {
  readonly kind: 'challenge';
  readonly realm: string;
  readonly nonce: string;
  readonly qop?: string;
  readonly algorithm?: string;
  readonly opaque?: string;
  /** Digest-Stale = true: the response was right but the nonce too old (RFC 5090 §2.2.2). */
  readonly stale?: boolean;
  /** RFC 5090 §5 note 4 asks for State in every Access-Challenge; it is never required back (spec §9.8). */
  readonly state?: Buffer;
}

export interface RejectDecision {
  readonly kind: 'reject';
  /** Shown in the SIP Warning header (spec §5): words an operator understands. */
  readonly message: string;
  /** Why, for logs and metrics (never sent). */
  readonly reason: string;
}

export interface RegisterAcceptDecision {
  readonly kind: 'register-accept';
  /** The number the phone becomes reachable at as tel:<number>; absent: FireBrick keeps no binding. */
  readonly number?: string;
  /** Granted Expires, sent as Session-Timeout (spec §3). */
  readonly expires?: number;
  /** Answer the REGISTER with a 302 to this Contact (spec §3, §4.5). */
  readonly redirect?: string;
  readonly digestResponseAuth?: string;
}

export interface RouteAcceptDecision {
  readonly kind: 'route-accept';
  readonly plan: RoutePlan;
  readonly digestResponseAuth?: string;
}

/** Approval of a request that needs no further data (OPTIONS, SUBSCRIBE, ...; spec §3). */
export interface PlainAcceptDecision {
  readonly kind: 'accept';
  readonly digestResponseAuth?: string;
}

export type Decision = ChallengeDecision | RejectDecision | RegisterAcceptDecision | RouteAcceptDecision | PlainAcceptDecision;

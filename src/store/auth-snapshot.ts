// Everything digest authentication reads, and the (nonce, nc) claim, asked as one question: on a
// single Redis it is one script, one command, one round trip (bench/: each command and round trip
// was a measurable share of a REGISTER's CPU). Elsewhere it is the same calls, issued together.
import type { AuthGuardStore, GuardSubject, Lockout } from './auth-guard.js';
import type { NonceClaim, NonceClaimQuery, NonceReplayStore } from './nonce-replay.js';
import type { Subscriber, SubscriberStore } from './subscriber.js';

export type AccountLookup = { readonly realm: string; readonly username: string } | { readonly cui: string } | undefined;

export interface AuthQuery {
  readonly account: AccountLookup;
  /** The user subject first: its failure count is the one a success clears. */
  readonly subjects: readonly [GuardSubject, ...GuardSubject[]];
  readonly claim: NonceClaimQuery;
}

export interface AuthSnapshot {
  readonly lock: Lockout | undefined;
  readonly subscriber: Subscriber | undefined;
  readonly userHasFailures: boolean;
  readonly claim: NonceClaim;
}

/** The stores a snapshot is composed from. */
export interface AuthParts {
  readonly subscribers: SubscriberStore;
  readonly guard: AuthGuardStore;
  readonly nonces: NonceReplayStore;
}

/** The snapshot from the separate stores (in-process store, Redis Cluster, CUI look-ups). */
export async function composeAuthSnapshot(
  parts: AuthParts,
  q: AuthQuery,
): Promise<AuthSnapshot> {
  const account = q.account;
  const [lock, subscriber, userHasFailures, claim] = await Promise.all([
    parts.guard.lockedOut(q.subjects),
    account === undefined ? undefined : 'cui' in account ? parts.subscribers.getByCui(account.cui) : parts.subscribers.get(account.realm, account.username),
    parts.guard.hasFailures(q.subjects[0]),
    parts.nonces.claim(q.claim),
  ]);
  return { lock, subscriber, userHasFailures, claim };
}

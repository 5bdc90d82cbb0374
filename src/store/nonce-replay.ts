// Replay protection for digest responses (issue 3, RFC 2617 §3.2.2 nc): each (nonce, nc) belongs to
// one SIP request. The first claim of a pair records which request (its fingerprint,
// firebrick/request-fingerprint.ts) and when; the same request again within SIP's retransmission
// window is a retransmission — a FireBrick asking the next server of its pool (spec §7) or a phone
// resending a request whose answer was lost — and anything else is a replay.
export type NonceClaim = 'first' | 'retransmission' | 'replay';

export interface NonceClaimQuery {
  readonly nonce: string;
  readonly nc: string;
  /** The SIP request's fingerprint. */
  readonly fingerprint: string;
  /** When this instance saw the request (ms since 1970): instances of a pool share the first sight. */
  readonly atMs: number;
  /** How long the pair is remembered: the nonce's lifetime. */
  readonly ttlMs: number;
}

export interface NonceReplayStore {
  claim(query: NonceClaimQuery): Promise<NonceClaim>;
}

/**
 * 64×T1 with T1 = 500 ms: after Timer B/F (RFC 3261 §17.1.1.1, §17.1.2.2) a SIP client has given up
 * on its transaction and retransmits no more, so the same request later is not a retransmission.
 */
export const RETRANSMISSION_WINDOW_MS = 64 * 500;

/** What a claim stores: the first sight's time and the request's fingerprint. */
export function claimValue(query: NonceClaimQuery): string {
  return `${query.atMs}:${query.fingerprint}`;
}

/**
 * The outcome, given what the pair held before this claim (nothing: the claim took it). A clock a
 * little behind the first instance's still counts as within the window.
 */
export function claimOutcome(previous: string | null | undefined, query: NonceClaimQuery): NonceClaim {
  if (previous === null || previous === undefined) return 'first';
  const colon = previous.indexOf(':');
  const firstSeenMs = Number(previous.slice(0, colon));
  const sameRequest = colon > 0 && previous.slice(colon + 1) === query.fingerprint;
  return sameRequest && query.atMs - firstSeenMs <= RETRANSMISSION_WINDOW_MS ? 'retransmission' : 'replay';
}

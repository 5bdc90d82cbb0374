// Replay protection for digest responses (issue 3, RFC 2617 §3.2.2 nc): each (nonce, nc) is accepted
// once. The FireBrick may send the very same RADIUS request to several servers of a pool (spec §7),
// so a repeat carrying the same RADIUS Request Authenticator is a retransmission, not a replay.
export type NonceClaim = 'first' | 'retransmission' | 'replay';

export interface NonceReplayStore {
  claim(nonce: string, nc: string, requestFingerprint: string, ttlMs: number): Promise<NonceClaim>;
}

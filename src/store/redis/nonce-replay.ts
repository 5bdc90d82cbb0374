import type { RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import type { NonceClaim, NonceReplayStore } from '../nonce-replay.js';

/** The PX argument of a claim: whole milliseconds, at least one. */
export function claimTtl(ttlMs: number): string {
  return String(Math.max(1, Math.round(ttlMs)));
}

/** What SET NX GET's answer means: nobody had the pair, this very request had it, or another had. */
export function claimOutcome(previous: string | null, fingerprint: string): NonceClaim {
  if (previous === null) return 'first';
  return previous === fingerprint ? 'retransmission' : 'replay';
}

export class RedisNonceReplayStore implements NonceReplayStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async claim(nonce: string, nc: string, fingerprint: string, ttlMs: number): Promise<NonceClaim> {
    // SET NX GET (Redis ≥ 7.0): one round trip both claims and tells who claimed first.
    const previous = (await this.redis.call('SET', this.keys.nonceCount(nonce, nc), fingerprint, 'NX', 'GET', 'PX', claimTtl(ttlMs))) as
      | string
      | null;
    return claimOutcome(previous, fingerprint);
  }
}

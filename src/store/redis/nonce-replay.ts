import type { RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import { claimOutcome, claimValue, type NonceClaim, type NonceClaimQuery, type NonceReplayStore } from '../nonce-replay.js';

/** The PX argument of a claim: whole milliseconds, at least one. */
export function claimTtl(ttlMs: number): string {
  return String(Math.max(1, Math.round(ttlMs)));
}

export class RedisNonceReplayStore implements NonceReplayStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async claim(query: NonceClaimQuery): Promise<NonceClaim> {
    // SET NX GET (Redis ≥ 7.0): one round trip both claims and tells who claimed first; NX keeps the
    // first sight's time, so repeats never stretch the retransmission window.
    const previous = (await this.redis.call(
      'SET',
      this.keys.nonceCount(query.nonce, query.nc),
      claimValue(query),
      'NX',
      'GET',
      'PX',
      claimTtl(query.ttlMs),
    )) as string | null;
    return claimOutcome(previous, query);
  }
}

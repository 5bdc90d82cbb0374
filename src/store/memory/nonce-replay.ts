import { claimOutcome, claimValue, type NonceClaim, type NonceClaimQuery, type NonceReplayStore } from '../nonce-replay.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryNonceReplayStore implements NonceReplayStore {
  private readonly claims: ExpiringMap<string>;

  constructor(now: () => number = Date.now) {
    this.claims = new ExpiringMap(now);
  }

  async claim(query: NonceClaimQuery): Promise<NonceClaim> {
    const key = `${query.nonce}:${query.nc}`;
    const previous = this.claims.get(key);
    if (previous === undefined) this.claims.set(key, claimValue(query), query.ttlMs);
    return claimOutcome(previous, query);
  }
}

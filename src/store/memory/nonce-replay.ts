import type { NonceClaim, NonceReplayStore } from '../nonce-replay.js';
import { ExpiringMap } from './expiring-map.js';

export class MemoryNonceReplayStore implements NonceReplayStore {
  private readonly claims: ExpiringMap<string>;

  constructor(now: () => number = Date.now) {
    this.claims = new ExpiringMap(now);
  }

  async claim(nonce: string, nc: string, fingerprint: string, ttlMs: number): Promise<NonceClaim> {
    const key = `${nonce}:${nc}`;
    const previous = this.claims.get(key);
    if (previous === undefined) {
      this.claims.set(key, fingerprint, ttlMs);
      return 'first';
    }
    return previous === fingerprint ? 'retransmission' : 'replay';
  }
}

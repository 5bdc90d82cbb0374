import { afterEach, describe, expect, it } from 'vitest';
import { RETRANSMISSION_WINDOW_MS, type NonceClaimQuery } from '../../src/store/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const T0 = 1_700_000_000_000;

function claim(nc: string, fingerprint: string, atMs = T0, nonce = 'abc'): NonceClaimQuery {
  return { nonce, nc, fingerprint, atMs, ttlMs: 60_000 };
}

describe.each(STORE_KINDS)('nonce replay store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('accepts a (nonce, nc) once; the same SIP request again is a retransmission, another is a replay', async () => {
    s = await makeStore(kind);
    const n = s.store.nonces;
    expect(await n.claim(claim('00000001', 'req-1'))).toBe('first');
    expect(await n.claim(claim('00000001', 'req-1', T0 + 1_000))).toBe('retransmission');
    expect(await n.claim(claim('00000001', 'req-2', T0 + 1_000))).toBe('replay');
    expect(await n.claim(claim('00000002', 'req-3'))).toBe('first');
    expect(await n.claim(claim('00000001', 'req-1', T0, 'other-nonce'))).toBe('first');
  });

  it('counts a retransmission only within 64×T1 of the first sight (RFC 3261 §17.1.1.1), which repeats do not move', async () => {
    s = await makeStore(kind);
    const n = s.store.nonces;
    expect(RETRANSMISSION_WINDOW_MS).toBe(32_000);
    expect(await n.claim(claim('00000001', 'req-1'))).toBe('first');
    expect(await n.claim(claim('00000001', 'req-1', T0 + 20_000))).toBe('retransmission');
    expect(await n.claim(claim('00000001', 'req-1', T0 + RETRANSMISSION_WINDOW_MS))).toBe('retransmission');
    expect(await n.claim(claim('00000001', 'req-1', T0 + RETRANSMISSION_WINDOW_MS + 1))).toBe('replay');
    expect(await n.claim(claim('00000001', 'req-1', T0 + 40_000))).toBe('replay');
  });

  it('takes a slightly earlier clock on another instance as within the window', async () => {
    s = await makeStore(kind);
    expect(await s.store.nonces.claim(claim('00000001', 'req-1'))).toBe('first');
    expect(await s.store.nonces.claim(claim('00000001', 'req-1', T0 - 500))).toBe('retransmission');
  });
});

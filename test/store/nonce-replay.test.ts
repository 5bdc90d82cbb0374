import { afterEach, describe, expect, it } from 'vitest';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

describe.each(STORE_KINDS)('nonce replay store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('accepts a (nonce, nc) once; the same RADIUS request again is a retransmission, another is a replay', async () => {
    s = await makeStore(kind);
    const n = s.store.nonces;
    expect(await n.claim('abc', '00000001', 'req-1', 60_000)).toBe('first');
    expect(await n.claim('abc', '00000001', 'req-1', 60_000)).toBe('retransmission');
    expect(await n.claim('abc', '00000001', 'req-2', 60_000)).toBe('replay');
    expect(await n.claim('abc', '00000002', 'req-3', 60_000)).toBe('first');
  });
});

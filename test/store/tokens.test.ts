// Admin API tokens, one contract for every store: kept by id with their hash, listed by name, deleted.
import { afterEach, describe, expect, it } from 'vitest';
import { newToken, tokenMatches } from '../../src/api/tokens.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

describe.each(STORE_KINDS)('token store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('keeps a token by id with only its hash, lists by name, and forgets a deleted one', async () => {
    s = await makeStore(kind);
    const b = newToken('zed', 'read-only', 1_000);
    const a = newToken('alpha', 'admin', 2_000);
    await s.store.tokens.put(b.record);
    await s.store.tokens.put(a.record);
    const got = await s.store.tokens.get(a.record.id);
    expect(got).toEqual(a.record);
    expect(tokenMatches(got!, a.token.slice(17))).toBe(true);
    expect(tokenMatches(got!, b.token.slice(17))).toBe(false);
    expect((await s.store.tokens.list()).map((t) => t.name)).toEqual(['alpha', 'zed']);
    expect(await s.store.tokens.delete(a.record.id)).toBe(true);
    expect(await s.store.tokens.delete(a.record.id)).toBe(false);
    expect(await s.store.tokens.get(a.record.id)).toBeUndefined();
  });
});

// The audit trail, one contract for every store: changes listed newest first, by subject, as written.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditChange } from '../../src/store/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const change = (n: number, subject = 'subscriber:example.com:alice'): AuditChange => ({
  at: 1_700_000_000_000 + n,
  who: n % 2 ? { kind: 'subscriber', name: 'example.com:alice' } : { kind: 'operator', name: 'root' },
  subject,
  what: `change ${n}`,
  before: { forward: null, n },
  after: { forward: 'tel:202', n: n + 1 },
});

describe.each(STORE_KINDS)('audit store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('lists changes newest first, as written, and by subject', async () => {
    s = await makeStore(kind);
    for (let i = 1; i <= 4; i++) await s.store.audit.record(change(i, i === 3 ? 'subscriber:example.com:bob' : undefined));
    const all = await s.store.audit.list({ count: 10 });
    expect(all.map((r) => r.what)).toEqual(['change 4', 'change 3', 'change 2', 'change 1']);
    const { id: _id, ...first } = all[3]!;
    expect(first).toEqual(change(1));
    expect((await s.store.audit.list({ count: 2 })).map((r) => r.what)).toEqual(['change 4', 'change 3']);
    expect((await s.store.audit.list({ count: 10, subject: 'subscriber:example.com:alice' })).map((r) => r.what)).toEqual(['change 4', 'change 2', 'change 1']);
  });

  if (kind !== 'memory') {
    it('is one stream readable with redis-cli', async () => {
      s = await makeStore(kind);
      await s.store.audit.record(change(1));
      const [[, fields]] = (await s.redis!.xrange(`${s.prefix}audit`, '-', '+')) as [[string, string[]]];
      expect(fields).toEqual(['at', '1700000000001', 'who', 'subscriber:example.com:alice', 'subject', 'subscriber:example.com:alice', 'what', 'change 1', 'before', '{"forward":null,"n":1}', 'after', '{"forward":"tel:202","n":2}']);
    });
  }
});

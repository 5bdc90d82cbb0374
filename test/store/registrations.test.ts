import { afterEach, describe, expect, it } from 'vitest';
import type { Binding } from '../../src/firebrick/registration.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

function binding(over: Partial<Binding> & { id: string; number: string }): Binding {
  const now = Date.now();
  return {
    subscriber: 'example.com:alice',
    contact: `sip:alice@192.0.2.1:5060`,
    contactParts: { user: 'alice', host: '192.0.2.1', port: 5060, transport: undefined },
    sourceAddress: '192.0.2.1',
    sourcePort: 5060,
    behindNat: false,
    userAgent: 'Yealink',
    callId: 'abc',
    firebrick: 'fb1',
    nasIdentifier: 'fb1.example',
    registeredAt: now,
    expiresAt: now + 60_000,
    ...over,
  };
}

describe.each(STORE_KINDS)('registration store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('records, refreshes, counts and lists bindings', async () => {
    s = await makeStore(kind);
    const regs = s.store.registrations;
    expect(await regs.isRegistered('201')).toBe(false);
    expect(await regs.register(binding({ id: 'a', number: '201' }), 0)).toEqual({ kind: 'registered', bindings: 1 });
    expect(await regs.register(binding({ id: 'a', number: '201', userAgent: 'Snom' }), 0)).toEqual({ kind: 'registered', bindings: 1 });
    expect(await regs.register(binding({ id: 'b', number: '201' }), 0)).toEqual({ kind: 'registered', bindings: 2 });
    expect(await regs.isRegistered('201')).toBe(true);
    expect(await regs.count('201')).toBe(2);
    const list = await regs.bindings('201');
    expect(list.map((b) => b.id).sort()).toEqual(['a', 'b']);
    expect(list.find((b) => b.id === 'a')?.userAgent).toBe('Snom');
    expect(await regs.numbers()).toEqual(['201']);
  });

  it('refuses a new binding over the subscriber limit but lets an existing one refresh', async () => {
    s = await makeStore(kind);
    const regs = s.store.registrations;
    await regs.register(binding({ id: 'a', number: '202' }), 2);
    await regs.register(binding({ id: 'b', number: '202' }), 2);
    expect((await regs.register(binding({ id: 'c', number: '202' }), 2)).kind).toBe('over-limit');
    expect((await regs.register(binding({ id: 'a', number: '202' }), 2)).kind).toBe('registered');
    // Another subscriber on the same number has its own allowance.
    expect((await regs.register(binding({ id: 'd', number: '202', subscriber: 'example.com:bob' }), 2)).kind).toBe('registered');
  });

  it('unregisters and flushes', async () => {
    s = await makeStore(kind);
    const regs = s.store.registrations;
    await regs.register(binding({ id: 'a', number: '203' }), 0);
    await regs.register(binding({ id: 'b', number: '203' }), 0);
    expect(await regs.unregister('203', 'a')).toEqual({ kind: 'unregistered', bindings: 1 });
    expect(await regs.flush('203')).toBe(1);
    expect(await regs.isRegistered('203')).toBe(false);
    expect(await regs.numbers()).toEqual([]);
  });

  it('never reports an expired binding', async () => {
    s = await makeStore(kind);
    const regs = s.store.registrations;
    const now = Date.now();
    await regs.register(binding({ id: 'a', number: '204', expiresAt: now + 1_000 }), 0);
    await regs.register(binding({ id: 'b', number: '204', expiresAt: now + 120_000 }), 0);
    s.advance(5_000);
    expect(await regs.count('204')).toBe(1);
    expect((await regs.bindings('204')).map((b) => b.id)).toEqual(['b']);
    s.advance(200_000);
    expect(await regs.isRegistered('204')).toBe(false);
    expect(await regs.numbers()).toEqual([]);
  });

  if (kind !== 'memory') {
    it('lets Redis drop the keys with the last binding, so churn does not grow the store', async () => {
      s = await makeStore(kind);
      const regs = s.store.registrations;
      await regs.register(binding({ id: 'a', number: '205', expiresAt: Date.now() + 300 }), 0);
      expect(await s.redis!.exists(`${s.prefix}reg:{205}`, `${s.prefix}reg-exp:{205}`)).toBe(2);
      await new Promise((r) => setTimeout(r, 400));
      expect(await s.redis!.exists(`${s.prefix}reg:{205}`, `${s.prefix}reg-exp:{205}`)).toBe(0);
    });
  }
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/store/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const alice: Subscriber = {
  username: 'alice',
  realm: 'example.com',
  ha1: { MD5: '0123456789abcdef0123456789abcdef' },
  number: '201',
  cui: 'cust-17',
  enabled: true,
  maxRegistrations: 3,
  maxCalls: 2,
  present: ['+442071234500', '+14155550123'],
  maxDuration: 3600,
};

describe.each(STORE_KINDS)('subscriber store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('puts, gets by name and CUI, lists and deletes', async () => {
    s = await makeStore(kind);
    const subs = s.store.subscribers;
    await subs.put(alice);
    expect(await subs.get('example.com', 'alice')).toEqual(alice);
    expect(await subs.getByCui('cust-17')).toEqual(alice);
    await subs.put({ ...alice, cui: 'cust-18', enabled: false });
    expect(await subs.getByCui('cust-17')).toBeUndefined();
    expect((await subs.getByCui('cust-18'))?.enabled).toBe(false);
    await subs.put({ ...alice, username: 'bob', cui: undefined } as Subscriber);
    expect((await subs.list()).map((x) => x.username)).toEqual(['alice', 'bob']);
    expect(await subs.delete('example.com', 'alice')).toBe(true);
    expect(await subs.delete('example.com', 'alice')).toBe(false);
    expect(await subs.getByCui('cust-18')).toBeUndefined();
  });

  if (kind !== 'memory') {
    it('is readable with redis-cli as a plain hash', async () => {
      s = await makeStore(kind);
      await s.store.subscribers.put(alice);
      const h = await s.redis!.hgetall(`${s.prefix}sub:{example.com:alice}`);
      expect(h).toMatchObject({ username: 'alice', realm: 'example.com', ha1_md5: alice.ha1.MD5, number: '201', enabled: '1', present: '+442071234500,+14155550123' });
      expect(h.password).toBeUndefined();
    });
  }
});

// Ring groups, one contract for every store: found by name or number, no number shared, a replaced
// group's old number released, and a round-robin position taken atomically with the read, so
// concurrent calls (two instances) never get the same start.
import { afterEach, describe, expect, it } from 'vitest';
import type { RingGroup } from '../../src/rules/groups/index.js';
import { Keys } from '../../src/store/keys.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const sales: RingGroup = {
  name: 'sales',
  number: '300',
  members: [
    { kind: 'tel', number: '201' },
    { kind: 'sip', uri: 'sip:desk@pbx.example' },
    { kind: 'carrier', carrier: 'mobiles', number: '07700900123' },
  ],
  strategy: 'round-robin',
  delaySeconds: 15,
  fallback: { kind: 'sip', uri: 'sip:vm@example.com' },
  ringSeconds: 40,
};
const support: RingGroup = { name: 'support', members: [{ kind: 'carrier', carrier: 'backup' }], strategy: 'all', delaySeconds: 10 };

describe.each(STORE_KINDS)('group store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('keeps groups whole, lists them by name, and finds one for a call by name or by number', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    expect(await g.put(support)).toEqual({ ok: true });
    expect(await g.put(sales)).toEqual({ ok: true });
    expect(await g.get('sales')).toEqual(sales);
    expect((await g.list()).map((x) => x.name)).toEqual(['sales', 'support']);
    expect(await g.forCall('sales')).toEqual({ group: sales, position: 0 });
    expect(await g.forCall('300')).toEqual({ group: sales, position: 1 });
    expect(await g.forCall('support')).toEqual({ group: support, position: 0 });
    expect(await g.forCall('support')).toEqual({ group: support, position: 0 });
    expect(await g.forCall('301')).toBeUndefined();
    expect(await g.get('nobody')).toBeUndefined();
  });

  it('peeks at the next round-robin position without taking it', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    await g.put(sales);
    expect((await g.peek('300'))?.position).toBe(0);
    await g.forCall('300');
    expect((await g.peek('sales'))?.position).toBe(1);
    expect((await g.peek('sales'))?.position).toBe(1);
  });

  it('gives concurrent calls different round-robin starts', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    await g.put(sales);
    const calls = await Promise.all(Array.from({ length: 12 }, () => g.forCall('300')));
    expect(calls.map((c) => c!.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('refuses a number another group has; a replaced group releases its old number', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    await g.put(sales);
    expect(await g.put({ ...support, number: '300' })).toEqual({ ok: false, group: 'support', numberTakenBy: 'sales' });
    expect(await g.get('support')).toBeUndefined();
    expect(await g.put({ ...sales, number: '310' })).toEqual({ ok: true });
    expect(await g.forCall('300')).toBeUndefined();
    expect((await g.forCall('310'))?.group.number).toBe('310');
    expect(await g.put({ ...support, number: '300' })).toEqual({ ok: true });
    expect((await g.forCall('300'))?.group.name).toBe('support');
  });

  it('writes a batch all or nothing, and lets a number change hands within it', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    await g.put(sales);
    const extra: RingGroup = { ...support, name: 'extra', number: '400' };
    // support takes 300 from sales, which moves to 320: fine in one batch, in either order.
    expect(await g.put({ ...support, number: '300' }, { ...sales, number: '320' })).toEqual({ ok: true });
    expect((await g.forCall('300'))?.group.name).toBe('support');
    expect((await g.forCall('320'))?.group.name).toBe('sales');
    // extra would take 320, which sales keeps: nothing of the batch is written.
    expect(await g.put(extra, { ...support, name: 'late', number: '320' })).toEqual({ ok: false, group: 'late', numberTakenBy: 'sales' });
    expect(await g.get('extra')).toBeUndefined();
    expect(await g.get('late')).toBeUndefined();
  });

  it('deletes a group with its number and position', async () => {
    s = await makeStore(kind);
    const g = s.store.groups;
    await g.put(sales);
    await g.forCall('sales');
    expect(await g.delete('sales')).toBe(true);
    expect(await g.delete('sales')).toBe(false);
    expect(await g.forCall('300')).toBeUndefined();
    expect(await g.list()).toEqual([]);
    await g.put(sales);
    expect((await g.forCall('300'))?.position).toBe(0);
  });

  it.runIf(kind !== 'memory')('keeps every group key under the {groups} hash tag, members as operators type them', async () => {
    s = await makeStore(kind);
    await s.store.groups.put(sales);
    const keys = new Keys(s.prefix);
    expect(keys.groups()).toBe(`${s.prefix}{groups}:defs`);
    expect(JSON.parse((await s.redis!.hget(keys.groups(), 'sales'))!)).toEqual({
      name: 'sales',
      number: '300',
      strategy: 'round-robin',
      delay: 15,
      members: ['201', 'sip:desk@pbx.example', '07700900123@mobiles'],
      fallback: 'sip:vm@example.com',
      ringTime: 40,
    });
    expect(await s.redis!.hget(keys.groupNumbers(), '300')).toBe('sales');
  });
});

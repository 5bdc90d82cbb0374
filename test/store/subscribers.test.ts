import { afterEach, describe, expect, it } from 'vitest';
import type { CallFeatures, Subscriber } from '../../src/store/index.js';
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

describe.each(STORE_KINDS)('subscriber call features and the number index (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  const features: CallFeatures = {
    forward: { kind: 'sip', uri: 'sip:alice@home.example' },
    forwardMode: 'redirect',
    forwardNoAnswer: { kind: 'voicemail' },
    noAnswerSeconds: 25,
    forwardUnreachable: { kind: 'carrier', carrier: 'carrierA', number: '07700900123' },
    dnd: true,
    dndMode: 'voicemail',
    voicemail: 'sip:vm-201@voicemail.example.com',
    followMe: [
      { target: { kind: 'tel', number: '202' }, delaySeconds: 0 },
      { target: { kind: 'sip', uri: 'sip:x@y' }, delaySeconds: 15 },
    ],
    simRing: [{ kind: 'tel', number: '203' }, { kind: 'carrier', carrier: 'carrierA' }],
  };

  it('keeps the features with the subscriber and finds it by number, following number changes and deletion', async () => {
    s = await makeStore(kind);
    const subs = s.store.subscribers;
    await subs.put({ ...alice, features });
    expect((await subs.get('example.com', 'alice'))?.features).toEqual(features);
    expect(await subs.callee('201')).toEqual({ number: '201', username: 'alice', realm: 'example.com', features });
    // Features cleared: the index follows.
    await subs.put(alice);
    expect(await subs.callee('201')).toEqual({ number: '201', username: 'alice', realm: 'example.com', features: {} });
    await subs.put({ ...alice, number: '211', features: { dnd: true } });
    expect(await subs.callee('201')).toBeUndefined();
    expect((await subs.callee('211'))?.features).toEqual({ dnd: true });
    // Bob takes 201; alice's deletion leaves his entry alone.
    await subs.put({ ...alice, username: 'bob', cui: undefined, number: '201' } as Subscriber);
    await subs.put({ ...alice, number: '201' });
    await subs.put({ ...alice, username: 'bob', cui: undefined, number: '201' } as Subscriber);
    await subs.put({ ...alice, number: '211' });
    expect((await subs.callee('201'))?.username).toBe('bob');
    await subs.delete('example.com', 'alice');
    expect(await subs.callee('211')).toBeUndefined();
    expect((await subs.callee('201'))?.username).toBe('bob');
    expect(await subs.callee('299')).toBeUndefined();
  });

  if (kind !== 'memory') {
    it('writes features as readable hash fields, in the subscriber and its number index alike', async () => {
      s = await makeStore(kind);
      await s.store.subscribers.put({ ...alice, features });
      const fields = {
        fwd: 'sip:alice@home.example',
        fwd_mode: 'redirect',
        fwd_noanswer: 'voicemail',
        noanswer_secs: '25',
        fwd_unreachable: '07700900123@carrierA',
        dnd: '1',
        dnd_mode: 'voicemail',
        voicemail: 'sip:vm-201@voicemail.example.com',
        follow_me: '0+tel:202 15+sip:x@y',
        sim_ring: 'tel:203 @carrierA',
      };
      expect(await s.redis!.hgetall(`${s.prefix}sub:{example.com:alice}`)).toMatchObject(fields);
      expect(await s.redis!.hgetall(`${s.prefix}callee:{201}`)).toEqual({ username: 'alice', realm: 'example.com', ...fields });
    });
  }
});

// The live trace's watch registry and pub/sub, one contract for every store: watchers registered
// with a lifetime, refreshed, expired and removed; a change announced to every listener; events
// reaching only their watcher's subscribers, and none after unsubscribing.
import { afterEach, describe, expect, it } from 'vitest';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';
import { until, untilTrue } from '../support/wait.js';

describe.each(STORE_KINDS)('trace store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('keeps watchers for their lifetime, refreshes and removes them, and announces additions and removals', async () => {
    s = await makeStore(kind);
    const trace = s.store.trace;
    let changes = 0;
    const stop = await trace.onChange(() => changes++);
    expect(await trace.watchers()).toEqual([]);

    await trace.watch('w1', { kind: 'number', value: '201' }, 10_000);
    await trace.watch('w2', { kind: 'user', value: 'alice' }, 10_000);
    await untilTrue('two changes announced', async () => changes === 2);
    const listed = (await trace.watchers()).sort((a, b) => a.id.localeCompare(b.id));
    expect(listed.map((w) => [w.id, w.filter])).toEqual([
      ['w1', { kind: 'number', value: '201' }],
      ['w2', { kind: 'user', value: 'alice' }],
    ]);

    // A refresh is no news; a removal is.
    await trace.watch('w1', { kind: 'number', value: '201' }, 10_000);
    await trace.unwatch('w2');
    await untilTrue('the removal announced', async () => changes === 3);
    expect((await trace.watchers()).map((w) => w.id)).toEqual(['w1']);

    // Unrefreshed past its lifetime, a watcher is gone.
    s.advance(11_000);
    expect(await trace.watchers()).toEqual([]);
    await stop();
    await trace.watch('w3', { kind: 'firebrick', value: 'fb1' }, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(changes).toBe(3);
  });

  it('delivers an event to its watcher’s subscribers only, until they unsubscribe', async () => {
    s = await makeStore(kind);
    const trace = s.store.trace;
    const got: Record<string, string[]> = { a: [], b: [] };
    const stopA = await trace.subscribe('a', (e) => got.a!.push(e));
    await trace.subscribe('b', (e) => got.b!.push(e));
    await trace.publish('a', '{"n":1}');
    await trace.publish('b', '{"n":2}');
    await until('both delivered', async () => (got.a!.length === 1 && got.b!.length === 1 ? true : undefined));
    expect(got).toEqual({ a: ['{"n":1}'], b: ['{"n":2}'] });
    await stopA();
    await trace.publish('a', '{"n":3}');
    await trace.publish('b', '{"n":4}');
    await until('b delivered', async () => (got.b!.length === 2 ? true : undefined));
    expect(got.a).toEqual(['{"n":1}']);
  });
});

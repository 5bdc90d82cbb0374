// Where an accounting write goes (keep.ts): the store, the journal when the store fails or the
// replicas are late, nowhere (silence) when there is no journal or it is full; and behind the
// journal while it holds anything.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountingKeeper } from '../../src/accounting/keep.js';
import { Journal } from '../../src/accounting/journal/journal.js';
import type { AccountingStores, AccountingWrite } from '../../src/accounting/write.js';
import { memoryStore, StoreUnavailableError } from '../../src/store/index.js';

const logger = pino({ level: 'silent' });
const stop = (session: string): AccountingWrite => ({
  op: 'leg',
  event: { status: 'stop', sessionId: session, firebrick: 'fb1', radiusSource: '127.0.0.1', sessionTime: 5, receivedAt: 0 },
});
const timedOut = (): Promise<never> => Promise.reject(StoreUnavailableError.of(new Error('Command timed out')));
const down = (store: AccountingStores): AccountingStores => ({ calls: { ...store.calls, record: timedOut }, fax: { ...store.fax, recordFax: timedOut } });
const journals: Journal[] = [];
const journal = (maxBytes = 1 << 20): Journal => {
  const j = Journal.open({ dir: mkdtempSync(join(tmpdir(), 'firebridge-keep-')), maxBytes, logger });
  journals.push(j);
  return j;
};
afterEach(async () => {
  for (const j of journals.splice(0)) await j.close();
});

describe('AccountingKeeper', () => {
  it('stores when the store answers', async () => {
    const store = memoryStore();
    expect(await new AccountingKeeper(store, { mode: 'stored' }).keep(stop('a'))).toEqual({ how: 'stored', applied: { op: 'leg', result: 'stored' } });
  });

  it('without a journal a store failure is not kept (silence); with one it is journalled', async () => {
    const stores = down(memoryStore());
    expect(await new AccountingKeeper(stores, { mode: 'stored' }).keep(stop('a'))).toEqual({ how: 'not-kept', why: 'store-unavailable', detail: 'Command timed out' });
    const j = journal();
    expect(await new AccountingKeeper(stores, { mode: 'stored' }, j).keep(stop('a'))).toEqual({ how: 'journalled', why: 'store-unavailable', detail: 'Command timed out' });
  });

  it('replicated: too few replicas is a shortfall like a store failure', async () => {
    const store = memoryStore();
    const replication = { waitForReplicas: async () => 0 };
    const durability = { mode: 'replicated', replicas: 1, timeoutMs: 50, replication } as const;
    expect(await new AccountingKeeper(store, durability).keep(stop('a'))).toMatchObject({ how: 'not-kept', why: 'not-replicated', detail: '0 of 1 replicas acknowledged within 50 ms' });
    expect(await new AccountingKeeper(store, durability, journal()).keep(stop('b'))).toMatchObject({ how: 'journalled', why: 'not-replicated' });
  });

  it('new writes go behind a journal that holds anything, even with the store back', async () => {
    const store = memoryStore();
    const j = journal();
    await new AccountingKeeper(down(store), { mode: 'stored' }, j).keep(stop('a'));
    expect(await new AccountingKeeper(store, { mode: 'stored' }, j).keep(stop('b'))).toEqual({ how: 'journalled', why: 'backlog' });
    expect(await store.calls.records(0, 10)).toEqual([]);
  });

  it('a defect in the store is not an outage: it is thrown, never journalled', async () => {
    const j = journal();
    const store = memoryStore();
    const broken: AccountingStores = { calls: { ...store.calls, record: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'legs')")) }, fax: store.fax };
    await expect(new AccountingKeeper(broken, { mode: 'stored' }, j).keep(stop('a'))).rejects.toThrow(TypeError);
    expect(j.hasBacklog()).toBe(false);
  });

  it('a full journal is not kept: the FireBrick retries', async () => {
    const j = journal(65_536);
    const keeper = new AccountingKeeper(down(memoryStore()), { mode: 'stored' }, j);
    let kept;
    for (let i = 0; i < 1000 && (kept = await keeper.keep(stop(`leg-${i}`))).how === 'journalled'; i++);
    expect(kept).toMatchObject({ how: 'not-kept', why: 'journal-full' });
  });
});

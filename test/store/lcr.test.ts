// LCR tables, one contract for every store: a number's read returns the entries of each prefix
// the table holds, longest first, in table order; a replace is whole (nothing of the old table
// stays) and atomic for readers; list and delete; on Redis the read is one command.
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { LcrEntry } from '../../src/rules/lcr/index.js';
import { makeStore, STORE_KINDS, type StoreUnderTest } from '../support/stores.js';

const e = (prefix: string, carrier: string, priority = 1, rate = 1, more: Partial<LcrEntry> = {}): LcrEntry => ({ prefix, carrier, priority, rate, ...more });

describe.each(STORE_KINDS)('LCR store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  it('reads the entries of every prefix of a number the table holds, longest first, in table order', async () => {
    s = await makeStore(kind);
    const lcr = s.store.lcr;
    await lcr.replace('uk', [
      e('44', 'a', 2, 0.5),
      e('4420', 'b', 1, 0.8, { window: 'mon-fri 08:00-18:00 Europe/London', strip: 2, prepend: '0' }),
      e('44', 'c', 1, 0.7),
      e('33', 'd'),
    ]);
    expect(await lcr.entries('uk', '442071234567')).toEqual([
      { prefix: '4420', entries: [e('4420', 'b', 1, 0.8, { window: 'mon-fri 08:00-18:00 Europe/London', strip: 2, prepend: '0' })] },
      { prefix: '44', entries: [e('44', 'a', 2, 0.5), e('44', 'c', 1, 0.7)] },
    ]);
    expect(await lcr.entries('uk', '1555')).toEqual([]);
    expect(await lcr.entries('nope', '44')).toBeUndefined();
  });

  it('replaces a table whole: nothing of the old one stays', async () => {
    s = await makeStore(kind);
    const lcr = s.store.lcr;
    await lcr.replace('uk', [e('44', 'old'), e('4420', 'old')], 'old.csv');
    const info = await lcr.replace('uk', [e('44', 'new'), e('44', 'new2', 2)], 'new.csv');
    expect(info).toMatchObject({ name: 'uk', entries: 2, prefixes: 1, source: 'new.csv' });
    expect(await lcr.entries('uk', '4420')).toEqual([{ prefix: '44', entries: [e('44', 'new'), e('44', 'new2', 2)] }]);
    expect((await lcr.table('uk'))?.entries).toEqual([e('44', 'new'), e('44', 'new2', 2)]);
    if (s.redis) {
      // Only the current version's fields remain in the table's hash.
      const fields = await s.redis.hkeys(`${s.prefix}lcr:{uk}`);
      expect(fields.filter((f) => f !== 'current')).toHaveLength(2);
    }
  });

  it('a reader during a replace sees the old table or the new, never a mix', async () => {
    s = await makeStore(kind);
    const lcr = s.store.lcr;
    const many = (carrier: string) => Array.from({ length: 3000 }, (_, i) => e(`44${String(i).padStart(4, '0')}`, carrier));
    await lcr.replace('big', many('old'));
    const reads: string[][] = [];
    const replacing = lcr.replace('big', many('new'));
    for (let i = 0; i < 20; i++) {
      const found = (await lcr.entries('big', '4400001234')) ?? [];
      const other = (await lcr.entries('big', '4429991234')) ?? [];
      reads.push([...found, ...other].flatMap((p) => p.entries.map((x) => x.carrier)));
    }
    await replacing;
    for (const r of reads) expect([['old', 'old'], ['new', 'new']]).toContainEqual(r);
    expect(((await lcr.entries('big', '4429991234')) ?? [])[0]?.entries[0]?.carrier).toBe('new');
  });

  it('lists and deletes tables', async () => {
    s = await makeStore(kind);
    const lcr = s.store.lcr;
    await lcr.replace('uk', [e('44', 'a'), e('4420', 'b')], 'uk.csv');
    await lcr.replace('fr', [e('33', 'c')]);
    const list = await lcr.list();
    expect(list.map((t) => [t.name, t.entries, t.prefixes])).toEqual([
      ['fr', 1, 1],
      ['uk', 2, 2],
    ]);
    expect(list[1]?.source).toBe('uk.csv');
    expect(await lcr.delete('uk')).toBe(true);
    expect(await lcr.delete('uk')).toBe(false);
    expect(await lcr.entries('uk', '44')).toBeUndefined();
    expect(await lcr.table('uk')).toBeUndefined();
    expect((await lcr.list()).map((t) => t.name)).toEqual(['fr']);
  });

  it.runIf(kind === 'redis')('reads a number with one command', async () => {
    s = await makeStore(kind);
    await s.store.lcr.replace('uk', [e('44', 'a')]);
    const monitor = await (s.redis as Redis).duplicate().monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((a) => a.includes(s.prefix))) seen.push(args[0]!.toLowerCase());
    });
    await new Promise((r) => setTimeout(r, 50));
    await s.store.lcr.entries('uk', '442071234567');
    await new Promise((r) => setTimeout(r, 100));
    monitor.disconnect();
    // EVALSHA (or EVAL the first time), and within it the script's own HGET and HMGET.
    expect(seen.filter((c) => c === 'evalsha' || c === 'eval')).toHaveLength(1);
  });
});

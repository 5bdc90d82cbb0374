// Fax accounting gets the durability choices call accounting has (keep.ts): a FaxBack Stop the
// store cannot take goes to the journal, and the replayer moves it into the fax-record stream once
// Redis is back — once, although the port server resent it while unanswered (FaxBack spec §4.2).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountingKeeper } from '../../src/accounting/keep.js';
import { Journal } from '../../src/accounting/journal/journal.js';
import { JournalReplayer } from '../../src/accounting/journal/replayer.js';
import { decodeWrite, encodeWrite, type AccountingWrite } from '../../src/accounting/write.js';
import type { FaxEvent } from '../../src/faxback/fax-event.js';
import { connectRedis, memoryStore, redisStore, waitUntilReady } from '../../src/store/index.js';
import { captureLogger } from '../support/log-capture.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { TEST_CALL_POLICY, uniquePrefix } from '../support/stores.js';

const stop = (sessionId: string, pages = '3'): AccountingWrite => ({
  op: 'fax',
  event: {
    status: 'stop',
    sessionId,
    account: 'AcmeFax',
    portServer: 'ps1',
    radiusSource: '127.0.0.1',
    fields: { dial_number: '01632960123', page_count: pages },
    unknown: [[200, '0a0b']],
    calledNumber: { number: '01632960123', result: 'success' },
    receivedAt: 1_763_800_000_000,
  } satisfies FaxEvent,
});

const open: Journal[] = [];
const servers: RedisServerHandle[] = [];
afterEach(async () => {
  for (const j of open.splice(0)) await j.close();
  for (const s of servers.splice(0)) await s.stop();
});
function journal(): Journal {
  const j = Journal.open({ dir: mkdtempSync(join(tmpdir(), 'firebridge-fax-journal-')), maxBytes: 1 << 20, logger: captureLogger().logger });
  open.push(j);
  return j;
}

describe('fax writes in the journal', () => {
  it('a fax write survives the journal\'s encoding; one missing what recording reads is no write', () => {
    expect(decodeWrite(encodeWrite(stop('s1')))).toEqual(stop('s1'));
    const { unknown: _, ...noUnknown } = (stop('s1') as { event: FaxEvent }).event;
    expect(decodeWrite(Buffer.from(JSON.stringify({ op: 'fax', event: noUnknown })))).toBeUndefined();
    expect(decodeWrite(Buffer.from(JSON.stringify({ op: 'fax', event: { ...noUnknown, unknown: [], status: 'interim' } })))).toBeUndefined();
  });

  it('the keeper stores a fax write like a leg, and a resent Stop is a duplicate', async () => {
    const store = memoryStore();
    const keeper = new AccountingKeeper(store, { mode: 'stored' });
    expect(await keeper.keep(stop('s1'))).toEqual({ how: 'stored', applied: { op: 'fax', result: 'stored' } });
    expect(await keeper.keep(stop('s1'))).toEqual({ how: 'stored', applied: { op: 'fax', result: 'duplicate' } });
  });

  it('journalled while Redis is down, replayed into the fax-record stream once Redis is back', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const redis = connectRedis({ url: server.url, commandTimeoutMs: 200 });
    redis.on('error', () => {}); // the outage below is intended
    await waitUntilReady(redis, 10_000);
    const store = redisStore(redis, uniquePrefix(), TEST_CALL_POLICY);
    const j = journal();
    const keeper = new AccountingKeeper(store, { mode: 'stored' }, j);
    try {
      await server.kill();
      expect(await keeper.keep(stop('fax-1'))).toMatchObject({ how: 'journalled', why: 'store-unavailable' });
      // Unanswered in time, the port server resends the Stop: it goes behind the first.
      expect(await keeper.keep(stop('fax-1', '4'))).toEqual({ how: 'journalled', why: 'backlog' });
      expect(await keeper.keep(stop('fax-2'))).toEqual({ how: 'journalled', why: 'backlog' });

      await server.restart();
      await waitUntilReady(redis, 10_000);
      const replayer = new JournalReplayer(j, store, () => store.ready(), captureLogger().logger);
      expect(await replayer.replay()).toEqual({ ok: true, replayed: 3 });
      const records = await store.fax.faxRecords(0, 10);
      expect(records.map((r) => [r.fields.session_id, r.fields.page_count, r.fields.unknown])).toEqual([
        ['fax-1', '3', '200:0a0b'],
        ['fax-2', '3', '200:0a0b'],
      ]);
      expect(await store.fax.calledNumber('01632960123')).toMatchObject({ faxSeen: true, voiceSeen: false });
      expect(j.hasBacklog()).toBe(false);
    } finally {
      await store.close();
    }
  });
});

// The accounting journal on a real directory: group commit, the size cap and its warning, one slot
// per live process, and replay into a store — in order, once, past a torn or corrupt tail.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWrite, type AccountingWrite } from '../../src/accounting/write.js';
import { Journal, JournalFullError, type JournalObserver } from '../../src/accounting/journal/journal.js';
import { JournalReplayer } from '../../src/accounting/journal/replayer.js';
import type { SkippedRegion } from '../../src/accounting/journal/frame.js';
import { memoryStore, type LegEvent } from '../../src/store/index.js';
import { captureLogger } from '../support/log-capture.js';

function recorder(): JournalObserver & { appends: number[]; replays: number; skips: SkippedRegion[]; used: number } {
  const r = {
    appends: [] as number[],
    replays: 0,
    skips: [] as SkippedRegion[],
    used: 0,
    bytes: (n: number) => (r.used = n),
    appended: (n: number) => r.appends.push(n),
    replayed: (n: number) => (r.replays += n),
    skipped: (s: SkippedRegion) => r.skips.push(s),
  };
  return r;
}

const stop = (session: string, seconds = 60): AccountingWrite => ({
  op: 'leg',
  event: { status: 'stop', sessionId: session, firebrick: 'fb1', radiusSource: '127.0.0.1', sessionTime: seconds, receivedAt: 1_000 } satisfies LegEvent,
});

const open: Journal[] = [];
function journalIn(dir: string, maxBytes = 1 << 20, observer = recorder(), logger = captureLogger().logger): Journal {
  const j = Journal.open({ dir, maxBytes, logger, observer });
  open.push(j);
  return j;
}
afterEach(async () => {
  for (const j of open.splice(0)) await j.close();
});

const tmp = (): string => mkdtempSync(join(tmpdir(), 'firebridge-journal-'));

describe('accounting journal', () => {
  it('appends of one turn share one write and one sync', async () => {
    const observer = recorder();
    const journal = journalIn(tmp(), 1 << 20, observer);
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append(encodeWrite(stop(`leg-${i}`)))));
    expect(observer.appends).toEqual([50]);
    expect(journal.hasBacklog()).toBe(true);
    expect(observer.used).toBe(journal.bytesUsed());
  });

  it('refuses appends past maxBytes, and warns once at 80 %', async () => {
    const { logger, lines } = captureLogger();
    const frame = encodeWrite(stop('leg-0')).length + 16;
    const journal = journalIn(tmp(), 65_536, recorder(), logger);
    const fit = Math.floor(65_536 / frame);
    for (let i = 0; i < fit; i++) await journal.append(encodeWrite(stop('leg-0')));
    await expect(journal.append(encodeWrite(stop('leg-0')))).rejects.toBeInstanceOf(JournalFullError);
    const warnings = lines.filter((l) => String(l.msg).includes('% full'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/^accounting journal is 8\d % full; when full, accounting is no longer acknowledged$/);
  });

  it('gives each live process its own slot, and a dead one\'s slot to the next process', async () => {
    const root = tmp();
    const first = journalIn(root);
    writeFileSync(join(root, 'instance-1'), '', { flag: 'a' }); // a stray file does not break the search
    expect(first.dir).toBe(join(root, 'instance-0'));
    await first.close();
    open.splice(open.indexOf(first), 1);
    // A lock left by a process that no longer runs (kill -9) is taken over.
    writeFileSync(join(root, 'instance-0', 'lock'), '999999999\n');
    expect(journalIn(root).dir).toBe(join(root, 'instance-0'));
  });

  it('replays into the store in order, once, and empties itself', async () => {
    const dir = tmp();
    const writer = journalIn(dir);
    for (const s of ['a', 'b', 'c']) await writer.append(encodeWrite(stop(s)));
    await writer.append(encodeWrite(stop('a', 99))); // a retransmitted Stop: the store keeps the first
    await writer.close();
    open.splice(0);

    const store = memoryStore();
    const observer = recorder();
    const journal = journalIn(dir, 1 << 20, observer);
    expect(journal.hasBacklog()).toBe(true);
    const replayer = new JournalReplayer(journal, store, () => true, captureLogger().logger, observer);
    expect(await replayer.replay()).toEqual({ ok: true, replayed: 4 });
    const cdr = await store.calls.records(0, 100);
    expect(cdr.map((r) => [r.fields.session_id, r.fields.connected_seconds])).toEqual([
      ['a', '60'],
      ['b', '60'],
      ['c', '60'],
    ]);
    expect(journal.hasBacklog()).toBe(false);
    expect(journal.bytesUsed()).toBe(0);
    expect(readdirSync(journal.dir).filter((f) => f.endsWith('.journal'))).toEqual([]);
  });

  it('skips a torn tail and a corrupt frame with a log line and a count, and replays the rest', async () => {
    const dir = tmp();
    const writer = journalIn(dir);
    for (const s of ['a', 'b', 'c', 'd']) await writer.append(encodeWrite(stop(s)));
    const segment = join(writer.dir, readdirSync(writer.dir).find((f) => f.endsWith('.journal'))!);
    await writer.close();
    open.splice(0);
    const bytes = readFileSync(segment);
    const frame = bytes.length / 4;
    bytes[frame + 20]! ^= 0xff; // 'b' corrupt
    writeFileSync(segment, bytes.subarray(0, bytes.length - 7)); // 'd' torn
    appendFileSync(segment, Buffer.alloc(0));

    const { logger, lines } = captureLogger();
    const store = memoryStore();
    const observer = recorder();
    const journal = journalIn(dir, 1 << 20, observer, logger);
    const replayer = new JournalReplayer(journal, store, () => true, logger, observer);
    expect(await replayer.replay()).toEqual({ ok: true, replayed: 2 });
    expect((await store.calls.records(0, 100)).map((r) => r.fields.session_id)).toEqual(['a', 'c']);
    expect(observer.skips.map((s) => s.reason)).toEqual(['corrupt', 'torn']);
    expect(lines.filter((l) => /^accounting journal: skipped \d+ (corrupt|torn) bytes$/.test(String(l.msg)))).toHaveLength(2);
    expect(journal.hasBacklog()).toBe(false);
  });

  it('keeps what it could not replay while the store fails, and finishes when the store is back', async () => {
    const dir = tmp();
    const journal = journalIn(dir);
    for (const s of ['a', 'b']) await journal.append(encodeWrite(stop(s)));
    const store = memoryStore();
    let failing = true;
    const calls = { ...store.calls, record: (e: LegEvent) => (failing ? Promise.reject(new Error('Connection is closed.')) : store.calls.record(e)) };
    const stores = { calls, fax: store.fax };
    const { logger, lines } = captureLogger();
    const replayer = new JournalReplayer(journal, stores, () => true, logger);
    expect(await replayer.replay()).toEqual({ ok: false, replayed: 0, error: 'Connection is closed.' });
    expect(await replayer.replay()).toMatchObject({ ok: false });
    expect(lines.filter((l) => String(l.msg).startsWith('accounting journal replay paused'))).toHaveLength(1);
    expect(journal.hasBacklog()).toBe(true);
    await journal.append(encodeWrite(stop('c')));
    failing = false;
    expect(await replayer.replay()).toEqual({ ok: true, replayed: 3 });
    expect((await store.calls.records(0, 100)).map((r) => r.fields.session_id)).toEqual(['a', 'b', 'c']);
  });
});

// Duplicate detection and reply cache (RFC 5080 §2.2.2, spec §8.7) on an injected clock.
import { describe, expect, it } from 'vitest';
import { DuplicateCache, PendingRequest, type DuplicateVerdict } from '../../src/radius/duplicate-cache.js';

const auth = (n: number): Buffer => Buffer.alloc(16, n);
/** Receiving port, client address, source port, Identifier: begin()'s first arguments. */
const source = (localPort: number, address: string, port: number, identifier: number) => [localPort, address, port, identifier] as const;
const reply = (text: string): Buffer => Buffer.from(text);

/** The verdict of a new request, to settle it with. */
function pending(v: DuplicateVerdict): PendingRequest {
  if (!(v instanceof PendingRequest)) throw new Error(`expected a new request, got ${v.kind}`);
  return v;
}

function cache(windowMs = 10_000, maxEntries = 1_000): { c: DuplicateCache; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { c: new DuplicateCache({ windowMs, maxEntries }, () => now), advance: (ms) => void (now += ms) };
}

describe('DuplicateCache', () => {
  it('new → in-flight while processing → replay of the cached reply', () => {
    const { c } = cache();
    const key = source(1812, '192.0.2.1', 5000, 7);
    const first = pending(c.begin(...key, auth(1)));
    expect(c.begin(...key, auth(1)).kind).toBe('in-flight');
    expect(c.begin(...key, auth(1)).kind).toBe('in-flight');
    c.complete(first, reply('accept'));
    const v = c.begin(...key, auth(1));
    expect(v.kind).toBe('replay');
    expect(v.kind === 'replay' && v.reply.toString()).toBe('accept');
    // Replayed as often as the duplicate comes.
    expect(c.begin(...key, auth(1)).kind).toBe('replay');
    expect(c.size).toBe(1);
  });

  it('keys on receiving port, source address, source port and Identifier', () => {
    const { c } = cache();
    const keys = [
      source(1812, '192.0.2.1', 5000, 7),
      source(1813, '192.0.2.1', 5000, 7),
      source(1812, '192.0.2.2', 5000, 7),
      source(1812, '192.0.2.1', 5001, 7),
      source(1812, '192.0.2.1', 5000, 8),
    ];
    expect(new Set(keys.map((k) => k.join('|'))).size).toBe(keys.length);
    for (const k of keys) expect(c.begin(...k, auth(1)).kind).toBe('new');
    expect(c.size).toBe(keys.length);
  });

  it('does not confuse an authenticator with a copy it was given and later changed', () => {
    const { c } = cache();
    const key = source(1812, '::1', 1, 1);
    const a = auth(1);
    c.begin(...key, a);
    a.fill(2); // the caller reuses its buffer
    expect(c.begin(...key, auth(1)).kind).toBe('in-flight');
  });

  it('a different authenticator under the same key purges the entry and is new', () => {
    const { c } = cache();
    const key = source(1812, '192.0.2.1', 5000, 7);
    c.complete(pending(c.begin(...key, auth(1))), reply('first'));
    const second = pending(c.begin(...key, auth(2)));
    expect(c.size).toBe(1);
    // The old request's reply is gone: its retransmission is new again (and replaces the entry).
    const again = pending(c.begin(...key, auth(1)));
    // Completing the purged request does nothing to the current entry.
    c.complete(second, reply('stale'));
    expect(c.begin(...key, auth(1)).kind).toBe('in-flight');
    c.complete(again, reply('second'));
    const v = c.begin(...key, auth(1));
    expect(v.kind === 'replay' && v.reply.toString()).toBe('second');
  });

  it('expires entries after the window, counted from completion', () => {
    const { c, advance } = cache(10_000);
    const key = source(1812, '192.0.2.1', 5000, 7);
    const request = pending(c.begin(...key, auth(1)));
    advance(4_000);
    c.complete(request, reply('r'));
    advance(9_999);
    expect(c.begin(...key, auth(1)).kind).toBe('replay');
    advance(1);
    expect(c.begin(...key, auth(1)).kind).toBe('new');
  });

  it('an in-flight entry expires too, so a request whose handler never finished is not stuck', () => {
    const { c, advance } = cache(5_000);
    const key = source(1812, '192.0.2.1', 5000, 7);
    c.begin(...key, auth(1));
    advance(4_999);
    expect(c.begin(...key, auth(1)).kind).toBe('in-flight');
    advance(1);
    expect(c.begin(...key, auth(1)).kind).toBe('new');
  });

  it('never holds more than maxEntries, evicting the oldest first', () => {
    const { c, advance } = cache(60_000, 100);
    for (let i = 0; i < 1_000; i++) {
      const key = source(1812, '10.0.0.1', 1000 + i, i & 0xff);
      c.complete(pending(c.begin(...key, auth(i & 0xff))), reply(`r${i}`));
      expect(c.size).toBeLessThanOrEqual(100);
      advance(1);
    }
    expect(c.size).toBe(100);
    // The newest are still there, the oldest were evicted.
    const newest = source(1812, '10.0.0.1', 1000 + 999, 999 & 0xff);
    expect(c.begin(...newest, auth(999 & 0xff)).kind).toBe('replay');
    const oldest = source(1812, '10.0.0.1', 1000, 0);
    expect(c.begin(...oldest, auth(0)).kind).toBe('new');
    expect(c.size).toBeLessThanOrEqual(100);
  });

  it('drops expired entries when new ones arrive', () => {
    const { c, advance } = cache(1_000, 10_000);
    for (let i = 0; i < 50; i++) c.begin(...source(1812, '10.0.0.1', i, 1), auth(1));
    expect(c.size).toBe(50);
    advance(1_000);
    c.begin(...source(1812, '10.0.0.2', 1, 1), auth(1));
    expect(c.size).toBe(1);
  });

  it('forget removes an entry so the retransmission is processed again', () => {
    const { c } = cache();
    const key = source(1813, '192.0.2.1', 5000, 9);
    const first = pending(c.begin(...key, auth(3)));
    c.forget(first);
    expect(c.size).toBe(0);
    const second = pending(c.begin(...key, auth(3)));
    // Forgetting a request the entry no longer holds leaves the current one alone.
    c.forget(first);
    expect(c.begin(...key, auth(3)).kind).toBe('in-flight');
    // complete after forget does not resurrect the entry.
    c.forget(second);
    c.complete(second, reply('late'));
    expect(c.begin(...key, auth(3)).kind).toBe('new');
  });

  it('finds a request whose address had nothing left in the window when it came', () => {
    const { c, advance } = cache(1_000);
    c.complete(pending(c.begin(...source(1812, '10.0.0.9', 1, 1), auth(1))), reply('old'));
    advance(1_000);
    // Its arrival evicts the address's only entry, and the address with it; it must still be kept.
    const key = source(1812, '10.0.0.9', 2, 2);
    c.begin(...key, auth(2));
    expect(c.size).toBe(1);
    expect(c.begin(...key, auth(2)).kind).toBe('in-flight');
  });

  it('keeps working, and bounded, over many more requests than the queue is compacted at', () => {
    const { c, advance } = cache(50, 100_000);
    for (let i = 0; i < 20_000; i++) {
      const key = source(1813, `10.1.${i % 7}.1`, 1000 + (i % 5000), i & 0xff);
      const request = pending(c.begin(...key, auth(i & 0xff)));
      if (i % 3 === 0) c.forget(request);
      else c.complete(request, reply(`r${i}`));
      if (i % 10 === 0) advance(1);
    }
    expect(c.size).toBeLessThanOrEqual(1_000);
    const last = source(1813, `10.1.${19_999 % 7}.1`, 1000 + (19_999 % 5000), 19_999 & 0xff);
    const v = c.begin(...last, auth(19_999 & 0xff));
    expect(v.kind === 'replay' && v.reply.toString()).toBe('r19999');
  });
});

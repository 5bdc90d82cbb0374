// Which store firebridge runs on when started with defaults.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/store/index.js';

function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({}, sink), lines };
}

describe('openStore', () => {
  it('falls back to the in-process store, loudly, when no Redis is configured or reachable', async () => {
    const { logger, lines } = capture();
    const store = await openStore({ keyPrefix: 'x:', commandTimeoutMs: 100, probeUrl: 'redis://127.0.0.1:1' }, logger);
    expect(store.kind).toBe('memory');
    expect(lines.some((l) => l.level === 40 && /NO REDIS: running on an IN-PROCESS STORE/.test(String(l.msg)))).toBe(true);
    await store.close();
  });

  it('uses a local Redis found at the probe address when none is configured', async () => {
    const { logger } = capture();
    const store = await openStore({ keyPrefix: 'x:', commandTimeoutMs: 100, probeUrl: inject('redisUrl') }, logger);
    expect(store.kind).toBe('redis');
    await store.close();
  });

  it('keeps a configured but unreachable Redis (the failure policy applies), and says so', async () => {
    const { logger, lines } = capture();
    const store = await openStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:', commandTimeoutMs: 100 }, logger);
    expect(store.kind).toBe('redis');
    expect(store.ready()).toBe(false);
    expect(lines.some((l) => /not reachable yet/.test(String(l.msg)))).toBe(true);
    await store.close();
  });
});

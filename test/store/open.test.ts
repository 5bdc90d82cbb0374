// Which store firebridge runs on when started with defaults.
import { describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { startRedisServer } from '../support/redis-server.js';
import { captureLogger } from '../support/log-capture.js';
import { untilTrue } from '../support/wait.js';

/** Resolves once `condition` holds (test/support/wait.ts), every 20 ms. */
const until = (condition: () => boolean, what: string, timeoutMs = 8_000): Promise<void> => untilTrue(what, condition, timeoutMs, 20);

describe('openStore', () => {
  it('falls back to the in-process store, loudly, when no Redis is configured or reachable', async () => {
    const { logger, lines } = captureLogger();
    const store = await openStore({ keyPrefix: 'x:', commandTimeoutMs: 100, probeUrl: 'redis://127.0.0.1:1' }, logger);
    expect(store.kind).toBe('memory');
    expect(lines.some((l) => l.level === 40 && /NO REDIS: running on an IN-PROCESS STORE/.test(String(l.msg)))).toBe(true);
    await store.close();
  });

  it('uses a local Redis found at the probe address when none is configured', async () => {
    const { logger } = captureLogger();
    const store = await openStore({ keyPrefix: 'x:', commandTimeoutMs: 100, probeUrl: inject('redisUrl') }, logger);
    expect(store.kind).toBe('redis');
    await store.close();
  });

  it('keeps a configured but unreachable Redis (the failure policy applies), and says so', async () => {
    const { logger, lines } = captureLogger();
    const store = await openStore({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:', commandTimeoutMs: 100 }, logger);
    expect(store.kind).toBe('redis');
    expect(store.ready()).toBe(false);
    expect(lines.some((l) => /not reachable yet/.test(String(l.msg)))).toBe(true);
    await store.close();
  });

  it('logs a Redis outage once, however many reconnects fail, and its end with the count', async () => {
    const server = await startRedisServer();
    const { logger, lines } = captureLogger('debug');
    const store = await openStore({ url: server.url, keyPrefix: 'x:', commandTimeoutMs: 100 }, logger);
    try {
      expect(store.ready()).toBe(true);
      const warnings = () => lines.filter((l) => l.level === 40 && /^Redis connection error/.test(String(l.msg)));
      const counted = () => lines.filter((l) => l.level === 20 && l.msg === 'Redis connection error');
      await server.kill();
      await until(() => counted().length >= 3, 'several failed reconnects');
      await server.restart();
      await until(() => lines.some((l) => /^Redis connection restored/.test(String(l.msg))), 'the recovery line');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatchObject({ redis: server.url, err: expect.stringMatching(/ECONNREFUSED/) });
      const restored = lines.find((l) => /^Redis connection restored/.test(String(l.msg)))!;
      expect(restored).toMatchObject({ level: 30, redis: server.url, errors: 1 + counted().length });
      expect(restored.reconnectAttempts).toBeGreaterThanOrEqual(restored.errors as number);
      expect(restored.outageMs).toBeGreaterThan(0);
      expect(store.ready()).toBe(true);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

// A Redis outage in the log: its first connection error once, the rest counted, and the recovery
// with the outage's duration and counts. The clock is injected; events are fed as ioredis emits them.
import { describe, expect, it } from 'vitest';
import { RedisOutageLog } from '../../src/store/redis/outage-log.js';
import { captureLogger } from '../support/log-capture.js';

const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');

describe('RedisOutageLog', () => {
  it('one warning when the outage begins, one line with its duration and counts when it ends', () => {
    const { logger, lines } = captureLogger();
    let now = 1_000;
    const log = new RedisOutageLog(logger, 'redis://127.0.0.1:6379', () => now);
    log.closed();
    for (let i = 0; i < 5; i++) {
      now += 100;
      log.reconnecting();
      log.error(refused);
    }
    now += 1_950;
    log.reconnecting();
    log.ready();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'Redis connection error; further errors are counted until it is back'],
      [30, 'Redis connection restored after 2.5 s (5 errors, 6 reconnect attempts)'],
    ]);
    expect(lines[0]).toMatchObject({ redis: 'redis://127.0.0.1:6379', err: refused.message });
    expect(lines[1]).toMatchObject({ redis: 'redis://127.0.0.1:6379', outageMs: 2_450, errors: 5, reconnectAttempts: 6, lastError: refused.message });
  });

  it('each outage is its own: a second one is warned about again and counted from zero', () => {
    const { logger, lines } = captureLogger();
    let now = 0;
    const log = new RedisOutageLog(logger, 'r', () => now);
    for (const errors of [1, 2]) {
      log.closed();
      log.reconnecting();
      for (let i = 0; i < errors; i++) log.error(refused);
      now += 1_000;
      log.ready();
    }
    expect(lines.map((l) => l.msg)).toEqual([
      'Redis connection error; further errors are counted until it is back',
      'Redis connection restored after 1.0 s (1 error, 1 reconnect attempt)',
      'Redis connection error; further errors are counted until it is back',
      'Redis connection restored after 1.0 s (2 errors, 1 reconnect attempt)',
    ]);
  });

  it('the errors after the first are at debug level, for whoever needs each one', () => {
    const { logger, lines } = captureLogger('debug');
    const log = new RedisOutageLog(logger, 'r', () => 0);
    log.error(refused);
    log.error(new Error('connect ETIMEDOUT'));
    expect(lines.map((l) => [l.level, l.err])).toEqual([
      [40, refused.message],
      [20, 'connect ETIMEDOUT'],
    ]);
  });

  it('a close with no error (a quit, or a reconnect that works at once) is no outage', () => {
    const { logger, lines } = captureLogger('debug');
    const log = new RedisOutageLog(logger, 'r', () => 0);
    log.ready();
    log.closed();
    log.reconnecting();
    log.ready();
    log.closed();
    expect(lines).toEqual([]);
  });

  it('Redis unreachable from the start: the outage runs from the first error', () => {
    const { logger, lines } = captureLogger();
    let now = 5_000;
    const log = new RedisOutageLog(logger, 'r', () => now);
    log.error(refused);
    now += 3_000;
    log.ready();
    expect(lines[1]).toMatchObject({ outageMs: 3_000, errors: 1, reconnectAttempts: 0 });
  });
});

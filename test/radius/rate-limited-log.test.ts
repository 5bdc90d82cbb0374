// Repeated log lines (drops, per-request store errors during an outage) are capped per reason and window.
import { describe, expect, it } from 'vitest';
import { RateLimitedLog } from '../../src/radius/index.js';
import { captureLogger } from '../support/log-capture.js';

describe('RateLimitedLog', () => {
  it('logs at most `burst` lines per reason and window at the level asked, then says how many it suppressed', async () => {
    const { logger, lines } = captureLogger();
    let now = 0;
    const log = new RateLimitedLog(logger, 3, 1_000, () => now);
    for (let i = 0; i < 8; i++) log.error('access', { i }, 'cannot decide: store unavailable');
    for (let i = 0; i < 2; i++) log.warn('malformed', { i }, 'dropped');
    now = 1_000;
    log.error('access', { i: 8 }, 'cannot decide: store unavailable');
    await new Promise((r) => setImmediate(r));
    const errors = lines.filter((l) => l.msg === 'cannot decide: store unavailable');
    expect(errors.map((l) => l.i)).toEqual([0, 1, 2, 8]);
    expect(errors.every((l) => l.level === 50)).toBe(true);
    expect(lines.filter((l) => l.msg === 'dropped').map((l) => l.level)).toEqual([40, 40]);
    expect(lines.find((l) => l.msg === 'suppressed repeated log lines')).toMatchObject({ reason: 'access', suppressed: 5, level: 50 });
  });
});

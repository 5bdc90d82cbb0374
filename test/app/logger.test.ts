// The request log line: JSON with an ISO-8601 time that follows the clock (it is formatted once per
// millisecond and reused, src/app/logger.ts).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';

function capture(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes JSON lines whose time is ISO-8601 and moves with the clock', async () => {
    const { stream, lines } = capture();
    const log = createLogger('info', 'json', stream);
    log.info({ client: 'fb1' }, 'request');
    log.info({ client: 'fb1' }, 'request');
    await new Promise((r) => setTimeout(r, 5));
    log.info({ client: 'fb1' }, 'request');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(3);
    const times = lines.map((l) => Date.parse(String(l.time)));
    for (const l of lines) expect(String(l.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(times[0]! - Date.now())).toBeLessThan(5_000);
    expect(times[2]!).toBeGreaterThan(times[0]!);
    expect(lines[0]).toMatchObject({ service: 'firebridge', client: 'fb1', msg: 'request' });
  });
});

// The request log line: JSON with an ISO-8601 time that follows the clock (it is formatted once per
// millisecond and reused, src/app/logger.ts).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLogger, requestLineWriter } from '../../src/app/logger.js';

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

/** Every chunk written, as written (the request line must be byte for byte pino's). */
function raw(): { stream: Writable; chunks: string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, chunks };
}

describe('requestLineWriter', () => {
  const fields = {
    client: 'fb "1"\n',
    code: 'Access-Request',
    id: 7,
    user: 'älice',
    reply: 'Access-Accept',
    outcome: 'accept',
    latencyMs: 0.123,
    skipped: undefined,
    nested: { legs: [1, 2], carrier: 'a' },
    notFinite: Number.POSITIVE_INFINITY,
  };

  /** pino's line and the writer's, as one logger writes them in the same millisecond (times equal). */
  async function bothLines(logger: pino.Logger, chunks: string[], level: 'info' | 'debug', f: Record<string, unknown>): Promise<[string, string]> {
    const write = requestLineWriter(logger);
    for (let attempt = 0; attempt < 100; attempt++) {
      chunks.length = 0;
      const ms = Date.now();
      logger[level](f, 'request');
      write(level, f);
      await new Promise((r) => setImmediate(r));
      if (Date.now() === ms) {
        expect(chunks).toHaveLength(2);
        return [chunks[0]!, chunks[1]!];
      }
    }
    throw new Error('no two lines written within one millisecond in 100 attempts');
  }

  it('writes the bytes pino writes, at info and debug, escapes and nested values included', async () => {
    const { stream, chunks } = raw();
    const logger = createLogger('debug', 'json', stream);
    const [viaPino, fast] = await bothLines(logger, chunks, 'info', fields);
    expect(fast).toBe(viaPino);
    expect(JSON.parse(fast)).toMatchObject({ level: 30, service: 'firebridge', client: 'fb "1"\n', notFinite: null, msg: 'request' });
    const [debugPino, debugFast] = await bothLines(logger, chunks, 'debug', { client: 'x' });
    expect(debugFast).toBe(debugPino);
  });

  it("carries a child logger's bindings", async () => {
    const { stream, chunks } = raw();
    const logger = pino({ base: { service: 'firebridge' } }, stream).child({ worker: 2 });
    const [viaPino, fast] = await bothLines(logger, chunks, 'info', fields);
    expect(fast).toBe(viaPino);
    expect(JSON.parse(fast)).toMatchObject({ worker: 2 });
  });

  it('leaves to pino what JSON.stringify cannot write', async () => {
    const { stream, chunks } = raw();
    const logger = createLogger('info', 'json', stream);
    const cyclic: Record<string, unknown> = { client: 'fb1' };
    cyclic.self = cyclic;
    requestLineWriter(logger)('info', { ...cyclic, big: 10n });
    await new Promise((r) => setImmediate(r));
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(chunks[0]!)).toMatchObject({ client: 'fb1', msg: 'request' });
  });
});

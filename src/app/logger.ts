import { pino, type Logger } from 'pino';
import { LogBatch } from './log-batch.js';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Batched log lines are flushed at least this often, so a quiet server's lines still appear promptly. */
const FLUSH_MS = 250;

/**
 * pino's isoTime, formatted once per millisecond: at a few thousand lines a second most lines share
 * their millisecond with the previous one, and a Date plus toISOString per line showed in profiles.
 */
function isoTimeOncePerMs(): () => string {
  let lastMs = -1;
  let last = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      last = `,"time":"${new Date(now).toISOString()}"`;
    }
    return last;
  };
}

/** JSON lines by default (for collectors); human-readable when a person is watching a terminal. */
export function createLogger(level: string, format: LogFormat, destination: NodeJS.WritableStream = process.stdout): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const options = { level, base: { service: 'firebridge' }, timestamp: isoTimeOncePerMs() };
  if (pretty) {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } }));
  }
  if (destination === process.stdout) {
    // One line per request must not cost one write(2) per request: at saturation that syscall was a
    // tenth of the server's CPU (bench/). Batches are written synchronously, from this thread: an
    // asynchronous write hands every batch to libuv's thread pool, and that wake-up cost more than the
    // write itself (profile of saturated accounting, bench/results.md).
    const out = pino.destination({ dest: 1, sync: true });
    // A log reader that went away (EPIPE) must not take the RADIUS server with it: say so once.
    let reported = false;
    out.on('error', (err: Error) => {
      if (!reported) process.stderr.write(`firebridge: cannot write log lines to standard output: ${err.message}\n`);
      reported = true;
    });
    const batch = new LogBatch(out);
    setInterval(() => batch.flush(), FLUSH_MS).unref();
    process.once('exit', () => batch.flush());
    return pino(options, batch);
  }
  return pino(options, destination as pino.DestinationStream);
}

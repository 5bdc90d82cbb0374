import { pino, type Logger } from 'pino';
import { LogBatch } from './log-batch.js';
import { prettyDestination, wantsColour, type ColourTarget } from './pretty-log.js';

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

/** A log reader that went away (EPIPE) must not take the RADIUS server with it: say so once. */
function reportWriteErrorsOnce(out: NodeJS.EventEmitter): void {
  let reported = false;
  out.on('error', (err: Error) => {
    if (!reported) process.stderr.write(`firebridge: cannot write log lines to standard output: ${err.message}\n`);
    reported = true;
  });
}

/**
 * JSON lines by default (for collectors); `pretty` is one line per call for a person, and `auto`
 * picks pretty when the destination is a terminal. Colour only ever goes to a terminal.
 */
export function createLogger(
  level: string,
  format: LogFormat,
  destination: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && (destination as ColourTarget).isTTY === true);
  const options = { level, base: { service: 'firebridge' }, timestamp: isoTimeOncePerMs() };
  if (pretty) {
    if (destination === process.stdout) reportWriteErrorsOnce(process.stdout);
    return pino(options, prettyDestination(destination, wantsColour(destination as ColourTarget, env)));
  }
  if (destination === process.stdout) {
    // One line per request must not cost one write(2) per request: at saturation that syscall was a
    // tenth of the server's CPU (bench/). Batches are written synchronously, from this thread: an
    // asynchronous write hands every batch to libuv's thread pool, and that wake-up cost more than the
    // write itself (profile of saturated accounting, bench/results.md).
    const out = pino.destination({ dest: 1, sync: true });
    reportWriteErrorsOnce(out);
    const batch = new LogBatch(out);
    setInterval(() => batch.flush(), FLUSH_MS).unref();
    process.once('exit', () => batch.flush());
    return pino(options, batch);
  }
  return pino(options, destination as pino.DestinationStream);
}

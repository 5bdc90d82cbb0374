import { pino, type Logger } from 'pino';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Log lines written to stdout are batched up to this size (sonic-boom wants it below its 16 KiB largest write)… */
const BATCH_BYTES = 8_192;
/** …and flushed at least this often, so a quiet server's lines still appear promptly. */
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
    // tenth of the server's CPU (bench/). The batch is written synchronously, from this thread: an
    // asynchronous write hands every batch to libuv's thread pool, and that wake-up cost more than
    // the write itself (profile of saturated accounting, bench/results.md). Lines still buffered are
    // written on exit by pino.
    const stream = pino.destination({ dest: 1, sync: true, minLength: BATCH_BYTES });
    setInterval(() => stream.flush(), FLUSH_MS).unref();
    return pino(options, stream);
  }
  return pino(options, destination as pino.DestinationStream);
}

import { pino, type Logger } from 'pino';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Log lines written to stdout are batched up to this size… */
const BATCH_BYTES = 4096;
/** …and flushed at least this often, so a quiet server's lines still appear promptly. */
const FLUSH_MS = 250;

/** JSON lines by default (for collectors); human-readable when a person is watching a terminal. */
export function createLogger(level: string, format: LogFormat, destination: NodeJS.WritableStream = process.stdout): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const options = { level, base: { service: 'firebridge' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (pretty) {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } }));
  }
  if (destination === process.stdout) {
    // One line per request must not cost one write(2) per request: at saturation that syscall was a
    // tenth of the server's CPU (bench/). Buffered lines are flushed on exit by pino (sync: false).
    const stream = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
    setInterval(() => stream.flush(), FLUSH_MS).unref();
    return pino(options, stream);
  }
  return pino(options, destination as pino.DestinationStream);
}

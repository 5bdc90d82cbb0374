import { pino, type Logger } from 'pino';
import type { RequestLine } from '../radius/index.js';
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

/**
 * The per-request line, the same bytes pino writes for `logger[level](fields, 'request')`, made with
 * one JSON.stringify. pino builds a line field by field in JavaScript (a quoted key, a quoted value
 * and three concatenations each): for this line of some fifteen fields that was 3–4 KB of garbage per
 * request, and switching the line off bought 7–14 % of the server's CPU per request (bench/steps.md).
 * The level, time and bindings come from the logger itself, and the line goes to its destination, so
 * batching, pretty printing and tests that read the lines see no difference. Fields JSON.stringify
 * cannot write (a BigInt, a cycle) go through pino, which can.
 */
export function requestLineWriter(logger: Logger): RequestLine {
  const internals = logger as unknown as Record<symbol, unknown>;
  const prefixes = internals[pino.symbols.lsCacheSym] as Record<number, string>;
  const time = internals[pino.symbols.timeSym] as () => string;
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const end = internals[pino.symbols.endSym] as string;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): unknown };
  const messageKey = internals[pino.symbols.messageKeySym] as string;
  const through: RequestLine = (level, fields) => void logger[level](fields, 'request');
  // Not a pino logger of its own (a test's stand-in): pino's way.
  if (!prefixes || typeof time !== 'function' || typeof stream?.write !== 'function' || typeof messageKey !== 'string') return through;
  const message = `,${JSON.stringify(messageKey)}:"request"`;
  const opening = { info: prefixes[logger.levels.values.info!]!, debug: prefixes[logger.levels.values.debug!]! };
  return (level, fields) => {
    let body: string;
    try {
      body = JSON.stringify(fields);
    } catch {
      return through(level, fields);
    }
    const rest = body.length > 2 ? `,${body.slice(1, -1)}` : '';
    stream.write(`${opening[level]}${time()}${bindings}${rest}${message}${end}`);
  };
}

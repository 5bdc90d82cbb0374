import { pino, type Logger } from 'pino';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** JSON lines by default (for collectors); human-readable when a person is watching a terminal. */
export function createLogger(level: string, format: LogFormat, destination: NodeJS.WritableStream = process.stdout): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  const options = { level, base: { service: 'firebridge' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (pretty) {
    return pino(options, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } }));
  }
  return pino(options, destination as pino.DestinationStream);
}

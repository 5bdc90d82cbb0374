// The `pretty` log format, for a person reading a terminal: one line per log call, the message then
// the fields as key=value (`11:02:03.123 INFO:  request client=fb1 code=Access-Request …`), coloured
// only when the destination is a terminal.
//
// pino-pretty formats each line, called here in this thread rather than as a pino transport: a
// transport's worker thread writes to file descriptor 1 whatever the destination, may still hold
// lines when the process exits, and orders them apart from what is written to standard error. This
// is not the performance path (JSON is), so a line parsed back from pino's JSON costs nothing that
// matters.
import type { DestinationStream } from 'pino';
import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** Fields pino adds to every line that say nothing to a person reading one process's output. */
const NOT_SHOWN = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

/** Widest level label (DEBUG, ERROR, FATAL, TRACE): messages start in one column. */
const LABEL_WIDTH = 5;

export interface ColourTarget {
  readonly isTTY?: boolean;
  /** tty.WriteStream's own reading of TERM, NO_COLOR, FORCE_COLOR and the terminal's colour depth. */
  hasColors?(env?: object): boolean;
}

/** Colour is for terminals only: escape codes in a file or a pipe are noise to whatever reads them. */
export function wantsColour(destination: ColourTarget, env: NodeJS.ProcessEnv): boolean {
  if (destination.isTTY !== true) return false;
  return destination.hasColors ? destination.hasColors(env) : true;
}

/** A string that reads unambiguously bare: no spaces, quotes, `=` or control characters. */
const BARE = /^[^\s"=\\\p{Cc}]+$/u;

function formatValue(value: unknown): string {
  if (typeof value === 'string') return BARE.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** `key=value …`; JSON quoting keeps every value, even a multi-line one, on the line. */
export function formatFields(fields: Readonly<Record<string, unknown>>, key: (name: string) => string = (k) => k): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (NOT_SHOWN.has(name) || value === undefined) continue;
    parts.push(`${key(name)}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

function formatMessage(message: unknown): string {
  const text = typeof message === 'string' ? message : message === undefined ? '' : formatValue(message);
  // A message is one line too: its control characters are written escaped, as in a value.
  return text.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
}

/** pino destination writing the pretty form of each line to `destination`, synchronously. */
export function prettyDestination(destination: NodeJS.WritableStream, colour: boolean): DestinationStream {
  const prettify = prettyFactory({
    colorize: colour,
    singleLine: true,
    hideObject: true,
    translateTime: 'SYS:HH:MM:ss.l',
    customPrettifiers: { time: (time) => String(time) },
    messageFormat: (log, messageKey, _label, { colors }) => {
      const label = pino.levels.labels[Number(log.level)] ?? '';
      const pad = ' '.repeat(Math.max(0, LABEL_WIDTH - label.length));
      const fields = formatFields(log, colour ? colors.gray : undefined);
      return `${pad}${formatMessage(log[messageKey])}${fields ? ` ${fields}` : ''}`;
    },
  });
  return { write: (line: string) => destination.write(`${prettify(line)}\n`) };
}

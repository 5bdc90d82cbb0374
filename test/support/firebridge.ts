// An in-process firebridge for tests of the wire core: the real composition root (startFirebridge)
// with the request pipeline replaced by a test handler, dual-stack on "::" with ephemeral ports, and
// a pino logger writing JSON lines into an array the test can inspect.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startFirebridge, type RunningFirebridge } from '../../src/app/firebridge.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import type { ServedClient } from '../../src/app/clients.js';
import type { BoundPorts, RequestHandler } from '../../src/radius/index.js';

/** Shared secret of the default clients (well over the 16 octets RFC 2865 §3 recommends). */
export const WIRE_SECRET = 'wire-core-test-secret-0123456789';

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

/** Clients as written in the configuration file (defaults filled in by the schema). */
export interface ClientInput {
  readonly name: string;
  readonly address: string;
  readonly secret: string;
  readonly requireMessageAuthenticator?: boolean;
}

export const DEFAULT_CLIENTS: readonly ClientInput[] = [
  { name: 'loop4', address: '127.0.0.1', secret: WIRE_SECRET },
  { name: 'loop6', address: '::1', secret: WIRE_SECRET },
];

export interface WireFirebridgeOptions {
  readonly handler: RequestHandler<ServedClient>;
  readonly clients?: readonly ClientInput[];
  /** Other configuration sections, merged over the test defaults before validation. */
  readonly config?: Record<string, unknown>;
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

export interface WireFirebridge {
  readonly ports: BoundPorts;
  readonly running: RunningFirebridge;
  readonly config: Config;
  readonly logs: LogLine[];
  /** Log lines for drops of the given reason (the wire core's rate-limited warnings). */
  dropLogs(reason: string): LogLine[];
  stop(): Promise<void>;
}

export async function startWireFirebridge(options: WireFirebridgeOptions): Promise<WireFirebridge> {
  const config = configSchema.parse({
    listen: { host: '::', auth: 0, acct: 0 },
    clients: options.clients ?? DEFAULT_CLIENTS,
    metrics: { enabled: false },
    log: { level: options.logLevel ?? 'info', format: 'json' },
    ...options.config,
  });
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const logger = pino({ level: config.log.level }, sink);
  const running = await startFirebridge({ config, logger, handler: options.handler });
  let stopped = false;
  return {
    ports: running.ports,
    running,
    config,
    logs,
    dropLogs: (reason) => logs.filter((l) => l.msg === 'dropped RADIUS packet' && l.drop === reason),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await running.stop();
    },
  };
}

// A Redis outage in the log: the first connection error as one warning, the errors after it counted
// (each one at debug), and the recovery with the outage's duration and counts. ioredis emits an
// error for every failed reconnect, up to every 2 s (connection.ts retryStrategy); logging each one
// buried everything else an operator needed to see during an outage.
import type { Logger } from 'pino';
import { plural } from '../../text/plural.js';
import type { RedisClient } from './connection.js';

interface Outage {
  readonly since: number;
  errors: number;
  reconnectAttempts: number;
  lastError: string;
}

export class RedisOutageLog {
  private outage: Outage | undefined;
  /** When the connection closed, and the reconnects since: an outage begins there if an error follows. */
  private closedAt: number | undefined;
  private reconnectsSinceClose = 0;

  constructor(
    private readonly logger: Logger,
    private readonly where: string,
    private readonly now: () => number = Date.now,
  ) {}

  closed(): void {
    if (this.outage || this.closedAt !== undefined) return;
    this.closedAt = this.now();
    this.reconnectsSinceClose = 0;
  }

  reconnecting(): void {
    if (this.outage) this.outage.reconnectAttempts++;
    else this.reconnectsSinceClose++;
  }

  error(err: Error): void {
    if (this.outage) {
      this.outage.errors++;
      this.outage.lastError = err.message;
      this.logger.debug({ redis: this.where, err: err.message, errors: this.outage.errors }, 'Redis connection error');
      return;
    }
    this.outage = { since: this.closedAt ?? this.now(), errors: 1, reconnectAttempts: this.reconnectsSinceClose, lastError: err.message };
    this.logger.warn({ redis: this.where, err: err.message }, 'Redis connection error; further errors are counted until it is back');
  }

  ready(): void {
    const outage = this.outage;
    this.outage = undefined;
    this.closedAt = undefined;
    this.reconnectsSinceClose = 0;
    if (!outage) return;
    const outageMs = this.now() - outage.since;
    this.logger.info(
      { redis: this.where, outageMs, errors: outage.errors, reconnectAttempts: outage.reconnectAttempts, lastError: outage.lastError },
      `Redis connection restored after ${(outageMs / 1000).toFixed(1)} s ` +
        `(${plural(outage.errors, 'error')}, ${plural(outage.reconnectAttempts, 'reconnect attempt')})`,
    );
  }
}

/** Logs the outages of `redis` from now on (its error listener: ioredis needs one). */
export function logOutages(redis: RedisClient, logger: Logger, where: string): RedisOutageLog {
  const log = new RedisOutageLog(logger, where);
  redis.on('close', () => log.closed());
  redis.on('reconnecting', () => log.reconnecting());
  redis.on('error', (err: Error) => log.error(err));
  redis.on('ready', () => log.ready());
  return log;
}

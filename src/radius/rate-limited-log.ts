// Drops are logged, but a flood of garbage must not become a flood of log lines: each reason logs at
// most `burst` lines per window, then one summary of how many were suppressed. The same holds for
// per-request errors during an outage: every request fails alike, and the request lines count them.
import type { Logger } from 'pino';

type Level = 'warn' | 'error';

export class RateLimitedLog {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly burst = 10,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    this.log('warn', key, fields, message);
  }

  error(key: string, fields: Record<string, unknown>, message: string): void {
    this.log('error', key, fields, message);
  }

  private log(level: Level, key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (w && w.count > this.burst) {
        this.logger[level]({ reason: key, suppressed: w.count - this.burst }, 'suppressed repeated log lines');
      }
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.burst) this.logger[level](fields, message);
  }
}

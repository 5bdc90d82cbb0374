// Fraud alerts POSTed to fraud.webhook.url (README → Fraud guard). Fire-and-forget: `send` only
// queues, so no RADIUS reply ever waits for the receiver. One delivery at a time from a bounded queue
// (past it the oldest alert is dropped, and counted), each retried with exponential back-off while
// the receiver fails or does not answer within timeoutMs. Node's fetch; nothing else.
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as X-Firebridge-Signature carries it. */
export function alertSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface AlertSenderOptions {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly queue: number;
  /** The first retry's wait; each next one doubles it. */
  readonly firstRetryMs: number;
  readonly logger: Logger;
  /** Told how each alert ended: sent, failed (retries used up), dropped (queue full). */
  readonly onResult?: (result: 'sent' | 'failed' | 'dropped') => void;
}

export class AlertSender {
  private readonly waiting: string[] = [];
  private draining = false;
  private readonly stopped = new AbortController();

  constructor(private readonly options: AlertSenderOptions) {}

  /** Queues an alert and returns at once. */
  send(alert: object): void {
    if (this.stopped.signal.aborted) return;
    if (this.waiting.length >= this.options.queue) {
      this.waiting.shift();
      this.options.onResult?.('dropped');
      this.options.logger.warn({ queue: this.options.queue }, 'fraud alert queue full: the oldest alert is dropped');
    }
    this.waiting.push(JSON.stringify(alert));
    void this.drain();
  }

  /** Alerts queued or being delivered. */
  get pending(): number {
    return this.waiting.length + (this.draining ? 1 : 0);
  }

  /** Stops delivering: what is queued is dropped, a delivery in flight is aborted. */
  close(): void {
    this.stopped.abort();
    this.waiting.length = 0;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let body = this.waiting.shift(); body !== undefined && !this.stopped.signal.aborted; body = this.waiting.shift()) {
        await this.deliver(body);
      }
    } finally {
      this.draining = false;
    }
  }

  private async deliver(body: string): Promise<void> {
    const { url, secret, timeoutMs, retries, firstRetryMs, logger } = this.options;
    let why = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && !(await this.pause(firstRetryMs * 2 ** (attempt - 1)))) return;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-firebridge-signature': alertSignature(body, secret) },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopped.signal]),
        });
        await res.body?.cancel();
        if (res.ok) {
          this.options.onResult?.('sent');
          return;
        }
        why = `HTTP ${res.status}`;
      } catch (err) {
        if (this.stopped.signal.aborted) return;
        why = (err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (err as Error).message;
      }
    }
    this.options.onResult?.('failed');
    logger.error({ webhook: url, attempts: retries + 1, err: why }, 'fraud alert not delivered');
  }

  /** Waits; false when closed meanwhile. The timer does not keep the process alive. */
  private pause(ms: number): Promise<boolean> {
    const signal = this.stopped.signal;
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

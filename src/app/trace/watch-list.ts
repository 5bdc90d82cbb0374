// Each instance's local copy of the trace watch registry (store/trace.ts): re-read at once when a
// watcher is announced or removed, and every TRACE_REFRESH_MS as a safety net (a missed
// announcement, an expired watcher). Requests ask `watching` — with nobody watching, a look at an
// empty list and nothing more.
import type { Logger } from 'pino';
import { TRACE_REFRESH_MS, type TraceStore, type TraceWatcher, type Unsubscribe } from '../../store/index.js';

const NONE: readonly TraceWatcher[] = [];

export class TraceWatchList {
  private list: readonly TraceWatcher[] = NONE;
  private unsubscribe: Unsubscribe | undefined;
  private subscribing = false;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: TraceStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly refreshMs = TRACE_REFRESH_MS,
  ) {}

  /** Starts following the registry; never fails (Redis down: it keeps trying every refresh). */
  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.refreshMs).unref();
    void this.refresh();
  }

  get watching(): boolean {
    return this.list.length > 0;
  }

  /** The watchers alive now. */
  current(): readonly TraceWatcher[] {
    const now = this.now();
    return this.list.some((w) => w.expiresAt <= now) ? this.list.filter((w) => w.expiresAt > now) : this.list;
  }

  /** Re-reads the registry now (also after each announcement); resolves once read. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.unsubscribe) void this.subscribe();
    // One read at a time; an announcement during a read asks for one more after it.
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.reading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unsubscribe?.();
    this.list = NONE;
  }

  private async read(): Promise<void> {
    try {
      const watchers = await this.store.watchers();
      if (!this.stopped) this.list = watchers.length ? watchers : NONE;
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'cannot read the trace watchers');
    }
  }

  private async subscribe(): Promise<void> {
    if (this.subscribing) return;
    this.subscribing = true;
    try {
      const unsubscribe = await this.store.onChange(() => void this.refresh());
      if (this.stopped) await unsubscribe();
      else this.unsubscribe = unsubscribe;
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'cannot follow the trace watchers');
    } finally {
      this.subscribing = false;
    }
  }
}

// Moves journalled accounting writes into the store once it answers again: segment by segment,
// oldest first, each write in the order it was journalled, through applyWrite — the path every
// write takes, idempotent on (Acct-Session-Id, status) — and deletes a segment only when all of it
// is stored. A crash half-way replays the segment again; the store then finds duplicates, so each
// record still reaches the stream once. Damaged bytes are skipped with a log line and counted;
// an unreadable record is counted the same way. Only the slot's owner replays it (slot.ts).
import type { Logger } from 'pino';
import { applyWrite, decodeWrite, type AccountingStores } from '../write.js';
import { SILENT_OBSERVER, type Journal, type JournalObserver } from './journal.js';

export type ReplayResult = { readonly ok: true; readonly replayed: number } | { readonly ok: false; readonly replayed: number; readonly error: string };

export class JournalReplayer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReplayResult> | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly journal: Journal,
    private readonly stores: AccountingStores,
    private readonly storeReady: () => boolean,
    private readonly logger: Logger,
    private readonly observer: JournalObserver = SILENT_OBSERVER,
    /**
     * Asked before a replayed segment is deleted: under `replicated` the replayed writes must have
     * reached the replicas too (WAIT), or the segment stays and is replayed again later.
     */
    private readonly confirm: () => Promise<string | undefined> = async () => undefined,
  ) {}

  /** Checks every `intervalMs` whether there is something to replay and the store answers. */
  start(intervalMs = 500): void {
    this.timer = setInterval(() => {
      if (!this.running && this.journal.hasBacklog() && this.storeReady()) void this.replay();
    }, intervalMs);
    this.timer.unref();
  }

  /** One pass: replays until the journal is empty or the store fails. Concurrent calls share the pass. */
  replay(): Promise<ReplayResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<ReplayResult> {
    let replayed = 0;
    try {
      for (let segments = await this.journal.seal(); segments.length > 0; segments = await this.journal.seal()) {
        for (const path of segments) {
          const { payloads, skipped } = await this.journal.read(path);
          for (const region of skipped) {
            this.observer.skipped(region);
            this.logger.warn({ journal: path, offset: region.offset, bytes: region.bytes, reason: region.reason }, `accounting journal: skipped ${region.bytes} ${region.reason} bytes`);
          }
          for (const payload of payloads) {
            const write = decodeWrite(payload);
            if (!write) {
              this.observer.skipped({ offset: -1, bytes: payload.length, reason: 'corrupt' });
              this.logger.warn({ journal: path, bytes: payload.length }, 'accounting journal: skipped a record that is not an accounting write');
              continue;
            }
            await applyWrite(this.stores, write);
            replayed++;
            this.observer.replayed(1);
          }
          const unconfirmed = await this.confirm();
          if (unconfirmed !== undefined) throw new Error(unconfirmed);
          await this.journal.remove(path);
        }
      }
    } catch (err) {
      const error = (err as Error).message;
      // Once per cause, not once per attempt: the store may stay down for a while.
      if (error !== this.lastError) this.logger.warn({ err: error, replayed }, 'accounting journal replay paused: the store failed; it resumes when the store is back');
      this.lastError = error;
      return { ok: false, replayed, error };
    }
    this.lastError = undefined;
    if (replayed > 0) this.logger.info({ replayed, journal: this.journal.dir }, `accounting journal replayed into the store`);
    return { ok: true, replayed };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

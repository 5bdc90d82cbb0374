// The call-record sink's loop: read the record streams through a consumer group, insert each batch
// into PostgreSQL in one transaction, and XACK only after the COMMIT. Whatever fails in between
// (PostgreSQL down, Redis down, this process killed) leaves the records pending in the group, never
// acknowledged without being committed; they are read again — first this consumer's own pending
// records (id 0), then new ones (`>`), and records a dead consumer held too long are claimed
// (XAUTOCLAIM). A record inserted twice is skipped by the table's key, so re-reading is harmless.
import type { Logger } from 'pino';
import type { CallStore, StreamRecord } from '../../store/index.js';
import type { PostgresRecords } from './postgres.js';
import { toCallRecordRow, type CallRecordRow } from './record-row.js';

export interface SinkOptions {
  readonly calls: CallStore;
  readonly postgres: PostgresRecords;
  readonly group: string;
  /** Stable across restarts, so a restarted sink finds its own pending records at once. */
  readonly consumer: string;
  readonly batchSize: number;
  /** Records another consumer has held this long unacknowledged are taken over. */
  readonly claimIdleMs: number;
  readonly logger: Logger;
  /** Pause when every stream was empty. */
  readonly pollMs?: number;
  /** Back-off after a failure doubles from the first to the last. */
  readonly backoffMs?: readonly [number, number];
  /** Each committed-and-acknowledged batch (tests, metrics). */
  readonly onBatch?: (batch: { stream: string; records: number; inserted: number }) => void;
  /** Each failed round, before the back-off. */
  readonly onFailure?: (err: unknown) => void;
}

interface StreamState {
  /** Own unacknowledged records may remain: read from id 0 until that comes back empty. */
  pending: boolean;
  lastClaimAt: number;
}

export class CdrSink {
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly states = new Map<string, StreamState>();
  private migrated = false;
  private done: Promise<void> | undefined;

  constructor(private readonly o: SinkOptions) {}

  /** Starts the loop; resolves when stop() has let the current batch finish. */
  start(): Promise<void> {
    this.done ??= this.loop();
    return this.done;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.done;
  }

  private state(stream: string): StreamState {
    let s = this.states.get(stream);
    if (!s) this.states.set(stream, (s = { pending: true, lastClaimAt: 0 }));
    return s;
  }

  private async loop(): Promise<void> {
    const [firstBackoff, lastBackoff] = this.o.backoffMs ?? [250, 10_000];
    let backoff = firstBackoff;
    let failing = false;
    while (!this.stopping) {
      try {
        const moved = await this.round();
        if (failing) this.o.logger.info('cdr-sink: PostgreSQL and Redis answer again; catching up');
        failing = false;
        backoff = firstBackoff;
        if (moved === 0) await this.sleep(this.o.pollMs ?? 500);
      } catch (err) {
        // Nothing of the failed batch was acknowledged: after the pause it is read again from id 0.
        for (const s of this.states.values()) s.pending = true;
        this.o.onFailure?.(err);
        if (!failing) this.o.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'cdr-sink: a batch could not be stored; retrying with back-off (nothing is acknowledged until it is committed)');
        else this.o.logger.debug({ err: err instanceof Error ? err.message : String(err), backoffMs: backoff }, 'cdr-sink: still failing');
        failing = true;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, lastBackoff);
      }
    }
  }

  /** One pass over every stream; returns how many records it moved. */
  private async round(): Promise<number> {
    if (!this.migrated) {
      const applied = await this.o.postgres.migrate();
      if (applied.length) this.o.logger.info({ migrations: applied }, 'cdr-sink: schema migrations applied');
      await this.o.calls.createConsumerGroups([this.o.group]);
      this.migrated = true;
    }
    let moved = 0;
    for (const stream of this.o.calls.recordStreams()) {
      if (this.stopping) break;
      const s = this.state(stream);
      const now = Date.now();
      if (now - s.lastClaimAt >= Math.min(this.o.claimIdleMs, 10_000)) {
        s.lastClaimAt = now;
        const claimed = await this.o.calls.claimIdle(stream, this.o.group, this.o.consumer, this.o.claimIdleMs, this.o.batchSize);
        if (claimed.length) {
          this.o.logger.info({ stream, records: claimed.length }, 'cdr-sink: took over records another consumer left unacknowledged');
          moved += await this.store(stream, claimed);
        }
      }
      const batch = await this.o.calls.readGroup(stream, this.o.group, this.o.consumer, s.pending ? 'pending' : 'new', this.o.batchSize);
      if (batch.length === 0) {
        s.pending = false;
        continue;
      }
      moved += await this.store(stream, batch);
    }
    return moved;
  }

  /** Insert (committed), then acknowledge: in this order only. */
  private async store(stream: string, records: readonly StreamRecord[]): Promise<number> {
    const rows: CallRecordRow[] = [];
    for (const r of records) {
      const result = toCallRecordRow(stream, r);
      if (result.ok) rows.push(result.row);
      // Acknowledged all the same: it can never be inserted, and left pending it would come back forever.
      else this.o.logger.warn({ stream, id: r.id, reason: result.reason }, 'cdr-sink: record skipped');
    }
    const inserted = await this.o.postgres.insert(rows);
    await this.o.calls.ack(stream, this.o.group, records.map((r) => r.id));
    this.o.onBatch?.({ stream, records: records.length, inserted });
    return records.length;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

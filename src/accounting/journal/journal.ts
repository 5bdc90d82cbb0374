// The local accounting journal (issue 15 item 1): an append-only file of framed records (frame.ts),
// each acknowledged only after fdatasync. Group commit: the appends of one event-loop turn — and
// those arriving while a sync is under way — share one write and one sync, so the cost per record
// falls as the load rises. Files are segments, `<seq>.journal`, oldest first; the replayer seals the
// current one (new appends go to a fresh segment) and deletes a segment once all of it is in Redis.
// Bounded by `maxBytes`: past it, append refuses, and the caller stays silent (the FireBrick retries).
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeFrames, encodeFrame, type DecodedFrames, type SkippedRegion } from './frame.js';
import { takeSlot, type JournalSlot } from './slot.js';

/** Where a journal reports what it holds and does (the metrics, in the app layer). */
export interface JournalObserver {
  bytes(used: number): void;
  appended(records: number): void;
  replayed(records: number): void;
  skipped(region: SkippedRegion): void;
}

export const SILENT_OBSERVER: JournalObserver = { bytes() {}, appended() {}, replayed() {}, skipped() {} };

export class JournalFullError extends Error {
  constructor(readonly used: number, readonly maxBytes: number) {
    super(`accounting journal full (${used} of ${maxBytes} bytes)`);
    this.name = 'JournalFullError';
  }
}

/** The share of `maxBytes` at which the journal warns that it is filling up. */
export const WARN_AT = 0.8;

const SEGMENT = /^(\d{12})\.journal$/;
const segmentName = (seq: number): string => `${String(seq).padStart(12, '0')}.journal`;

interface Pending {
  readonly frame: Buffer;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

interface Segment {
  readonly path: string;
  bytes: number;
}

export interface JournalOptions {
  /** `accounting.journal.dir`; this process takes one slot under it (slot.ts). */
  readonly dir: string;
  readonly maxBytes: number;
  readonly logger: Logger;
  readonly observer?: JournalObserver;
}

async function syncDirectory(dir: string): Promise<void> {
  // A new or deleted file is durable only once its directory entry is (fsync(2) on the directory).
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class Journal {
  private readonly sealed: Segment[];
  private current: (Segment & { handle: FileHandle }) | undefined;
  private nextSeq: number;
  private used: number;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private scheduled = false;
  /** A flush is writing; appends queued meanwhile join its next batch. */
  private writing = false;
  /** The flush under way, for seal() and close() to wait on. */
  private flushing: Promise<void> | undefined;
  private warned = false;
  private closed = false;
  private readonly observer: JournalObserver;

  private constructor(
    private readonly slot: JournalSlot,
    private readonly options: JournalOptions,
  ) {
    this.observer = options.observer ?? SILENT_OBSERVER;
    const seqs = readdirSync(slot.dir)
      .map((name) => SEGMENT.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    // What an earlier life of this slot left is sealed: it is replayed, never appended to (its tail may be torn).
    this.sealed = seqs.map((seq) => {
      const path = join(slot.dir, segmentName(seq));
      return { path, bytes: statSync(path).size };
    });
    this.nextSeq = (seqs.at(-1) ?? 0) + 1;
    this.used = this.sealed.reduce((sum, s) => sum + s.bytes, 0);
    this.observer.bytes(this.used);
    this.checkFill();
  }

  static open(options: JournalOptions): Journal {
    mkdirSync(options.dir, { recursive: true });
    return new Journal(takeSlot(options.dir), options);
  }

  /** The slot directory this process owns. */
  get dir(): string {
    return this.slot.dir;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Bytes on disk plus bytes waiting to be written. */
  bytesUsed(): number {
    return this.used + this.queuedBytes;
  }

  /** Something is journalled and not yet replayed: new records must follow it, to keep their order. */
  hasBacklog(): boolean {
    return this.sealed.length > 0 || (this.current?.bytes ?? 0) > 0 || this.queue.length > 0 || this.writing;
  }

  /** Resolves once the record is on disk (fdatasync); rejects with JournalFullError past maxBytes. */
  append(payload: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('accounting journal is closed'));
    const frame = encodeFrame(payload);
    if (this.used + this.queuedBytes + frame.length > this.options.maxBytes) {
      return Promise.reject(new JournalFullError(this.used + this.queuedBytes, this.options.maxBytes));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ frame, resolve, reject });
      this.queuedBytes += frame.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: every datagram read in this turn is in the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.writing = true;
      const flushing = this.flushQueue();
      this.flushing = flushing;
      void flushing.finally(() => {
        if (this.flushing === flushing) this.flushing = undefined;
      });
    });
  }

  private async openCurrent(): Promise<Segment & { handle: FileHandle }> {
    const path = join(this.slot.dir, segmentName(this.nextSeq++));
    const handle = await open(path, 'a');
    await syncDirectory(this.slot.dir);
    return { path, bytes: 0, handle };
  }

  private async flushQueue(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        // Cleared in the very turn the queue is found empty, so the next append schedules a flush.
        this.writing = false;
        return;
      }
      const batch = this.queue;
      this.queue = [];
      const data = Buffer.concat(batch.map((p) => p.frame));
      this.queuedBytes -= data.length;
      try {
        this.current ??= await this.openCurrent();
        await this.current.handle.write(data);
        await this.current.handle.datasync();
      } catch (err) {
        // Whatever reached the file is framed; a partial frame is skipped by the reader as damage.
        for (const p of batch) p.reject(err as Error);
        continue;
      }
      this.current.bytes += data.length;
      this.used += data.length;
      this.observer.bytes(this.used);
      this.observer.appended(batch.length);
      this.checkFill();
      for (const p of batch) p.resolve();
    }
  }

  private checkFill(): void {
    const full = this.used >= WARN_AT * this.options.maxBytes;
    if (full && !this.warned) {
      this.options.logger.warn(
        { journal: this.slot.dir, bytes: this.used, maxBytes: this.options.maxBytes },
        `accounting journal is ${Math.floor((100 * this.used) / this.options.maxBytes)} % full; when full, accounting is no longer acknowledged`,
      );
    }
    this.warned = full;
  }

  /**
   * Seals the current segment (later appends start a new one) once its writes are done, and
   * returns every sealed segment, oldest first: what the replayer is to move into the store.
   */
  async seal(): Promise<readonly string[]> {
    while (this.flushing) await this.flushing;
    const current = this.current;
    if (current && current.bytes > 0) {
      this.current = undefined;
      await current.handle.close();
      this.sealed.push({ path: current.path, bytes: current.bytes });
    }
    return this.sealed.map((s) => s.path);
  }

  async read(path: string): Promise<DecodedFrames> {
    return decodeFrames(await readFile(path));
  }

  /** Deletes a sealed segment whose records are all in the store. */
  async remove(path: string): Promise<void> {
    const i = this.sealed.findIndex((s) => s.path === path);
    if (i === -1) return;
    const [segment] = this.sealed.splice(i, 1);
    await unlink(path);
    await syncDirectory(this.slot.dir);
    this.used -= segment!.bytes;
    this.observer.bytes(this.used);
    this.checkFill();
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.scheduled) await (this.flushing ?? new Promise((r) => setImmediate(r)));
    const current = this.current;
    this.current = undefined;
    await current?.handle.close();
    this.slot.release();
  }
}

import { EventEmitter } from 'node:events';
import type { TraceFilter, TraceStore, TraceWatcher, Unsubscribe } from '../trace.js';

const CHANGED = 'changed';

export class MemoryTraceStore implements TraceStore {
  private readonly entries = new Map<string, TraceWatcher>();
  private readonly bus = new EventEmitter().setMaxListeners(0);

  constructor(private readonly now: () => number) {}

  async watch(id: string, filter: TraceFilter, ttlMs: number): Promise<void> {
    const isNew = !this.entries.has(id);
    this.entries.set(id, { id, filter, expiresAt: this.now() + ttlMs });
    if (isNew) this.bus.emit(CHANGED);
  }

  async unwatch(id: string): Promise<void> {
    if (this.entries.delete(id)) this.bus.emit(CHANGED);
  }

  async watchers(): Promise<TraceWatcher[]> {
    const now = this.now();
    for (const [id, w] of this.entries) if (w.expiresAt <= now) this.entries.delete(id);
    return [...this.entries.values()];
  }

  async publish(watcherId: string, event: string): Promise<void> {
    this.bus.emit(`event:${watcherId}`, event);
  }

  async subscribe(watcherId: string, onEvent: (event: string) => void): Promise<Unsubscribe> {
    return this.listen(`event:${watcherId}`, onEvent);
  }

  async onChange(listener: () => void): Promise<Unsubscribe> {
    return this.listen(CHANGED, listener);
  }

  private listen(name: string, fn: (...args: never[]) => void): Unsubscribe {
    // Delivered on a later tick, as Redis delivers: a publisher never runs its listeners inline.
    const deferred = (...args: unknown[]): void => void setImmediate(() => (fn as (...a: unknown[]) => void)(...args));
    this.bus.on(name, deferred);
    return async () => void this.bus.off(name, deferred);
  }
}

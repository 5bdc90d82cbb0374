// A watcher of the live trace (`firebridge trace`, GET /api/trace): subscribes to its own event
// channel, then registers its filter and refreshes it while it listens; closing unregisters, so
// instances stop publishing at once (and by themselves within TRACE_WATCH_TTL_MS if it died).
import { randomBytes } from 'node:crypto';
import { TRACE_REFRESH_MS, TRACE_WATCH_TTL_MS, type TraceFilter, type TraceStore } from '../../store/index.js';
import type { TraceEvent } from './event.js';

export interface TraceWatch {
  readonly id: string;
  close(): Promise<void>;
}

export interface TraceWatchOptions {
  /** Told when a refresh fails (Redis down): the watch goes on and retries at the next refresh. */
  readonly onRefreshError?: (err: Error) => void;
  readonly refreshMs?: number;
  readonly ttlMs?: number;
}

export async function openTraceWatch(
  store: TraceStore,
  filter: TraceFilter,
  onEvent: (event: TraceEvent) => void,
  options: TraceWatchOptions = {},
): Promise<TraceWatch> {
  const id = randomBytes(8).toString('hex');
  const ttl = options.ttlMs ?? TRACE_WATCH_TTL_MS;
  // Subscribed before registering, so no event published for this watcher is missed.
  const unsubscribe = await store.subscribe(id, (text) => {
    try {
      onEvent(JSON.parse(text) as TraceEvent);
    } catch {
      // Not an event: nothing a watcher can show.
    }
  });
  try {
    await store.watch(id, filter, ttl);
  } catch (err) {
    await unsubscribe();
    throw err;
  }
  const timer = setInterval(() => {
    store.watch(id, filter, ttl).catch((err: unknown) => options.onRefreshError?.(err as Error));
  }, options.refreshMs ?? TRACE_REFRESH_MS);
  let closed = false;
  return {
    id,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await store.unwatch(id).catch(() => {});
      await unsubscribe();
    },
  };
}

/** The filter of `--number N | --user U | --firebrick F` (or ?number=… on the API): exactly one. */
export function traceFilterOf(o: { number?: string | undefined; user?: string | undefined; firebrick?: string | undefined }): TraceFilter | string {
  const given = (['number', 'user', 'firebrick'] as const).filter((k) => o[k] !== undefined && o[k] !== '');
  if (given.length !== 1) return 'give exactly one of number, user or firebrick';
  const kind = given[0]!;
  return { kind, value: o[kind]! };
}

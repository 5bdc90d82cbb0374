// The live trace's watch registry (README → Live trace): who is watching which subject, shared by
// every instance, and the pub/sub channels events and registry changes travel on. A watcher
// registers its filter with a short lifetime and refreshes it while it listens, so one that dies
// without unregistering stops costing anything within TRACE_WATCH_TTL_MS. Instances keep a local
// copy of the registry (app/trace/watch-list.ts): with nobody watching, a request costs a look at an
// empty list and nothing is sent to Redis. Two implementations (redis/trace.ts, memory/trace.ts)
// keep them alike; the contract test runs on both.

/** What a watcher follows: a number (called, calling, or the caller's), a user, or a FireBrick. */
export const TRACE_FILTER_KINDS = ['number', 'user', 'firebrick'] as const;
export type TraceFilterKind = (typeof TRACE_FILTER_KINDS)[number];

export interface TraceFilter {
  readonly kind: TraceFilterKind;
  readonly value: string;
}

export interface TraceWatcher {
  /** Random, chosen by the watcher; names its event channel. */
  readonly id: string;
  readonly filter: TraceFilter;
  /** ms since the epoch; past it the watcher is gone unless refreshed. */
  readonly expiresAt: number;
}

/** How long a registration lives without a refresh; watchers refresh every TRACE_REFRESH_MS. */
export const TRACE_WATCH_TTL_MS = 15_000;
export const TRACE_REFRESH_MS = 5_000;

/** Stops a subscription. */
export type Unsubscribe = () => Promise<void>;

export interface TraceStore {
  /** Registers or refreshes a watcher for `ttlMs`; a new one is announced to every instance. */
  watch(id: string, filter: TraceFilter, ttlMs: number): Promise<void>;
  /** Removes a watcher and announces it. */
  unwatch(id: string): Promise<void>;
  /** The watchers alive now (expired ones are dropped). */
  watchers(): Promise<TraceWatcher[]>;
  /** Sends one event (JSON text) to one watcher. */
  publish(watcherId: string, event: string): Promise<void>;
  /** Receives the events sent to one watcher; resolves once subscribed. */
  subscribe(watcherId: string, onEvent: (event: string) => void): Promise<Unsubscribe>;
  /** Told whenever a watcher is added or removed; resolves once subscribed. */
  onChange(listener: () => void): Promise<Unsubscribe>;
}

export function isTraceFilter(v: unknown): v is TraceFilter {
  if (v === null || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return (TRACE_FILTER_KINDS as readonly unknown[]).includes(f.kind) && typeof f.value === 'string' && f.value !== '';
}

/** A registry entry as kept: `{"filter":…,"expiresAt":…}`; undefined for anything else. */
export function watcherFromJson(id: string, json: string): TraceWatcher | undefined {
  try {
    const v = JSON.parse(json) as { filter?: unknown; expiresAt?: unknown };
    if (!isTraceFilter(v.filter) || typeof v.expiresAt !== 'number') return undefined;
    return { id, filter: { kind: v.filter.kind, value: v.filter.value }, expiresAt: v.expiresAt };
  } catch {
    return undefined;
  }
}

export function watcherToJson(w: Omit<TraceWatcher, 'id'>): string {
  return JSON.stringify({ filter: w.filter, expiresAt: w.expiresAt });
}

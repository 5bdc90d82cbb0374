// Consumer groups on the call-record streams (issue 15). Billing reads the records through Redis
// consumer groups; a record is trimmed only once every group on its stream has acknowledged it, so a
// slow or stopped consumer delays trimming instead of losing records. Stream ids are "ms-seq" with
// both parts 64-bit, so they are compared as BigInts, never as strings or doubles.

/** One consumer group on one record stream, as XINFO GROUPS and XPENDING tell it. */
export interface RecordGroupState {
  readonly stream: string;
  readonly group: string;
  /** Delivered to a consumer and not yet acknowledged (XPENDING). */
  readonly pending: number;
  /** Entries not yet delivered to the group (XINFO GROUPS `lag`, Redis 7); undefined when Redis cannot tell. */
  readonly lag: number | undefined;
  /** The last id delivered to any consumer of the group. */
  readonly lastDeliveredId: string;
  /** The oldest pending id, when there is one. */
  readonly oldestPendingId: string | undefined;
  /** The id of the oldest entry the group has not acknowledged (pending or not yet delivered). */
  readonly oldestUnackedId: string | undefined;
}

/** A record read through a consumer group; `fields` is undefined for an entry deleted while pending. */
export interface StreamRecord {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>> | undefined;
}

/** What one trimming pass removed; `unread` of those were trimmed although no group had read them. */
export interface RecordTrim {
  readonly trimmed: number;
  readonly unread: number;
}

export function parseStreamId(id: string): readonly [bigint, bigint] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(id);
  if (!m) throw new RangeError(`not a stream id: ${id}`);
  return [BigInt(m[1]!), BigInt(m[2] ?? '0')];
}

export function compareStreamIds(a: string, b: string): number {
  const [am, as] = parseStreamId(a);
  const [bm, bs] = parseStreamId(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** The smallest id greater than `id` (XTRIM MINID keeps ids ≥ its argument). */
export function nextStreamId(id: string): string {
  const [ms, seq] = parseStreamId(id);
  return `${ms}-${seq + 1n}`;
}

/** The epoch milliseconds a stream id was created at. */
export function streamIdTime(id: string): number {
  return Number(parseStreamId(id)[0]);
}

/**
 * The lowest id some group still needs: its oldest pending entry, or the first entry after what it
 * was last delivered (everything up to that was delivered and, not being pending, acknowledged).
 * Entries below the result are read and acknowledged by every group; undefined when there are no
 * groups (nothing protects any entry).
 */
export function firstNeededId(groups: ReadonlyArray<Pick<RecordGroupState, 'lastDeliveredId' | 'oldestPendingId'>>): string | undefined {
  let first: string | undefined;
  for (const g of groups) {
    const needed = g.oldestPendingId ?? nextStreamId(g.lastDeliveredId);
    if (first === undefined || compareStreamIds(needed, first) < 0) first = needed;
  }
  return first;
}

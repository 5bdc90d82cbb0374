// What `firebridge cdr-sink --status` reports per record stream: the group's unacknowledged records
// (pending: delivered, not acknowledged; lag: not yet delivered), the age of the oldest of them, and
// when PostgreSQL last got a row from that stream.
import { streamIdTime, type CallStore } from '../../store/index.js';
import type { PostgresRecords } from './postgres.js';

export interface StreamSinkStatus {
  readonly stream: string;
  readonly group: string;
  /** False when the group does not exist on the stream yet (no sink has started). */
  readonly groupExists: boolean;
  readonly pending: number | null;
  readonly lag: number | null;
  readonly oldestUnackedSeconds: number | null;
  /** ISO time of the last row inserted from this stream; null when none, or PostgreSQL was not asked. */
  readonly lastInsert: string | null;
}

export async function sinkStatus(calls: CallStore, group: string, postgres: PostgresRecords | undefined, now = Date.now()): Promise<StreamSinkStatus[]> {
  const streams = calls.recordStreams();
  const groups = await calls.consumerGroups();
  const last = postgres ? await postgres.lastInserts(streams) : new Map<string, Date>();
  return streams.map((stream) => {
    const g = groups.find((x) => x.stream === stream && x.group === group);
    return {
      stream,
      group,
      groupExists: g !== undefined,
      pending: g ? g.pending : null,
      lag: g ? (g.lag ?? null) : null,
      oldestUnackedSeconds: g ? (g.oldestUnackedId ? Math.max(0, Math.round((now - streamIdTime(g.oldestUnackedId)) / 1000)) : 0) : null,
      lastInsert: last.get(stream)?.toISOString() ?? null,
    };
  });
}

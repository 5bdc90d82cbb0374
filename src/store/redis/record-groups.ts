// Consumer groups on a Redis call-record stream: creating them, reading their state, and trimming
// the stream without losing what a group has not acknowledged (see ../record-groups.ts). Trimming
// runs beside the per-Stop script (a periodic pass, app/record-trimming.ts), so a Stop stays one
// script; the pass is idempotent, so several instances may run it at once.
import type { RedisClient } from './connection.js';
import { firstNeededId, nextStreamId, type RecordGroupState, type RecordTrim, type StreamRecord } from '../record-groups.js';

/** A pass trims at most this many entries by id, so one pass after a long stop stays a short command. */
const TRIM_BATCH = 10_000;

/**
 * XGROUP CREATE … 0 MKSTREAM: a group created now sees every record still in the stream (a new
 * billing consumer starts from the oldest kept record, not from "now"). An existing group is left
 * as it is.
 */
export async function createRecordGroup(redis: RedisClient, stream: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
  }
}

function pairs(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}

export async function recordGroupStates(redis: RedisClient, stream: string): Promise<RecordGroupState[]> {
  let raw: unknown[];
  try {
    raw = (await redis.xinfo('GROUPS', stream)) as unknown[];
  } catch (err) {
    if (err instanceof Error && /no such key/i.test(err.message)) return [];
    throw err;
  }
  const states: RecordGroupState[] = [];
  for (const entry of raw) {
    const info = pairs(entry as unknown[]);
    const group = String(info.name);
    const lastDeliveredId = String(info['last-delivered-id']);
    const pending = Number(info.pending);
    const [, oldestPending] = (await redis.xpending(stream, group)) as [number, string | null, string | null, unknown];
    const lag = info.lag === null || info.lag === undefined ? undefined : Number(info.lag);
    const oldestPendingId = pending > 0 && oldestPending ? oldestPending : undefined;
    let oldestUnackedId = oldestPendingId;
    if (oldestUnackedId === undefined) {
      const next = await redis.xrange(stream, `(${lastDeliveredId}`, '+', 'COUNT', 1);
      oldestUnackedId = next[0]?.[0];
    }
    states.push({ stream, group, pending, lag, lastDeliveredId, oldestPendingId, oldestUnackedId });
  }
  return states;
}

/**
 * Trims `stream` to about `maxRecords`, never past an entry some group still needs. Without groups,
 * the cap alone decides and every trimmed record counts as unread: nobody was reading.
 */
export async function trimRecordStream(redis: RedisClient, stream: string, maxRecords: number): Promise<RecordTrim> {
  const groups = await recordGroupStates(redis, stream);
  if (groups.length === 0) {
    const trimmed = Number(await redis.xtrim(stream, 'MAXLEN', maxRecords));
    return { trimmed, unread: trimmed };
  }
  const excess = (await redis.xlen(stream)) - maxRecords;
  if (excess <= 0) return { trimmed: 0, unread: 0 };
  const needed = firstNeededId(groups)!;
  // The oldest `excess` entries, but only those every group has acknowledged (ids below `needed`).
  const candidates = await redis.xrange(stream, '-', `(${needed}`, 'COUNT', Math.min(excess, TRIM_BATCH));
  const last = candidates.at(-1)?.[0];
  if (last === undefined) return { trimmed: 0, unread: 0 };
  const trimmed = Number(await redis.xtrim(stream, 'MINID', nextStreamId(last)));
  return { trimmed, unread: 0 };
}

type RawEntries = Array<[string, string[] | null]>;

/** A stream entry's field list ([name, value, name, value, …]) as an object. */
export function streamEntryFields(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}

function toRecords(entries: RawEntries): StreamRecord[] {
  return entries.map(([id, flat]) => (flat ? { id, fields: streamEntryFields(flat) } : { id, fields: undefined }));
}

/**
 * XREADGROUP: `pending` re-reads what this consumer was delivered and has not acknowledged (id 0:
 * after a crash, first of all), `new` takes undelivered records (`>`). Never blocks: the streams may
 * be in different Cluster slots, so a reader polls them one by one.
 */
export async function readRecordGroup(redis: RedisClient, stream: string, group: string, consumer: string, from: 'pending' | 'new', count: number): Promise<StreamRecord[]> {
  const reply = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, from === 'pending' ? '0' : '>')) as
    | Array<[string, RawEntries]>
    | null;
  return reply?.[0] ? toRecords(reply[0][1]) : [];
}

/** XAUTOCLAIM: takes over records another consumer (a dead one) has held unacknowledged for `minIdleMs`. */
export async function claimIdleRecords(redis: RedisClient, stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamRecord[]> {
  const claimed: StreamRecord[] = [];
  let cursor = '0-0';
  do {
    const [next, entries] = (await redis.xautoclaim(stream, group, consumer, minIdleMs, cursor, 'COUNT', count)) as [string, RawEntries, string[]?];
    claimed.push(...toRecords(entries));
    cursor = next;
  } while (cursor !== '0-0' && claimed.length < count);
  return claimed;
}

export async function ackRecords(redis: RedisClient, stream: string, group: string, ids: readonly string[]): Promise<void> {
  if (ids.length) await redis.xack(stream, group, ...ids);
}

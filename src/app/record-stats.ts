// What the console's charts show of the call records (README → Console and API): calls per hour,
// answer-seizure ratio (ASR: answered legs over all legs) and average call duration (ACD: connected
// seconds over answered legs) per FireBrick and per peer — the SIP peer a leg went to or came from,
// which for a carrier leg is the carrier's gateway — and the most dialled numbers. Pure.
import type { CallRecord } from '../store/index.js';

export interface GroupStats {
  readonly key: string;
  readonly legs: number;
  readonly answered: number;
  /** answered / legs, 0–1; 0 with no legs. */
  readonly asr: number;
  /** Mean connected seconds of the answered legs; 0 with none. */
  readonly acdSeconds: number;
}

export interface RecordStats {
  readonly legs: number;
  /** Legs ended per hour, oldest first: the hour's start (ISO) and the count. */
  readonly perHour: ReadonlyArray<{ readonly hour: string; readonly legs: number; readonly answered: number }>;
  readonly byFirebrick: readonly GroupStats[];
  readonly byPeer: readonly GroupStats[];
  readonly topCalled: ReadonlyArray<{ readonly called: string; readonly legs: number }>;
}

const HOUR_MS = 3_600_000;

/** "2026-11-22T09:00", "90m", "2h", "3d" → epoch ms; undefined when it is neither a time nor an age. */
export function readSince(text: string, now: number): number | undefined {
  const rel = /^(\d+)([smhd])$/.exec(text);
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  const t = new Date(text).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/** When a record's leg ended: its `ended_at`, else its stream id's time. */
export function endedAtMs(r: CallRecord): number {
  const s = Number(r.fields.ended_at);
  return Number.isFinite(s) && s > 0 ? s * 1000 : Number(r.id.split('-')[0]);
}

function group(records: readonly CallRecord[], keyOf: (r: CallRecord) => string | undefined): GroupStats[] {
  const acc = new Map<string, { legs: number; answered: number; seconds: number }>();
  for (const r of records) {
    const key = keyOf(r);
    if (key === undefined) continue;
    const a = acc.get(key) ?? { legs: 0, answered: 0, seconds: 0 };
    a.legs++;
    if (r.fields.answered === '1') {
      a.answered++;
      a.seconds += Number(r.fields.connected_seconds) || 0;
    }
    acc.set(key, a);
  }
  return [...acc.entries()]
    .map(([key, a]) => ({ key, legs: a.legs, answered: a.answered, asr: a.legs ? a.answered / a.legs : 0, acdSeconds: a.answered ? a.seconds / a.answered : 0 }))
    .sort((x, y) => y.legs - x.legs || x.key.localeCompare(y.key));
}

export function recordStats(records: readonly CallRecord[], top = 10): RecordStats {
  const hours = new Map<number, { legs: number; answered: number }>();
  const called = new Map<string, number>();
  for (const r of records) {
    const hour = Math.floor(endedAtMs(r) / HOUR_MS) * HOUR_MS;
    const h = hours.get(hour) ?? { legs: 0, answered: 0 };
    h.legs++;
    if (r.fields.answered === '1') h.answered++;
    hours.set(hour, h);
    if (r.fields.called) called.set(r.fields.called, (called.get(r.fields.called) ?? 0) + 1);
  }
  return {
    legs: records.length,
    perHour: [...hours.entries()].sort(([a], [b]) => a - b).map(([hour, h]) => ({ hour: new Date(hour).toISOString(), ...h })),
    byFirebrick: group(records, (r) => r.fields.firebrick),
    // The peer's address without its port: one carrier gateway, whichever source port it used.
    byPeer: group(records, (r) => r.fields.peer?.replace(/:\d*$/, '')),
    topCalled: [...called.entries()]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, top)
      .map(([number, legs]) => ({ called: number, legs })),
  };
}

export interface RecordFilter {
  readonly number?: string | undefined;
  readonly firebrick?: string | undefined;
  readonly untilMs?: number | undefined;
}

/** Records matching an operator's filter: a number as called or calling, a FireBrick, an end time. */
export function filterRecords(records: readonly CallRecord[], f: RecordFilter): CallRecord[] {
  return records.filter(
    (r) =>
      (!f.number || r.fields.called === f.number || r.fields.calling === f.number) &&
      (!f.firebrick || r.fields.firebrick === f.firebrick) &&
      (f.untilMs === undefined || endedAtMs(r) <= f.untilMs),
  );
}

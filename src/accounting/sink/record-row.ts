// A call record from the stream (README → Accounting and call records) as a typed `call_records`
// row. Pure. The stream holds strings; the table has types, so every field is read here once.
import type { StreamRecord } from '../../store/index.js';

export interface CallRecordRow {
  readonly firebrick: string;
  readonly session_id: string;
  readonly call_id: string | null;
  readonly nas_identifier: string | null;
  readonly called: string | null;
  readonly calling: string | null;
  readonly cui: string | null;
  readonly local_uri: string | null;
  readonly remote_uri: string | null;
  readonly peer: string | null;
  readonly started_at: Date | null;
  readonly answered: boolean;
  readonly ringing_seconds: number | null;
  readonly connected_seconds: number | null;
  /** A RADIUS Acct-Terminate-Cause number, or why firebridge closed the leg (`accounting-on`). */
  readonly terminate_cause: string | null;
  readonly identities: readonly string[];
  readonly ended_at: Date | null;
  /** The leg's duration limit, seconds; and why firebridge cut it (`max-duration`), if it did. */
  readonly max_duration_seconds: number | null;
  readonly cut: string | null;
  readonly stream: string;
  readonly stream_id: string;
}

/** Column order of the INSERT; inserted_at is the table's default. */
export const ROW_COLUMNS = [
  'firebrick', 'session_id', 'call_id', 'nas_identifier', 'called', 'calling', 'cui', 'local_uri', 'remote_uri', 'peer',
  'started_at', 'answered', 'ringing_seconds', 'connected_seconds', 'terminate_cause', 'identities', 'ended_at',
  'max_duration_seconds', 'cut', 'stream', 'stream_id',
] as const satisfies ReadonlyArray<keyof CallRecordRow>;

export type RowResult = { readonly ok: true; readonly row: CallRecordRow } | { readonly ok: false; readonly reason: string };

const text = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

function count(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

/** Epoch seconds → time; anything else (absent, not a number) → null rather than a made-up time. */
function epochSeconds(v: string | undefined): Date | null {
  const n = count(v);
  return n === null ? null : new Date(n * 1000);
}

export function toCallRecordRow(stream: string, record: StreamRecord): RowResult {
  const f = record.fields;
  if (!f) return { ok: false, reason: 'the entry was deleted from the stream' };
  if (!f.firebrick || !f.session_id) return { ok: false, reason: 'no firebrick or session_id (the table key)' };
  return {
    ok: true,
    row: {
      firebrick: f.firebrick,
      session_id: f.session_id,
      call_id: text(f.call_id),
      nas_identifier: text(f.nas_identifier),
      called: text(f.called),
      calling: text(f.calling),
      cui: text(f.cui),
      local_uri: text(f.local_uri),
      remote_uri: text(f.remote_uri),
      peer: text(f.peer),
      started_at: epochSeconds(f.started_at),
      answered: f.answered === '1',
      ringing_seconds: count(f.ringing_seconds),
      connected_seconds: count(f.connected_seconds),
      terminate_cause: text(f.terminate_cause),
      identities: f.identities ? f.identities.split(',').filter((s) => s !== '') : [],
      ended_at: epochSeconds(f.ended_at),
      max_duration_seconds: count(f.max_duration),
      cut: text(f.cut),
      stream,
      stream_id: record.id,
    },
  };
}

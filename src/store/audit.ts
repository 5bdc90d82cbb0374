// The audit trail (issue 18): every change to what a subscriber or the operator configured — feature
// codes dialled from a phone, `firebridge subscriber add|set|del`, and the admin API — as one record
// of who changed what from what to what. Redis keeps it in one stream (keys.ts audit), capped at about
// AUDIT_MAX_RECORDS; `firebridge audit` lists it newest first.

/** Who made a change: a subscriber from its phone ("realm:username"), or an operator (a login name). */
export interface AuditActor {
  readonly kind: 'subscriber' | 'operator';
  readonly name: string;
}

export interface AuditChange {
  /** When, ms since the epoch. */
  readonly at: number;
  readonly who: AuditActor;
  /** What was changed, as `kind:id`: "subscriber:example.com:alice". */
  readonly subject: string;
  /** How, in a few words: "feature code *21*202#", "subscriber set". */
  readonly what: string;
  /** The changed values before and after (JSON values; absent fields were unset). */
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends AuditChange {
  /** The stream entry id, in the order the changes were written. */
  readonly id: string;
}

export interface AuditQuery {
  /** Most records returned (newest first). */
  readonly count: number;
  /** Only changes of this subject. */
  readonly subject?: string;
}

export interface AuditStore {
  record(change: AuditChange): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
}

/** The stream is trimmed to about this many records (MAXLEN ~). */
export const AUDIT_MAX_RECORDS = 100_000;

/** "subscriber:realm:username": the subject of a subscriber's changes, and its name as an actor. */
export function subscriberSubject(realm: string, username: string): string {
  return `subscriber:${realm}:${username}`;
}

export function formatActor(a: AuditActor): string {
  return `${a.kind}:${a.name}`;
}

export function parseActor(text: string): AuditActor {
  const sep = text.indexOf(':');
  const kind = text.slice(0, sep);
  return { kind: kind === 'subscriber' ? 'subscriber' : 'operator', name: text.slice(sep + 1) };
}

/** The fields of two values that differ, each side's value (undefined: unset), for before/after. */
export function changedFields(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    if (before[k] !== undefined) b[k] = before[k];
    if (after[k] !== undefined) a[k] = after[k];
  }
  return { before: b, after: a };
}

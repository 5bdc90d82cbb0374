// Writing the audit trail (store/audit.ts): the one place a change becomes a record, for the
// commands and the admin API alike. Only the fields that differ are kept, and a secret (a password,
// a token) is never written: its field says "(set)".
import { changedFields, type AuditActor, type AuditStore } from '../store/index.js';

/** What a secret field holds in the trail: that it was given, never its value. */
export const SECRET_SET = '(set)';
const SECRET_FIELDS = new Set(['password', 'token', 'secret']);

export interface Change {
  readonly who: AuditActor;
  /** `kind:id`, as store/audit.ts names subjects: "subscriber:example.com:alice", "group:sales". */
  readonly subject: string;
  readonly what: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}

const masked = (r: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, SECRET_FIELDS.has(k) && v !== undefined ? SECRET_SET : v]));

/**
 * Records one change, its before and after cut to the fields that differ. `ifChanged`: a change that
 * left every field as it was (a PATCH of the same values) writes nothing.
 */
export async function recordChange(audit: AuditStore, at: number, change: Change, options: { ifChanged?: boolean } = {}): Promise<void> {
  const diff = changedFields(masked(change.before), masked(change.after));
  if (options.ifChanged && !Object.keys(diff.before).length && !Object.keys(diff.after).length) return;
  await audit.record({ at, who: change.who, subject: change.subject, what: change.what, ...diff });
}

// The commands' side of the audit trail (app/audit.ts writes it): who runs a command is the operator,
// by login name (FIREBRIDGE_OPERATOR overrides it), so `firebridge audit` and GET /api/audit say who
// changed what whether it was a command or the admin API.
import { userInfo } from 'node:os';
import { recordChange, type Change } from '../app/audit.js';
import type { AuditActor, Store } from '../store/index.js';

export function operator(): AuditActor {
  if (process.env.FIREBRIDGE_OPERATOR) return { kind: 'operator', name: process.env.FIREBRIDGE_OPERATOR };
  try {
    return { kind: 'operator', name: userInfo().username };
  } catch {
    return { kind: 'operator', name: 'unknown' };
  }
}

/** Records a command's change as the operator's; `ifChanged`: nothing when no field changed. */
export function auditCommand(store: Pick<Store, 'audit'>, change: Omit<Change, 'who'>, options: { ifChanged?: boolean } = {}): Promise<void> {
  return recordChange(store.audit, Date.now(), { who: operator(), ...change }, options);
}

// Every change made through the API goes to the audit trail (app/audit.ts) in the name of the token
// that made it, so `firebridge audit` and GET /api/audit show who did what from the console too.
import type { FastifyRequest } from 'fastify';
import { recordChange, type Change } from '../app/audit.js';
import type { ApiDeps } from './deps.js';

export function auditApiChange(deps: Pick<ApiDeps, 'store' | 'now'>, request: FastifyRequest, change: Omit<Change, 'who'>, options?: { ifChanged?: boolean }): Promise<void> {
  // Every route that changes anything needs a role, so a caller is there (auth.ts).
  const name = request.caller?.name ?? 'unknown';
  return recordChange(deps.store.audit, deps.now(), { ...change, who: { kind: 'operator', name } }, options);
}

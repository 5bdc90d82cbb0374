// What can go wrong while a request is answered, told apart: the store could not answer (an
// outage: redis.failurePolicy and the accounting journal are made for it), or firebridge itself
// failed (a defect: logged at error with its stack, counted, and never answered with an accept).
import type { Silence } from '../radius/index.js';
import { StoreUnavailableError } from '../store/index.js';
import { DeadlineExceeded } from './deadline.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** The store failed, or gave no answer within the request's budget (deadline.ts). */
export function isStoreFailure(err: unknown): err is StoreUnavailableError | DeadlineExceeded {
  return err instanceof StoreUnavailableError || err instanceof DeadlineExceeded;
}

/** Where a defect was met: the metric's `kind` and the key its log lines are rate-limited under. */
export type DefectSite = 'access' | 'accounting' | 'note-caller' | 'fraud' | 'note-limit' | 'duration-cut';

/**
 * Logs a defect (rate-limited like store errors: a bug that every request meets would otherwise
 * flood the log) and counts it. The error goes to the log whole, its stack included.
 */
export function reportInternalError(deps: PipelineDeps, site: DefectSite, err: unknown, fields: Record<string, unknown>): void {
  deps.metrics?.internalErrors.inc({ kind: site });
  deps.errorLog.error(`internal:${site}`, { err, site, ...fields }, 'internal error');
}

/**
 * The safe answer to a request a defect broke: none at all. The FireBrick retries and fails over to
 * the next server of its pool (spec §7), and an unstored Accounting-Request must not be
 * acknowledged (RFC 2866 §2).
 */
export function internalErrorSilence(outcome: 'internal-error' | 'acct:internal-error'): Silence {
  return { silent: true, outcome };
}

/**
 * An Accounting-Request whose record could not be kept, from either dialect: never acknowledged
 * (RFC 2866 §2), so the client resends it — a FireBrick over its pool, a port server forever.
 */
export function accountingNotKept(deps: PipelineDeps, client: string, err: unknown, prefix: 'acct' | 'fax-acct'): Silence {
  if (!isStoreFailure(err)) {
    reportInternalError(deps, 'accounting', err, { client });
    return internalErrorSilence('acct:internal-error');
  }
  deps.metrics?.storeErrors.inc({ kind: 'accounting' });
  deps.errorLog.error('accounting', { err: err.message, client }, prefix === 'acct' ? 'cannot store accounting' : 'cannot store fax accounting');
  return { silent: true, outcome: `${prefix}:store-unavailable` };
}

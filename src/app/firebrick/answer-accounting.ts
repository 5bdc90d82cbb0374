// A FireBrick's Accounting-Request (accounting/handle.ts): answered only once the record is kept
// (RFC 2866 §2).
import { handleAccounting } from '../../accounting/index.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { internalErrorSilence, isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export async function answerAccountingRequest(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  try {
    return await handleAccounting(deps.keeper, radius.attributes, { name: radius.client.name, source: radius.remote.address }, deps.now());
  } catch (err) {
    // Not stored, so not acknowledged: the FireBrick retries (RFC 2866 §2).
    if (!isStoreFailure(err)) {
      reportInternalError(deps, 'accounting', err, { client: radius.client.name });
      return internalErrorSilence('acct:internal-error');
    }
    deps.metrics?.storeErrors.inc({ kind: 'accounting' });
    deps.errorLog.error('accounting', { err: err.message, client: radius.client.name }, 'cannot store accounting');
    return { silent: true, outcome: 'acct:store-unavailable' };
  }
}

// A FaxBack port server's Accounting-Request (accounting/fax.ts): answered only once the fax record
// is kept (FaxBack spec §4.2: a Stop is resent until answered, so silence loses nothing).
import { handleFaxAccounting } from '../../accounting/index.js';
import type { FaxbackClient } from '../../faxback/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { internalErrorSilence, isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export async function answerFaxbackAccounting(deps: PipelineDeps, radius: RadiusRequest<FaxbackClient>): Promise<HandlerResult> {
  try {
    return await handleFaxAccounting(
      { keeper: deps.keeper, fax: deps.store.fax, dictionary: deps.faxbackDictionary },
      radius.attributes,
      { name: radius.client.name, source: radius.remote.address },
      deps.now(),
    );
  } catch (err) {
    if (!isStoreFailure(err)) {
      reportInternalError(deps, 'accounting', err, { client: radius.client.name });
      return internalErrorSilence('acct:internal-error');
    }
    deps.metrics?.storeErrors.inc({ kind: 'accounting' });
    deps.errorLog.error('accounting', { err: err.message, client: radius.client.name }, 'cannot store fax accounting');
    return { silent: true, outcome: 'fax-acct:store-unavailable' };
  }
}

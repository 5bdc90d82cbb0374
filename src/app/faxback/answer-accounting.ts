// A FaxBack port server's Accounting-Request (accounting/fax.ts): answered only once the fax record
// is kept (FaxBack spec §4.2: a Stop is resent until answered, so silence loses nothing).
import { handleFaxAccounting } from '../../accounting/index.js';
import type { FaxbackClient } from '../../faxback/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { accountingNotKept } from '../failures.js';
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
    return accountingNotKept(deps, radius.client.name, err, 'fax-acct');
  }
}
